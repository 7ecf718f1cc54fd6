-- GET /v1/customers/{reference} of one of the customers seeded before the run, with the canonical key.
local seeded = tonumber(os.getenv("BENCH_SEEDED"))

request = function()
  local n = math.random(1, seeded)
  return wrk.format("GET", "/v1/customers/seed-customer-" .. n, {
    ["Authorization"] = "Bearer " .. os.getenv("BENCH_CANONICAL_KEY"),
  })
end
