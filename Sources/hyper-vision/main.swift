print("hyper-vision")
