-- POST /customers/{reference}: a partial update of one of the seeded customers, with a first name no earlier
-- request of the thread sent, so every update changes a value (and writes a version and its history row).
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
  return wrk.format("POST", "/customers/seed-customer-" .. n, {
    ["Authorization"] = "Basic " .. os.getenv("BENCH_AUTH"),
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "first_name=Bench" .. tid .. "x" .. counter)
end
