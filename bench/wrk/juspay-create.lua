-- POST /customers, each with a reference no other request of the run uses (per-thread prefix and counter).
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  prefix = string.format("bench-%d-%d-", os.time(), tid)
  counter = 0
end

request = function()
  counter = counter + 1
  local body = "object_reference_id=" .. prefix .. counter
    .. "&mobile_number=9876543210&first_name=Bench&last_name=Customer&email_address=bench%40example.com"
  return wrk.format("POST", "/customers", {
    ["Authorization"] = "Basic " .. os.getenv("BENCH_AUTH"),
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end
