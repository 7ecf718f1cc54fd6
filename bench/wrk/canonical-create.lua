-- POST /v1/customers, each with a reference no other request of the run uses (per-thread prefix and counter),
-- the same values as juspay-create.lua in the canonical shape.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  prefix = string.format("bench-canonical-%d-%d-", os.time(), tid)
  counter = 0
end

request = function()
  counter = counter + 1
  local body = '{"reference":"' .. prefix .. counter .. '","first_name":"Bench","last_name":"Customer",'
    .. '"email":"bench@example.com","phone":"+919876543210"}'
  return wrk.format("POST", "/v1/customers", {
    ["Authorization"] = "Bearer " .. os.getenv("BENCH_CANONICAL_KEY"),
    ["Content-Type"] = "application/json",
  }, body)
end
