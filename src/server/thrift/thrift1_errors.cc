#include "server/thrift/thrift1_errors.h"

#include <spdlog/spdlog.h>

#include <string>

#include "thrift1/Hbase_types.h"

namespace cellar::server {

namespace h1 = ::apache::hadoop::hbase::thrift;

void ThrowThrift1Error(std::string_view method, const Status& status, Thrift1Throws declared) {
  // The client sees the method and our canonical code, e.g. "getRow: NotFound: table 'x' ...";
  // HBase sends a Java stack trace here, which no client parses.
  const std::string message = std::string(method) + ": " + status.ToString();
  spdlog::warn("thrift: {}", message);
  const bool declares_illegal_argument = declared != Thrift1Throws::kIOError;
  if (status.code() == StatusCode::kInvalidArgument && declares_illegal_argument) {
    h1::IllegalArgument e;
    e.__set_message(message);
    throw e;
  }
  if (status.code() == StatusCode::kAlreadyExists &&
      declared == Thrift1Throws::kIOErrorIllegalArgumentAlreadyExists) {
    h1::AlreadyExists e;
    e.__set_message(message);
    throw e;
  }
  h1::IOError e;
  e.__set_message(message);
  e.__set_canRetry(status.code() == StatusCode::kUnavailable);
  throw e;
}

}  // namespace cellar::server
