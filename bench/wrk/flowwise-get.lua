-- GET /router/customer/{customer_id} of one of the customers seeded before the run.
local seeded = tonumber(os.getenv("BENCH_SEEDED"))

request = function()
  local n = math.random(1, seeded)
  return wrk.format("GET", "/router/customer/seed-customer-" .. n, {
    ["x-client-id"] = os.getenv("BENCH_CLIENT_ID"),
    ["x-client-secret"] = os.getenv("BENCH_CLIENT_SECRET"),
  })
end
