// One execution environment (a runtime process and its Runtime API endpoint) and one
// invocation in flight. Plain data owned by the pool; the pool's I/O thread is the only one that
// touches them.
//
// Lifetime: shared_ptr, because the environment's asynchronous operations (output reads, the
// exit watch, timers, a held /next reply) each keep it alive until they complete; the pool drops
// its own reference once the process has been reaped.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "workers/detail/child_process.h"
#include "workers/detail/function_log.h"
#include "workers/detail/runtime_api_server.h"
#include "workers/invoke.h"

namespace tern::workers::detail {

using SteadyTime = std::chrono::steady_clock::time_point;

struct Invocation {
  InvokeRequest request;
  std::function<void(InvokeResult)> done;
  std::string invoked_arn;
  bool counted_unreserved = false;  // which concurrency pool it was counted in
  SteadyTime dispatched{};
  bool cold = false;
  std::optional<double> init_ms;
  TailBuffer tail;
};

enum class EnvState {
  kStarting,   // INIT: spawned, its first /next has not arrived
  kIdle,       // warm: holds a /next reply, no invocation
  kBusy,       // an invocation was handed out through /next
  kReturning,  // answered; its next /next has not arrived yet
  kStopping,   // killed (timeout, OOM, retired, reaped); waiting for the exit
};

struct Environment {
  Environment(boost::asio::io_context& io, uint64_t env_id)
      : id(env_id), timer(io), output(io), exit_watch(io) {}

  uint64_t id;
  std::string function;
  uint64_t generation = 0;
  bool provisioned = false;
  EnvState state = EnvState::kStarting;
  ChildProcess process;
  std::unique_ptr<RuntimeApiServer> server;
  // One timer for the current phase: INIT limit, invocation deadline, or idle reaping.
  boost::asio::steady_timer timer;
  uint64_t timer_seq = 0;  // a handler of an older arming finds a newer value and does nothing
  boost::asio::posix::stream_descriptor output;
  boost::asio::posix::stream_descriptor exit_watch;  // the pidfd
  std::array<char, 64 * 1024> buffer{};
  std::optional<ApiReply> next_reply;
  std::unique_ptr<Invocation> current;
  SteadyTime spawned{};
  SteadyTime last_used{};
  double init_ms = 0;
  bool served_any = false;
  // Why it is stopping, for the error reported to a waiting invocation.
  bool init_timed_out = false;
  bool out_of_memory = false;
  std::string init_error_type;  // from /init/error
  std::string init_error_body;
};

}  // namespace tern::workers::detail
