// Settings and counters of the asynchronous invocation model (triggers/async_dispatcher.h,
// docs/async.md). The defaults are Lambda's; tests shorten the delays.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace tern::triggers {

struct AsyncOptions {
  // Function errors: the first retry waits this long and the second twice as long (Lambda:
  // about 1 minute, then 2 minutes).
  std::chrono::milliseconds retry_base_delay{60000};
  // Throttles and service errors: the delay doubles from this up to throttle_max_delay
  // (Lambda: 1 second rising to 5 minutes), until the event is too old.
  std::chrono::milliseconds throttle_base_delay{1000};
  std::chrono::milliseconds throttle_max_delay{300000};
  // How long a dispatcher holds an event it is delivering before others may take it; renewed
  // every third of it while the function runs. A process killed mid-delivery has its events
  // delivered again (by itself after a restart, or by another process) once this passes.
  std::chrono::milliseconds lease{30000};
  // The longest the dispatcher sleeps without looking at the queue (events enqueued by other
  // processes, retries coming due). Enqueues in this process wake it at once.
  std::chrono::milliseconds poll_interval{500};
  // Events being delivered at once by one dispatcher (the async invoke queue's limit).
  size_t max_in_flight = 64;
  // false: this process only accepts events (durably) and delivers none; another process on
  // the same database that runs the function does (`tern invoke --invocation-type Event`
  // hands its event to a running `tern serve` this way).
  bool deliver = true;

  // Set from BusOptions by the bus.
  std::string region = "us-east-1";
  std::string account = "123456789012";
  int max_recursion_hops = 16;
};

// What a dispatcher has done since it started (/metrics; Lambda's Async* metrics).
struct AsyncStats {
  uint64_t accepted = 0;              // AsyncEventsReceived
  uint64_t invocations = 0;           // function invocations started
  uint64_t succeeded = 0;             // events whose function succeeded
  uint64_t retried = 0;               // attempts rescheduled after a function error
  uint64_t throttled = 0;             // attempts rescheduled after a throttle or service error
  uint64_t failed = 0;                // events given up (any failure condition)
  uint64_t dead_lettered = 0;         // ... of which went to the dead-letter list
  uint64_t destinations = 0;          // records delivered to a destination
  uint64_t destination_failures = 0;  // DestinationDeliveryFailures (the record went to the DLQ)
  uint64_t age_exceeded = 0;          // events too old (AsyncEventsDropped by age)
};

}  // namespace tern::triggers
