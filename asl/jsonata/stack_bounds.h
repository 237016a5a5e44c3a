// The calling thread's stack, for the guards that turn runaway recursion into U1001.
#pragma once

#include <cstddef>

namespace tern::asl::jsonata {

struct StackBounds {
  const char* low = nullptr;   // lowest usable address; null when unknown
  const char* high = nullptr;  // one past the highest
  bool Contains(const char* p) const { return low != nullptr && p >= low && p < high; }
};

// Looked up once per thread (glibc reads /proc/self/maps for the main thread, which costs more
// than a whole simple evaluation) and cached.
const StackBounds& ThreadStackBounds();

}  // namespace tern::asl::jsonata
