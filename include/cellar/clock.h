#pragma once

// Clock: where the store gets "now" for server-assigned timestamps and TTL. Injected so that tests
// of time-dependent behaviour never sleep. Implementations must be thread-safe.

#include <atomic>
#include <cstdint>

namespace cellar {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch.
  virtual int64_t NowMillis() const = 0;
};

// The wall clock. Thread-safe.
class SystemClock final : public Clock {
 public:
  int64_t NowMillis() const override;
  // A process-wide instance that lives forever.
  static const SystemClock* Default();
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t now_ms) : now_ms_(now_ms) {}
  int64_t NowMillis() const override { return now_ms_.load(std::memory_order_acquire); }
  void Set(int64_t now_ms) { now_ms_.store(now_ms, std::memory_order_release); }
  void Advance(int64_t delta_ms) { now_ms_.fetch_add(delta_ms, std::memory_order_acq_rel); }

 private:
  std::atomic<int64_t> now_ms_;
};

}  // namespace cellar
