-- wrk: print one machine-readable line with the rate and latency percentiles (ms).
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("wrk rps=%.0f p50_ms=%.3f p99_ms=%.3f errors=%d non2xx=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
