-- wrk script: /api/search with varied queries, the way phones send them (typos, lay words,
-- phrases, and the prefixes of search-as-you-type), some with a topic or a limit.
local queries = {
  "withdrawl symptoms", "withdrawal symptoms", "detox", "detox steps", "signs of addiction",
  "how do i know if my son is using", "rehab near me", "dope sick", "shaking", "tremors",
  "what is kratom", "side effects", "dependence", "relapse prevention", "lofexidine",
  "intervention", "treatment center locator", "therapy", "medication", "outlook",
  "\"mood swings\"", "addicton", "tremros", "treatm", "helping a loved one", "getting help",
  "is kratom safe", "how long does withdrawal last", "cravings", "anxiety",
  "w", "wi", "wit", "with", "withd", "withdr", "withdra", "withdraw",
  "s", "si", "sig", "sign", "signs", "signs o", "signs of", "signs of a",
}
local suffixes = { "", "", "", "", "", "&topic=treatment", "&limit=5", "&topic=detox&limit=3" }
local n = 0
-- COLD=1: every request misses the server's answer cache (leading spaces change the cache key,
-- not the search), to measure searching itself.
local cold = os.getenv("COLD") == "1"

function setup(thread)
  thread:set("offset", math.random(1, #queries))
end

local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  n = n + 1
  local q = queries[((n + (offset or 0)) % #queries) + 1]
  if cold then
    q = string.rep(" ", (n * 7 + (offset or 0)) % 149) .. q
  end
  local s = suffixes[(n % #suffixes) + 1]
  return wrk.format("GET", "/api/search?q=" .. encode(q) .. s)
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format(
    "RESULT search" .. (cold and " (cold)" or "") .. " requests=%d rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, errors))
end
