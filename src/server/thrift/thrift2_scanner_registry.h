#pragma once

// Thrift2ScannerRegistry: the open scanners of the whole Thrift v2 gateway, by the integer id
// openScanner returned (HBase's thrift2 handler keeps one server-wide map, so a client may read
// a scanner from any connection). A scanner stays until closeScanner, or until it has been idle
// for `idle_timeout` (HBase expires idle ones too, after 10 minutes by default), so that clients
// that never close cannot pin memory for ever; at most `capacity` are open at once.
// Thread-safe; one scanner is read by one request at a time (a second one waits).

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "cellar/table.h"

namespace cellar::server {

class Thrift2ScannerRegistry {
 public:
  using Clock = std::chrono::steady_clock;
  // HBase has no limit; 10000 open scanners is far beyond any real client load.
  static constexpr size_t kDefaultCapacity = 10000;
  // HBase's hbase.thrift.connection.max-idletime default: 10 minutes.
  static constexpr std::chrono::seconds kDefaultIdleTimeout{600};

  explicit Thrift2ScannerRegistry(size_t capacity = kDefaultCapacity,
                                  std::chrono::seconds idle_timeout = kDefaultIdleTimeout)
      : capacity_(capacity), idle_timeout_(idle_timeout) {}

  // Stores the scanner (and the table it reads, kept open with it) under a new id, after
  // dropping idle ones. FailedPrecondition when `capacity` scanners are open.
  Result<int32_t> Add(std::unique_ptr<Table> table, std::unique_ptr<ResultScanner> scanner);
  // Runs "read" on the scanner with "id" while holding it. NotFound if there is none.
  Status With(int32_t id, const std::function<Status(ResultScanner&)>& read);
  // Closes the scanner with "id"; false if there is none.
  bool Remove(int32_t id);
  size_t size() const;

 private:
  struct Entry {
    std::mutex mu;  // held while a request reads the scanner
    std::unique_ptr<Table> table;
    std::unique_ptr<ResultScanner> scanner;
    Clock::time_point last_used;  // protected by the registry's mu_
  };

  const size_t capacity_;
  const std::chrono::seconds idle_timeout_;
  mutable std::mutex mu_;
  // Protected by mu_.
  int32_t next_id_ = 1;
  std::map<int32_t, std::shared_ptr<Entry>> scanners_;
};

}  // namespace cellar::server
