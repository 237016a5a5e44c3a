// Status: the outcome of an operation that can fail in an expected way (leveldb's shape).
//
// OK costs one null pointer; errors carry a code from a closed enum and a message. Bugs are not
// Statuses: they are assertions.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace tern {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller's input is wrong (bad definition, bad JSON, bad flag)
  kNotFound,         // a named thing does not exist (file, execution, function)
  kAlreadyExists,    // a named thing exists and must not be created again
  kFailedPrecondition,
  kResourceExhausted,  // a limit was reached (payload size, history size, queue)
  kIoError,            // the file system or a socket failed
  kInternal,           // an unexpected exception was caught at a module boundary
};

std::string_view StatusCodeName(StatusCode code);

class Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message);

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return {StatusCode::kInvalidArgument, std::move(msg)};
  }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status AlreadyExists(std::string msg) {
    return {StatusCode::kAlreadyExists, std::move(msg)};
  }
  static Status ResourceExhausted(std::string msg) {
    return {StatusCode::kResourceExhausted, std::move(msg)};
  }
  static Status IoError(std::string msg) { return {StatusCode::kIoError, std::move(msg)}; }
  static Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  const std::string& message() const;
  // "NotFound: no such file" (or "OK").
  std::string ToString() const;

 private:
  struct State {
    StatusCode code;
    std::string message;
  };
  std::shared_ptr<const State> state_;  // null when OK; shared so copies are cheap
};

}  // namespace tern
