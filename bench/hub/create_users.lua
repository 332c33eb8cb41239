-- wrk script: each request creates a new user, POST <api>/users/<prefix>-<thread>-<n>.
-- Set the API path prefix and token through the environment: BENCH_API (e.g. /hub/api),
-- BENCH_TOKEN, BENCH_PREFIX (unique per run).
local counter = 0
local threads = 0
local id = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
function init(args)
  api = os.getenv("BENCH_API")
  token = os.getenv("BENCH_TOKEN")
  prefix = os.getenv("BENCH_PREFIX")
end
function request()
  counter = counter + 1
  local path = api .. "/users/" .. prefix .. "-" .. id .. "-" .. counter
  return wrk.format("POST", path, {["Authorization"] = "token " .. token}, "")
end
function done(summary, latency, requests)
  io.write(string.format("created=%d errors_status=%d\n", summary.requests, summary.errors.status))
end
