// Result<T, E>: a value or an error, with std::expected's member names so that moving to
// C++23 is a type alias. Used wherever failure is expected (see STYLE.md, "Error model").
#pragma once

#include <cstdlib>
#include <utility>
#include <variant>

#include "common/status.h"

namespace tern {

template <typename E>
class Unexpected {
 public:
  explicit Unexpected(E error) : error_(std::move(error)) {}
  E& error() & { return error_; }
  E&& error() && { return std::move(error_); }

 private:
  E error_;
};

template <typename E>
Unexpected(E) -> Unexpected<E>;

template <typename T, typename E = Status>
class Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  Result(Unexpected<E> error) : v_(std::in_place_index<1>, std::move(error).error()) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return Check(), std::get<0>(v_); }
  const T& value() const& { return Check(), std::get<0>(v_); }
  T&& value() && { return Check(), std::move(std::get<0>(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const E& error() const& { return std::get<1>(v_); }
  E&& error() && { return std::move(std::get<1>(v_)); }

 private:
  void Check() const {
    if (!has_value()) std::abort();  // a bug: the caller did not look at has_value()
  }
  std::variant<T, E> v_;
};

}  // namespace tern
