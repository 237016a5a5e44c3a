#include "asl/jsonata/stack_bounds.h"

#include <pthread.h>

namespace tern::asl::jsonata {

const StackBounds& ThreadStackBounds() {
  thread_local const StackBounds bounds = [] {
    StackBounds b;
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return b;
    void* low = nullptr;
    size_t size = 0;
    if (pthread_attr_getstack(&attr, &low, &size) == 0) {
      b.low = static_cast<const char*>(low);
      b.high = b.low + size;
    }
    pthread_attr_destroy(&attr);
    return b;
  }();
  return bounds;
}

}  // namespace tern::asl::jsonata
