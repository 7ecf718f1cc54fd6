-- PUT /router/customer/{customer_id}: a Flowwise update of one of the seeded customers (created GLOBAL the Juspay
-- way), with a name no earlier request of the thread sent, so every update changes a value.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  counter = 0
end

local seeded = tonumber(os.getenv("BENCH_SEEDED"))

request = function()
  counter = counter + 1
  local n = math.random(1, seeded)
  local body = string.format('{"customer_id":"seed-customer-%d","scope":"GLOBAL","name":"Bench %d x %d"}',
    n, tid, counter)
  return wrk.format("PUT", "/router/customer/seed-customer-" .. n, {
    ["x-client-id"] = os.getenv("BENCH_CLIENT_ID"),
    ["x-client-secret"] = os.getenv("BENCH_CLIENT_SECRET"),
    ["Content-Type"] = "application/json",
  }, body)
end
