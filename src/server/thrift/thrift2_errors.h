#pragma once

// Small helpers for the thrift2 handler: turn a non-OK Status into the thrown thrift2 exception
// (through thrift2::ThrowStatus, the one mapping), or unwrap a Result.

#include <utility>

#include "cellar/status.h"
#include "protocol/thrift2/convert.h"

namespace cellar::server::thrift2_errors {

// Throws TIOError (or TIllegalArgument, when "illegal_argument_declared" and the code is
// InvalidArgument) for a non-OK "status"; returns otherwise.
inline void ThrowIfError(const Status& status, bool illegal_argument_declared = false) {
  if (!status.ok()) thrift2::ThrowStatus(status, illegal_argument_declared);
}

// The value of "result", or the thrown error.
template <typename T>
T ValueOrThrow(Result<T> result) {
  if (!result.ok()) thrift2::ThrowStatus(result.status());
  return std::move(result).value();
}

}  // namespace cellar::server::thrift2_errors
