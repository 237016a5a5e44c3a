// AsyncDispatcher::Complete: where an async event's invocation record goes (docs/async.md,
// "Destinations"), written in the same transaction that deletes the event:
//   arn:aws:lambda:...:function:NAME  an Event invocation of that function (the chain's lineage
//                                     carried on and counted: loops through destinations stop);
//   arn:aws:sqs:REGION:ACCOUNT:NAME   a message in tern's built-in queue of that name;
//   arn:aws:states:...:stateMachine:N an execution of that machine, named after the request so
//                                     that a repeated delivery (after a crash) starts nothing new.
// A failure with no OnFailure destination, or a record a destination cannot take, goes to the
// dead-letter list.
#include <iostream>

#include "common/json_text.h"
#include "engine/clock.h"
#include "engine/uuid.h"
#include "runtime/runner.h"
#include "triggers/async_dispatcher.h"
#include "triggers/trace_header.h"
#include "workers/pool.h"

namespace tern::triggers {
namespace {

bool IsQueueArn(const std::string& arn) { return arn.rfind("arn:aws:sqs:", 0) == 0; }
bool IsFunctionArn(const std::string& arn) {
  return arn.rfind("arn:aws:lambda:", 0) == 0 && arn.find(":function:") != std::string::npos;
}
bool IsStateMachineArn(const std::string& arn) {
  return arn.rfind("arn:aws:states:", 0) == 0 && arn.find(":stateMachine:") != std::string::npos;
}

}  // namespace

void AsyncDispatcher::Complete(const storage::AsyncEventRecord& event, const Json& record,
                               const std::optional<project::Destination>& destination, bool failure,
                               std::string_view condition, const std::string& reason) {
  const storage::TimeMs now = engine::RealClock().Now();
  storage::AsyncCompletion completion;
  completion.event_id = event.id;
  std::string undeliverable;  // why the destination could not take the record
  const std::string body = DumpCompact(record);

  if (destination) {
    const std::string& arn = destination->arn;
    if (IsQueueArn(arn)) {
      completion.messages.push_back({0, arn, body, event.trace_id, now});
    } else if (IsFunctionArn(arn)) {
      std::optional<project::FunctionSpec> target = pool_.GetFunction(arn);
      if (!target) {
        undeliverable = "destination function not found: " + arn;
      } else {
        storage::AsyncEventRecord next;
        next.request_id = engine::NewUuid();
        next.function_arn = target->arn;
        next.payload = body;
        next.accepted = now;
        next.next_attempt = now;
        TraceHeader trace = TraceHeader::Parse(event.trace_id);
        if (trace.Hops(target->arn) >= options_.max_recursion_hops &&
            !target->recursive_loop_allow) {
          ++recursion_stops_;
          next.stop_condition = std::string(kConditionRecursion);
          std::cerr << "tern: stopped a recursive loop: " << target->name << " was invoked "
                    << options_.max_recursion_hops << " times by the chain Root=" << trace.root()
                    << " (through an async destination; RecursiveLoop: Terminate)\n";
        } else {
          trace.Count(target->arn);
        }
        next.trace_id = trace.ToString();
        completion.enqueue.push_back(std::move(next));
      }
    } else if (IsStateMachineArn(arn)) {
      runtime::Runner* runner = runner_.load();
      if (runner == nullptr) {
        undeliverable = "state machine destinations need a runner (tern serve, or --db): " + arn;
      } else if (auto machine = store_.GetStateMachine(arn); !machine) {
        undeliverable = "destination state machine: " + machine.error().message();
      } else {
        const std::string name = event.request_id + (failure ? "-failure" : "-success");
        auto started = runner->StartExecution(*machine, name, body, true, event.trace_id);
        // AlreadyExists: a delivery before a crash started it already.
        if (!started && started.error().code() != StatusCode::kAlreadyExists) {
          undeliverable = "destination state machine: " + started.error().message();
        }
      }
    } else {
      undeliverable =
          "tern delivers to function, state machine and arn:aws:sqs: destinations, "
          "not " +
          arn;
    }
    if (undeliverable.empty()) {
      ++counters_.destinations;
    } else {
      ++counters_.destination_failures;
      std::cerr << "tern: async " << (failure ? "OnFailure" : "OnSuccess")
                << " destination failed for request " << event.request_id << ": " << undeliverable
                << "\n";
      completion.enqueue.clear();
      completion.messages.clear();
    }
  }

  // Failures with nowhere to go, and records a destination could not take (a success record
  // then is marked DestinationDeliveryFailed), are kept in the dead-letter list.
  if ((failure && !destination) || !undeliverable.empty()) {
    storage::DeadLetterRecord letter;
    letter.request_id = event.request_id;
    letter.function_arn = event.function_arn;
    letter.payload = event.payload;
    letter.trace_id = event.trace_id;
    letter.condition = failure ? std::string(condition) : "DestinationDeliveryFailed";
    letter.reason = undeliverable.empty() ? reason
                    : failure             ? reason + "; " + undeliverable
                                          : undeliverable;
    letter.record = body;
    letter.attempts = event.attempts;
    letter.accepted = event.accepted;
    letter.failed = now;
    completion.dead_letter = std::move(letter);
    ++counters_.dead_lettered;
  }

  if (Status s = store_.CompleteAsyncEvent(completion);
      !s.ok() && s.code() != StatusCode::kNotFound) {
    // The event stays queued; its lease runs out and it is delivered again: at-least-once.
    std::cerr << "tern: async dispatcher: " << s.message() << "\n";
  }
}

}  // namespace tern::triggers
