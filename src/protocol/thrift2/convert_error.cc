// The one place where Status meets thrift2's exceptions, both ways. The message carries
// Status::ToString() ("NotFound: ...") because TIOError has no code field; the prefix is how
// the code crosses the wire.

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include <thrift/TApplicationException.h>
#include <thrift/protocol/TProtocolException.h>
#include <thrift/transport/TTransportException.h>

#include "protocol/thrift2/convert.h"

namespace cellar::thrift2 {
namespace {

constexpr std::array kCodes = {
    StatusCode::kInvalidArgument, StatusCode::kNotFound,    StatusCode::kAlreadyExists,
    StatusCode::kFailedPrecondition, StatusCode::kUnavailable, StatusCode::kDataLoss,
    StatusCode::kInternal,
};

// The code named by a "<CodeName>: " prefix of "message", with the rest of the message.
std::optional<Status> StatusFromPrefix(std::string_view message) {
  for (StatusCode code : kCodes) {
    std::string prefix = std::string(StatusCodeName(code)) + ": ";
    if (message.substr(0, prefix.size()) == prefix) {
      return Status(code, std::string(message.substr(prefix.size())));
    }
  }
  return std::nullopt;
}

// HBase's own exception names, as they appear in its TIOError messages.
std::optional<StatusCode> CodeFromHBaseException(std::string_view message) {
  static constexpr std::pair<std::string_view, StatusCode> kNames[] = {
      {"TableNotFoundException", StatusCode::kNotFound},
      {"NoSuchColumnFamilyException", StatusCode::kNotFound},
      {"NamespaceNotFoundException", StatusCode::kNotFound},
      {"TableExistsException", StatusCode::kAlreadyExists},
      {"NamespaceExistException", StatusCode::kAlreadyExists},
      {"TableNotEnabledException", StatusCode::kFailedPrecondition},
      {"TableNotDisabledException", StatusCode::kFailedPrecondition},
  };
  for (const auto& [name, code] : kNames) {
    if (message.find(name) != std::string_view::npos) return code;
  }
  return std::nullopt;
}

}  // namespace

ThriftError StatusToThrift(const Status& status, bool illegal_argument_declared) {
  if (illegal_argument_declared && status.code() == StatusCode::kInvalidArgument) {
    t2::TIllegalArgument error;
    error.__set_message(status.ToString());
    return error;
  }
  t2::TIOError error;
  error.__set_message(status.ToString());
  error.__set_canRetry(status.code() == StatusCode::kUnavailable);
  return error;
}

void ThrowStatus(const Status& status, bool illegal_argument_declared) {
  ThriftError error = StatusToThrift(status, illegal_argument_declared);
  if (auto* io = std::get_if<t2::TIOError>(&error)) throw std::move(*io);
  throw std::get<t2::TIllegalArgument>(std::move(error));
}

Status StatusFromThrift(const t2::TIOError& error) {
  if (std::optional<Status> s = StatusFromPrefix(error.message)) return *s;
  if (std::optional<StatusCode> code = CodeFromHBaseException(error.message)) {
    return Status(*code, error.message);
  }
  const bool retry = error.__isset.canRetry && error.canRetry;
  return Status(retry ? StatusCode::kUnavailable : StatusCode::kInternal,
                "thrift2 server error: " + error.message);
}

Status StatusFromThrift(const t2::TIllegalArgument& error) {
  if (std::optional<Status> s = StatusFromPrefix(error.message)) return *s;
  return Status::InvalidArgument(error.message);
}

Status StatusFromThriftException(const std::exception& error) {
  using apache::thrift::TApplicationException;
  using apache::thrift::protocol::TProtocolException;
  using apache::thrift::transport::TTransportException;
  if (auto* io = dynamic_cast<const t2::TIOError*>(&error)) return StatusFromThrift(*io);
  if (auto* ia = dynamic_cast<const t2::TIllegalArgument*>(&error)) return StatusFromThrift(*ia);
  if (dynamic_cast<const TTransportException*>(&error) != nullptr) {
    return Status::Unavailable(std::string("thrift2 transport: ") + error.what());
  }
  if (dynamic_cast<const TProtocolException*>(&error) != nullptr) {
    return Status::Internal(std::string("thrift2 protocol: ") + error.what());
  }
  if (dynamic_cast<const TApplicationException*>(&error) != nullptr) {
    return Status::Internal(std::string("thrift2 server: ") + error.what());
  }
  return Status::Internal(std::string("thrift2: ") + error.what());
}

}  // namespace cellar::thrift2
