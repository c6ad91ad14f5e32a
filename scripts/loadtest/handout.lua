-- wrk script: handout PDFs requested all along while the search load runs.
local bodies = {
  '{"sections": ["kratom-addiction#withdrawal", "kratom-addiction#detox"]}',
  '{"sections": ["kratom-addiction#treatment"], "profile": "large", "paper": "a4"}',
  '{"sections": ["kratom-addiction#signs-of-addiction", "kratom-addiction#getting-help"], "paper": "a4"}',
}
local n = 0

-- Each connection asks again 200 ms after an answer: ten handouts a second from two
-- connections, far more than a team of outreach workers prints.
function delay()
  return 200
end

function request()
  n = n + 1
  return wrk.format("POST", "/api/handout", { ["Content-Type"] = "application/json" }, bodies[(n % #bodies) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format(
    "RESULT handout requests=%d rps=%.1f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, errors))
end
