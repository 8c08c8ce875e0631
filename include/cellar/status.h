#pragma once

// Status and Result<T>: Cellar's errors are values, never exceptions.
//
// A Status is either OK or carries a canonical code and a message that says what was wrong, where,
// and what to do. Result<T> holds either a T or a non-OK Status. Both are cheap to move and are
// thread-compatible (no internal synchronisation).
//
// An OK Status is one null pointer: building, moving, testing and destroying it costs a few
// instructions, which matters on per-row and per-cell paths. Only an error allocates its code and
// message (as RocksDB's and Abseil's Status do).

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace cellar {

// Canonical error codes, as in Abseil and Kudu.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the caller passed something malformed
  kNotFound,            // a table, family, namespace, scanner... does not exist
  kAlreadyExists,       // creating something that exists
  kFailedPrecondition,  // the system is not in the state the call needs (e.g. table enabled)
  kUnavailable,         // transient: a server is down, a lock is held elsewhere; retrying may help
  kDataLoss,            // stored data is corrupt or truncated
  kInternal,            // a bug or an unexpected failure underneath
};

// Returns "OK", "InvalidArgument", ... for "code".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() noexcept = default;  // OK
  // An error with "code" and "message"; a "code" of kOk gives OK (and drops "message").
  Status(StatusCode code, std::string message)
      : state_(code == StatusCode::kOk ? nullptr
                                       : std::make_unique<State>(code, std::move(message))) {}

  Status(const Status& other) : state_(CopyState(other)) {}
  Status& operator=(const Status& other) {
    if (this != &other) state_ = CopyState(other);
    return *this;
  }
  Status(Status&& other) noexcept = default;
  Status& operator=(Status&& other) noexcept = default;
  ~Status() = default;

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status FailedPrecondition(std::string m) {
    return {StatusCode::kFailedPrecondition, std::move(m)};
  }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status DataLoss(std::string m) { return {StatusCode::kDataLoss, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ == nullptr ? StatusCode::kOk : state_->code; }
  // The message; an empty string when OK.
  const std::string& message() const {
    return state_ == nullptr ? EmptyMessage() : state_->message;
  }

  // "InvalidArgument: <message>", or "OK".
  std::string ToString() const;

  // Returns a copy whose message is "context: message"; OK stays OK.
  Status WithContext(std::string_view context) const;

  bool IsNotFound() const { return code() == StatusCode::kNotFound; }
  bool IsAlreadyExists() const { return code() == StatusCode::kAlreadyExists; }
  bool IsInvalidArgument() const { return code() == StatusCode::kInvalidArgument; }
  bool IsFailedPrecondition() const { return code() == StatusCode::kFailedPrecondition; }

 private:
  // What an error carries; never kOk.
  struct State {
    State(StatusCode c, std::string m) : code(c), message(std::move(m)) {}
    StatusCode code;
    std::string message;
  };

  static std::unique_ptr<State> CopyState(const Status& other) {
    return other.state_ == nullptr ? nullptr : std::make_unique<State>(*other.state_);
  }
  // The empty string message() returns for OK.
  static const std::string& EmptyMessage();

  // Null when OK.
  std::unique_ptr<State> state_;
};

// Either a value or an error Status (Abseil's StatusOr). REQUIRES: constructed from a non-OK Status
// when it holds no value.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok() && "Result<T> needs a value or an error");
    if (status_.ok()) status_ = Status::Internal("Result constructed from OK status without value");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // REQUIRES: ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace cellar

#define CELLAR_CONCAT_INNER_(a, b) a##b
#define CELLAR_CONCAT_(a, b) CELLAR_CONCAT_INNER_(a, b)

// Returns the Status of "expr" from the enclosing function when it is not OK.
#define CELLAR_RETURN_IF_ERROR(expr)                   \
  do {                                                 \
    ::cellar::Status cellar_status_ = (expr);          \
    if (!cellar_status_.ok()) return cellar_status_;   \
  } while (0)

#define CELLAR_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()

// Evaluates "expr" (a Result<T>); on error returns its Status, otherwise assigns the value to "lhs".
#define CELLAR_ASSIGN_OR_RETURN(lhs, expr) \
  CELLAR_ASSIGN_OR_RETURN_IMPL_(CELLAR_CONCAT_(cellar_result_, __LINE__), lhs, expr)
