#include "triggers/stream_mapping.h"

#include <algorithm>
#include <deque>
#include <iostream>

#include "engine/uuid.h"

namespace tern::triggers {

struct StreamMapping::Pending {
  size_t begin = 0;
  size_t end = 0;
  int retries = 0;  // failed attempts of this (sub)batch; splits start again at 0
};

StreamMapping::StreamMapping(StreamMappingConfig config, storage::StreamStore& store,
                             BatchTarget target, FailureSink on_failure, engine::Clock& clock)
    : config_(std::move(config)),
      store_(store),
      target_(std::move(target)),
      on_failure_(std::move(on_failure)),
      clock_(clock) {
  event_context_.stream_arn = config_.stream_arn;
  event_context_.region = config_.region;
  event_context_.invoke_identity_arn = config_.invoke_identity_arn;
}

StreamMapping::~StreamMapping() { Stop(); }

Status StreamMapping::Start() {
  if (!config_.enabled || running()) return Status::Ok();
  if (config_.batch_size < 1 || config_.parallelization_factor < 1) {
    return Status::InvalidArgument("mapping " + config_.id +
                                   ": BatchSize and ParallelizationFactor must be positive");
  }
  auto info = store_.GetStream(config_.stream);
  if (!info) return info.error();
  // The first start fixes where the mapping begins, durably: a restart resumes from the
  // checkpoint, so LATEST means "latest when the mapping was first started".
  for (int shard = 0; shard < info->shard_count; ++shard) {
    auto checkpoint = store_.GetCheckpoint(config_.id, shard);
    if (!checkpoint) return checkpoint.error();
    if (*checkpoint) continue;
    Result<int64_t, Status> start = int64_t{0};
    if (config_.starting_position == StartingPosition::kLatest) {
      start = store_.LastSequence(config_.stream, shard);
    } else if (config_.starting_position == StartingPosition::kAtTimestamp) {
      start = store_.SequenceBefore(config_.stream, shard, config_.starting_timestamp_ms);
    }
    if (!start) return start.error();
    if (Status s = store_.SetCheckpoint(config_.id, config_.stream, shard, *start, clock_.Now());
        !s.ok()) {
      return s;
    }
  }
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  for (int shard = 0; shard < info->shard_count; ++shard) {
    threads_.emplace_back([this, shard] { PollShard(shard); });
  }
  return Status::Ok();
}

void StreamMapping::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

void StreamMapping::Notify() {
  {
    std::lock_guard lock(mu_);
    ++notifications_;
  }
  wake_.notify_all();
}

bool StreamMapping::WaitFor(int64_t ms) {
  std::unique_lock lock(mu_);
  uint64_t seen = notifications_;
  wake_.wait_for(lock, std::chrono::milliseconds(std::max<int64_t>(ms, 0)),
                 [&] { return stopping_ || notifications_ != seen; });
  return !stopping_;
}

void StreamMapping::Checkpoint(int shard, int64_t sequence) {
  // A failed checkpoint write is retried with the next batch; until then a restart redelivers.
  if (Status s = store_.SetCheckpoint(config_.id, config_.stream, shard, sequence, clock_.Now());
      !s.ok()) {
    std::cerr << "tern: mapping " << config_.id << ": checkpoint of shard " << shard
              << " not saved: " << s.message() << "\n";
  }
}

void StreamMapping::GiveUp(const std::vector<storage::StreamRecord>& records, size_t begin,
                           size_t end, const std::string& condition, const BatchOutcome& last,
                           int invokes) {
  BatchFailureInfo info;
  info.condition = condition;
  info.request_id = last.request_id.empty() ? engine::NewUuid() : last.request_id;
  info.function_arn = config_.target_arn;
  info.approximate_invoke_count = invokes;
  info.function_error = last.function_error;
  info.status_code = last.status_code;
  info.stream_arn = config_.stream_arn;
  info.now_ms = clock_.Now();
  stats_.records_discarded += end - begin;
  if (on_failure_) on_failure_(BatchFailureRecord(info, records, begin, end));
}

bool StreamMapping::Deliver(const std::vector<storage::StreamRecord>& records, int shard,
                            bool checkpoint_each) {
  std::deque<Pending> pending;
  const size_t batch = static_cast<size_t>(config_.batch_size);
  for (size_t i = 0; i < records.size(); i += batch) {
    pending.push_back({i, std::min(records.size(), i + batch), 0});
  }
  int64_t backoff = config_.retry_backoff_min_ms;
  int invokes = 0;  // of the batch at the front (for failure records)
  BatchOutcome last;
  auto acknowledge = [&](size_t begin, size_t end) {
    stats_.records_acknowledged += end - begin;
    if (checkpoint_each && end > begin) Checkpoint(shard, records[end - 1].sequence);
  };
  while (!pending.empty()) {
    Pending& p = pending.front();
    if (config_.maximum_record_age_seconds >= 0) {
      const int64_t limit = clock_.Now() - int64_t{config_.maximum_record_age_seconds} * 1000;
      size_t old_end = p.begin;
      while (old_end < p.end && records[old_end].arrival < limit) ++old_end;
      if (old_end > p.begin) {
        GiveUp(records, p.begin, old_end, "RecordAgeExceeded", last, invokes);
        if (checkpoint_each) Checkpoint(shard, records[old_end - 1].sequence);
        p.begin = old_end;
        if (p.begin == p.end) {
          pending.pop_front();
          invokes = 0;
          continue;
        }
      }
    }
    {
      std::lock_guard lock(mu_);
      if (stopping_) return false;
    }
    std::string event = KinesisEvent(event_context_, records, p.begin, p.end);
    last = target_(event, records[p.begin].trace_id);
    ++invokes;
    ++stats_.invocations;
    bool failed = false;
    if (last.kind == BatchOutcome::Kind::kStopped) {
      GiveUp(records, p.begin, p.end, "RecursiveInvocationDetected", last, invokes);
      if (checkpoint_each) Checkpoint(shard, records[p.end - 1].sequence);
      pending.pop_front();
      invokes = 0;
      continue;
    }
    if (last.kind == BatchOutcome::Kind::kSuccess) {
      std::optional<int64_t> first_failed;
      if (config_.report_batch_item_failures) {
        first_failed = FirstFailedRecord(last.payload, records, p.begin, p.end);
      }
      if (!first_failed) {
        acknowledge(p.begin, p.end);
        pending.pop_front();
        invokes = 0;
        backoff = config_.retry_backoff_min_ms;
        continue;
      }
      if (*first_failed >= 0) {
        // Checkpoint just before the lowest failed record; retry from there.
        acknowledge(p.begin, static_cast<size_t>(*first_failed));
        p.begin = static_cast<size_t>(*first_failed);
      }
      failed = true;
    } else if (last.kind == BatchOutcome::Kind::kFunctionError) {
      ++stats_.function_errors;
      failed = true;
    }
    if (failed) {
      if (config_.bisect_batch_on_function_error && p.end - p.begin > 1 &&
          last.kind == BatchOutcome::Kind::kFunctionError) {
        size_t mid = p.begin + (p.end - p.begin) / 2;
        Pending second{mid, p.end, 0};
        p.end = mid;
        p.retries = 0;
        pending.insert(pending.begin() + 1, second);
        continue;
      }
      ++p.retries;
      if (config_.maximum_retry_attempts >= 0 && p.retries > config_.maximum_retry_attempts) {
        GiveUp(records, p.begin, p.end, "RetryAttemptsExhausted", last, invokes);
        if (checkpoint_each) Checkpoint(shard, records[p.end - 1].sequence);
        pending.pop_front();
        invokes = 0;
        backoff = config_.retry_backoff_min_ms;
        continue;
      }
    }
    if (!WaitFor(backoff)) return false;
    backoff = std::min<int64_t>(backoff * 2, config_.retry_backoff_max_ms);
  }
  return true;
}

void StreamMapping::PollShard(int shard) {
  int64_t position = -1;
  const size_t chunk =
      static_cast<size_t>(config_.batch_size) * static_cast<size_t>(config_.parallelization_factor);
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    if (position < 0) {
      auto checkpoint = store_.GetCheckpoint(config_.id, shard);
      if (!checkpoint) {
        std::cerr << "tern: mapping " << config_.id << ": " << checkpoint.error().message() << "\n";
        WaitFor(config_.retry_backoff_max_ms);
        continue;
      }
      position = checkpoint->value_or(0);
    }
    auto records = store_.ReadShard(config_.stream, shard, position, chunk);
    if (!records) {
      std::cerr << "tern: mapping " << config_.id << ": " << records.error().message() << "\n";
      WaitFor(config_.retry_backoff_max_ms);
      continue;
    }
    if (records->empty()) {
      WaitFor(config_.poll_interval_ms);
      continue;
    }
    if (records->size() < chunk && config_.maximum_batching_window_ms > 0) {
      // Batching window: wait for a full batch, at most the window from the first record seen.
      const int64_t deadline = clock_.Now() + config_.maximum_batching_window_ms;
      while (records->size() < chunk) {
        int64_t left = deadline - clock_.Now();
        if (left <= 0 || !WaitFor(std::min<int64_t>(left, config_.poll_interval_ms))) break;
        auto more = store_.ReadShard(config_.stream, shard, position, chunk);
        if (more) records = std::move(more);
      }
    }
    const int64_t end = records->back().sequence;
    if (config_.parallelization_factor <= 1) {
      if (!Deliver(*records, shard, /*checkpoint_each=*/true)) return;
    } else {
      // Lanes by partition key: one key's records keep their order within one lane.
      const size_t lanes = static_cast<size_t>(config_.parallelization_factor);
      std::vector<std::vector<storage::StreamRecord>> lane(lanes);
      for (storage::StreamRecord& r : *records) {
        lane[std::hash<std::string>{}(r.partition_key) % lanes].push_back(std::move(r));
      }
      std::vector<char> done(lanes, 0);
      std::vector<std::thread> workers;
      for (size_t i = 1; i < lanes; ++i) {
        if (lane[i].empty()) {
          done[i] = 1;
          continue;
        }
        workers.emplace_back([&, i] { done[i] = Deliver(lane[i], shard, false) ? 1 : 0; });
      }
      done[0] = lane[0].empty() || Deliver(lane[0], shard, false) ? 1 : 0;
      for (std::thread& t : workers) t.join();
      if (std::find(done.begin(), done.end(), 0) != done.end()) return;  // stopped mid-chunk
      Checkpoint(shard, end);
    }
    position = end;
  }
}

}  // namespace tern::triggers
