// placeholder until the session layer lands
