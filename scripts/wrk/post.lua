-- wrk: POST the body in env WRK_BODY to the URL's path (a query, a search, a new document).
wrk.method = "POST"
wrk.body = os.getenv("WRK_BODY")
wrk.headers["Content-Type"] = "application/json"
