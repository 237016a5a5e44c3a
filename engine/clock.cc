#include "engine/clock.h"

#include <chrono>

namespace tern::engine {

TimeMs RealClock::Now() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace tern::engine
