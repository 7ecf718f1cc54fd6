-- GET /health/live: the server's own floor, no database.
request = function()
  return wrk.format("GET", "/health/live")
end
