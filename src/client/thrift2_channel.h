#pragma once

// Thrift2Channel: the sockets of one remote Connection. Call() borrows a connected
// THBaseServiceClient from a pool (connecting when none is free, up to RemoteOptions::connections
// at once), runs a function on it, and turns every exception into a Status. When the connection
// is lost, the socket is dropped and the call is retried with exponential backoff if it is
// "repeatable" (its effect does not change when run twice) or if it failed before sending.
// Thread-safe.

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cellar/remote.h"
#include "cellar/status.h"
#include "thrift2/THBaseService.h"

namespace cellar::client {

namespace t2 = ::apache::hadoop::hbase::thrift2;

class Thrift2Channel {
 public:
  explicit Thrift2Channel(RemoteOptions options);
  ~Thrift2Channel();

  enum class Retry { kRepeatable, kOnlyBeforeSending };
  // Runs "fn" on a connected client. "what" names the operation in errors ("put into ns:t").
  // Unavailable when the gateway cannot be reached after the retries; otherwise the Status of
  // the server's TIOError / TIllegalArgument.
  Status Call(const std::string& what, Retry retry,
              const std::function<void(t2::THBaseServiceClient&)>& fn);

  const RemoteOptions& options() const { return options_; }
  std::string address() const { return options_.host + ":" + std::to_string(options_.port); }

  // Closes every idle socket; later calls reconnect.
  void CloseIdle();

 private:
  struct Link;
  Result<std::unique_ptr<Link>> Borrow();
  void Return(std::unique_ptr<Link> link);
  Result<std::unique_ptr<Link>> Connect();

  const RemoteOptions options_;
  std::mutex mu_;
  std::condition_variable returned_;
  // Protected by mu_
  std::vector<std::unique_ptr<Link>> idle_;
  int open_ = 0;
};

}  // namespace cellar::client
