-- POST /airpay/ms/cards/api/update-customer: Airpay updates of the seeded customers, read round-robin from a pool
-- the shell precomputed (wrk's Lua has no SHA-256): each line of $BENCH_AIRPAY_POOL is "form-body<TAB>checksum".
-- Header token: $BENCH_AIRPAY_TOKEN.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  pool = {}
  for line in io.lines(os.getenv("BENCH_AIRPAY_POOL")) do
    local body, checksum = line:match("^([^\t]+)\t(%x+)$")
    pool[#pool + 1] = { body = body, checksum = checksum }
  end
  next_index = (tid * 997) % #pool
end

request = function()
  next_index = next_index % #pool + 1
  local entry = pool[next_index]
  return wrk.format("POST", "/airpay/ms/cards/api/update-customer", {
    ["token"] = os.getenv("BENCH_AIRPAY_TOKEN"),
    ["checksum"] = entry.checksum,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, entry.body)
end
