-- GET /customers/{reference} of one of the customers seeded before the run.
local seeded = tonumber(os.getenv("BENCH_SEEDED"))

request = function()
  local n = math.random(1, seeded)
  return wrk.format("GET", "/customers/seed-customer-" .. n, {
    ["Authorization"] = "Basic " .. os.getenv("BENCH_AUTH"),
  })
end
