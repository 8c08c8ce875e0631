#pragma once

// Thrift1ScannerRegistry: the open scanners of one Thrift v1 connection, by the integer id the
// client holds (HBase's scannerMap). Scanners stay open until scannerClose, also after they
// reached the end (happybase closes them after reading the empty list), or until the connection
// ends. At most `capacity` are open at once, so that a client cannot pin unbounded memory.
// Not thread-safe: one registry per connection, used by that connection's thread.

#include <cstdint>
#include <map>
#include <memory>

#include "cellar/table.h"

namespace cellar::server {

struct Thrift1Scanner {
  // Kept open for as long as the scanner reads from it.
  std::unique_ptr<Table> table;
  std::unique_ptr<ResultScanner> scanner;
  // TScan.sortColumns: answer with TRowResult.sortedColumns instead of the columns map.
  bool sort_columns = false;
};

class Thrift1ScannerRegistry {
 public:
  // HBase has no limit; 1000 open scanners per connection is far beyond any real client.
  static constexpr size_t kDefaultCapacity = 1000;

  explicit Thrift1ScannerRegistry(size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

  // Stores "scanner" under a new id. FailedPrecondition when `capacity` scanners are open.
  Result<int32_t> Add(Thrift1Scanner scanner);
  // The scanner with "id", or nullptr.
  Thrift1Scanner* Find(int32_t id);
  // Closes the scanner with "id"; false if there is none.
  bool Remove(int32_t id);
  size_t size() const { return scanners_.size(); }

 private:
  const size_t capacity_;
  // Ids count up from 0, as HBase's; a wrapped-around id skips ids still in use.
  int32_t next_id_ = 0;
  std::map<int32_t, Thrift1Scanner> scanners_;
};

}  // namespace cellar::server
