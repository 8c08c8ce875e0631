#pragma once

// The one place where a Status becomes a Thrift v1 exception (IOError, IllegalArgument,
// AlreadyExists), as HBase's ThriftHBaseServiceHandler reports errors. Thread-safe.
//
// Mapping:
//   InvalidArgument -> IllegalArgument when the method declares it, else IOError
//   AlreadyExists   -> AlreadyExists when the method declares it, else IOError
//   anything else   -> IOError; canRetry only for Unavailable (retrying may help)
// A method never throws an exception its IDL entry does not declare: the client would only see
// a TApplicationException without the message.

#include <string_view>
#include <utility>

#include "cellar/status.h"

namespace cellar::server {

// Which exceptions a method of service Hbase declares ("throws (...)" in Hbase.thrift).
enum class Thrift1Throws {
  kIOError,                   // throws (1:IOError io)
  kIOErrorIllegalArgument,    // throws (1:IOError io, 2:IllegalArgument ia)
  kIOErrorIllegalArgumentAlreadyExists,  // createTable
};

// Logs "method" failing with "status" and throws the matching exception.
// REQUIRES: !status.ok().
[[noreturn]] void ThrowThrift1Error(std::string_view method, const Status& status,
                                    Thrift1Throws declared);

// Returns normally when "status" is OK; otherwise as ThrowThrift1Error.
inline void OkOrThrow(std::string_view method, const Status& status, Thrift1Throws declared) {
  if (!status.ok()) ThrowThrift1Error(method, status, declared);
}

// The value of "result", or as ThrowThrift1Error.
template <typename T>
T ValueOrThrow(std::string_view method, Result<T> result, Thrift1Throws declared) {
  if (!result.ok()) ThrowThrift1Error(method, result.status(), declared);
  return std::move(result).value();
}

}  // namespace cellar::server
