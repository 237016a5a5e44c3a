// AsyncDispatcher: accepting, leasing, invoking and retrying. Where records go once an event
// is done is in async_destinations.cc.
#include "triggers/async_dispatcher.h"

#include <algorithm>
#include <iostream>

#include "engine/clock.h"
#include "engine/uuid.h"
#include "workers/pool.h"

namespace tern::triggers {
namespace {

using std::chrono::milliseconds;

storage::TimeMs Now() { return engine::RealClock().Now(); }

constexpr int kDefaultMaxEventAgeSeconds = 21600;  // 6 hours, Lambda's default and maximum
constexpr int kDefaultMaxRetryAttempts = 2;
constexpr milliseconds kMinIdleWait{2};  // never spin when something is due but not leasable

std::string ReasonOf(const AttemptResponse& r) {
  std::string reason = r.error_type.empty() ? std::string("error") : r.error_type;
  if (!r.error_message.empty()) reason += ": " + r.error_message;
  return reason;
}

AsyncOptions OptionsFrom(const BusOptions& bus) {
  AsyncOptions o = bus.async;
  o.region = bus.region;
  o.account = bus.account;
  o.max_recursion_hops = bus.max_recursion_hops;
  if (o.max_in_flight == 0) o.max_in_flight = 1;
  return o;
}

}  // namespace

AsyncDispatcher::AsyncDispatcher(workers::Pool& pool, storage::Store& store,
                                 const BusOptions& options,
                                 const std::atomic<runtime::Runner*>& runner,
                                 std::atomic<uint64_t>& recursion_stops)
    : pool_(pool),
      store_(store),
      options_(OptionsFrom(options)),
      runner_(runner),
      recursion_stops_(recursion_stops) {
  if (options_.deliver) thread_ = std::thread([this] { Run(); });
}

AsyncDispatcher::~AsyncDispatcher() {
  std::unique_lock lock(mu_);
  stopping_ = true;
  cv_.notify_all();
  // Enqueue callbacks and pool callbacks refer to this object: wait for all of them.
  cv_.wait(lock, [&] { return pending_accepts_ == 0; });
  lock.unlock();
  if (thread_.joinable()) thread_.join();
}

void AsyncDispatcher::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void AsyncDispatcher::Accept(workers::InvokeRequest request, const project::FunctionSpec& spec,
                             std::string stop_condition,
                             std::function<void(FunctionResponse)> done) {
  storage::AsyncEventRecord event;
  event.request_id = request.request_id.empty() ? engine::NewUuid() : request.request_id;
  event.function_arn = spec.arn;
  event.payload = std::move(request.payload);
  event.trace_id = std::move(request.trace_id);
  event.accepted = Now();
  event.next_attempt = event.accepted;
  event.stop_condition = std::move(stop_condition);
  const std::string request_id = event.request_id;
  {
    std::lock_guard lock(mu_);
    ++pending_accepts_;
  }
  store_.EnqueueAsyncEvent(
      std::move(event), [this, request_id, done = std::move(done)](Result<int64_t, Status> stored) {
        FunctionResponse response;
        response.result.request_id = request_id;
        if (stored) {
          ++counters_.accepted;
          response.status_code = 202;
        } else {
          response.status_code = 500;
          response.result.status = workers::InvokeStatus::kServiceError;
          response.result.error_type = "ServiceException";
          response.result.error_message =
              "the event could not be stored: " + stored.error().message();
        }
        done(std::move(response));
        {
          std::lock_guard lock(mu_);
          --pending_accepts_;
          woken_ = true;
        }
        cv_.notify_all();
      });
}

AsyncStats AsyncDispatcher::stats() const {
  AsyncStats s;
  s.accepted = counters_.accepted;
  s.invocations = counters_.invocations;
  s.succeeded = counters_.succeeded;
  s.retried = counters_.retried;
  s.throttled = counters_.throttled;
  s.failed = counters_.failed;
  s.dead_lettered = counters_.dead_lettered;
  s.destinations = counters_.destinations;
  s.destination_failures = counters_.destination_failures;
  s.age_exceeded = counters_.age_exceeded;
  return s;
}

std::optional<project::EventInvokeConfig> AsyncDispatcher::ConfigOf(
    const std::string& function_arn) const {
  auto spec = pool_.GetFunction(function_arn);
  if (!spec) return std::nullopt;
  return spec->event_invoke_config.value_or(project::EventInvokeConfig{});
}

void AsyncDispatcher::Run() {
  const milliseconds renew_every = std::max(options_.lease / 3, milliseconds(1));
  storage::TimeMs last_renew = Now();
  std::unique_lock lock(mu_);
  for (;;) {
    while (!outcomes_.empty() && !stopping_) {
      Outcome o = std::move(outcomes_.front());
      outcomes_.pop_front();
      lock.unlock();
      const int64_t id = o.event.id;
      Finish(std::move(o));
      lock.lock();
      in_flight_.erase(id);
    }
    if (stopping_) break;
    const size_t free =
        options_.max_in_flight > in_flight_.size() ? options_.max_in_flight - in_flight_.size() : 0;
    woken_ = false;
    lock.unlock();

    // Only events of functions this process runs: other tern processes on the same database
    // deliver theirs.
    std::vector<std::string> functions;
    for (const std::string& name : pool_.ListFunctions()) {
      if (auto spec = pool_.GetFunction(name)) functions.push_back(spec->arn);
    }
    storage::TimeMs now = Now();
    size_t leased_count = 0;
    if (free > 0 && !functions.empty()) {
      auto leased = store_.LeaseDueAsyncEvents(now, free, now + options_.lease.count(), functions);
      if (!leased) {
        std::cerr << "tern: async dispatcher: " << leased.error().message() << "\n";
      } else {
        leased_count = leased->size();
        for (storage::AsyncEventRecord& e : *leased) Deliver(std::move(e));
      }
    }
    now = Now();
    std::vector<int64_t> held;
    if (now - last_renew >= renew_every.count()) {
      {
        std::lock_guard held_lock(mu_);
        held.assign(in_flight_.begin(), in_flight_.end());
      }
      if (Status s = store_.RenewAsyncEventLeases(held, now + options_.lease.count()); !s.ok()) {
        std::cerr << "tern: async dispatcher: " << s.message() << "\n";
      }
      last_renew = now;
    }
    // Sleep until the next event is due, something is accepted or finishes, or a lease needs
    // renewing; not at all when the batch was full (more may be waiting).
    milliseconds wait = std::min(options_.poll_interval, renew_every);
    if (!functions.empty()) {
      if (auto next = store_.NextAsyncEventDue(functions); next && *next) {
        wait = std::min(wait, milliseconds(std::max<storage::TimeMs>(**next - now, 0)));
      }
    }
    wait = free > 0 && leased_count == free ? milliseconds(0) : std::max(wait, kMinIdleWait);

    lock.lock();
    cv_.wait_for(lock, wait, [&] { return stopping_ || woken_ || !outcomes_.empty(); });
  }
  // Stopping: results still coming are dropped; those events are delivered again after their
  // lease expires (at-least-once).
  for (const Outcome& o : outcomes_) in_flight_.erase(o.event.id);
  outcomes_.clear();
  cv_.wait(lock, [&] { return in_flight_.empty(); });
}

void AsyncDispatcher::Deliver(storage::AsyncEventRecord event) {
  const storage::TimeMs now = Now();
  if (!event.stop_condition.empty()) {
    std::string reason =
        event.stop_condition == kConditionRecursion
            ? "RecursiveInvocationException: the chain invoked this function more than " +
                  std::to_string(options_.max_recursion_hops) +
                  " times (RecursiveLoop: Terminate); the event was not delivered"
            : "the event was not delivered: " + event.stop_condition;
    return GiveUp(event, event.stop_condition, reason, std::nullopt);
  }
  std::optional<project::FunctionSpec> spec = pool_.GetFunction(event.function_arn);
  if (!spec) {
    // Not a function of this process (several tern processes may share a database): left to
    // the processes that run it, and given up only once no one has for the longest age.
    if (now - event.accepted > int64_t{kDefaultMaxEventAgeSeconds} * 1000) {
      ++counters_.age_exceeded;
      return GiveUp(event, kConditionEventAgeExceeded,
                    "ResourceNotFoundException: no tern process ran " + event.function_arn,
                    DecodeResponse(event.last_response));
    }
    event.next_attempt = now + options_.lease.count();
    if (Status s = store_.RescheduleAsyncEvent(event); !s.ok()) {
      std::cerr << "tern: async dispatcher: " << s.message() << "\n";
    }
    return;
  }
  const project::EventInvokeConfig config =
      spec->event_invoke_config.value_or(project::EventInvokeConfig{});
  if (now - event.accepted > int64_t{config.maximum_event_age_seconds} * 1000) {
    ++counters_.age_exceeded;
    return GiveUp(event, kConditionEventAgeExceeded,
                  "the event was older than MaximumEventAgeInSeconds (" +
                      std::to_string(config.maximum_event_age_seconds) + ")",
                  DecodeResponse(event.last_response));
  }
  if (spec->reserved_concurrency && *spec->reserved_concurrency == 0) {
    return GiveUp(event, kConditionZeroReservedConcurrency,
                  "the function's reserved concurrency is 0", std::nullopt);
  }
  {
    std::lock_guard lock(mu_);
    if (!in_flight_.insert(event.id).second) return;  // ours already (a renewed lease raced)
  }
  ++counters_.invocations;
  workers::InvokeRequest request;
  request.function = spec->name;
  request.payload = event.payload;
  request.request_id = event.request_id;
  request.trace_id = event.trace_id;
  pool_.Invoke(std::move(request), [this, event](workers::InvokeResult result) mutable {
    {
      std::lock_guard lock(mu_);
      if (stopping_) {
        in_flight_.erase(event.id);
      } else {
        outcomes_.push_back({std::move(event), std::move(result)});
      }
    }
    cv_.notify_all();
  });
}

void AsyncDispatcher::Finish(Outcome o) {
  storage::AsyncEventRecord& event = o.event;
  const workers::InvokeResult& result = o.result;
  if (result.ok()) return Succeed(event, ResponseOf(result));

  const storage::TimeMs now = Now();
  auto config = ConfigOf(event.function_arn).value_or(project::EventInvokeConfig{});
  const int max_retries = std::clamp(config.maximum_retry_attempts, 0, kDefaultMaxRetryAttempts);
  const int64_t max_age_ms =
      int64_t{config.maximum_event_age_seconds > 0 ? config.maximum_event_age_seconds
                                                   : kDefaultMaxEventAgeSeconds} *
      1000;
  AttemptResponse response = ResponseOf(result);
  event.last_response = EncodeResponse(response);

  switch (result.status) {
    case workers::InvokeStatus::kThrottled:
    case workers::InvokeStatus::kServiceError: {
      // Throttles do not count as attempts: retried with backoff until the event is too old.
      ++event.throttles;
      int64_t delay = options_.throttle_base_delay.count();
      for (int i = 1; i < event.throttles && delay < options_.throttle_max_delay.count(); ++i) {
        delay *= 2;
      }
      delay = std::min<int64_t>(delay, options_.throttle_max_delay.count());
      event.next_attempt = now + delay;
      if (event.next_attempt - event.accepted > max_age_ms) {
        ++counters_.age_exceeded;
        return GiveUp(event, kConditionEventAgeExceeded,
                      "throttled until older than MaximumEventAgeInSeconds: " + ReasonOf(response),
                      response);
      }
      ++counters_.throttled;
      break;
    }
    case workers::InvokeStatus::kNotFound:
    case workers::InvokeStatus::kInvalidRequest:
      // Not worth retrying: the same request fails the same way.
      ++event.attempts;
      return GiveUp(event, kConditionRetriesExhausted, ReasonOf(response), response);
    default: {
      // The function ran and failed (error, timeout, crash, out of memory).
      ++event.attempts;
      if (event.attempts > max_retries) {
        return GiveUp(event, kConditionRetriesExhausted, ReasonOf(response), response);
      }
      int64_t delay = options_.retry_base_delay.count() << (event.attempts - 1);
      event.next_attempt = now + delay;
      if (event.next_attempt - event.accepted > max_age_ms) {
        ++counters_.age_exceeded;
        return GiveUp(event, kConditionEventAgeExceeded,
                      "too old for another attempt: " + ReasonOf(response), response);
      }
      ++counters_.retried;
      break;
    }
  }
  if (Status s = store_.RescheduleAsyncEvent(event); !s.ok() && s.code() != StatusCode::kNotFound) {
    // The lease runs out and the event is delivered again: at-least-once.
    std::cerr << "tern: async dispatcher: " << s.message() << "\n";
  }
}

void AsyncDispatcher::Succeed(const storage::AsyncEventRecord& event,
                              const AttemptResponse& response) {
  ++counters_.succeeded;
  auto config = ConfigOf(event.function_arn).value_or(project::EventInvokeConfig{});
  Json record = InvocationRecord(event, kConditionSuccess, event.attempts + 1, response, Now());
  Complete(event, record, config.on_success, false, kConditionSuccess, "");
}

void AsyncDispatcher::GiveUp(const storage::AsyncEventRecord& event, std::string_view condition,
                             const std::string& reason,
                             const std::optional<AttemptResponse>& response) {
  ++counters_.failed;
  auto config = ConfigOf(event.function_arn).value_or(project::EventInvokeConfig{});
  Json record = InvocationRecord(event, condition, event.attempts, response, Now());
  Complete(event, record, config.on_failure, true, condition, reason);
}

}  // namespace tern::triggers
