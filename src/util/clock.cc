#include "cellar/clock.h"

#include <chrono>

namespace cellar {

int64_t SystemClock::NowMillis() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

const SystemClock* SystemClock::Default() {
  static const SystemClock* const kClock = new SystemClock();
  return kClock;
}

}  // namespace cellar
