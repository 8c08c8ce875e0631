#pragma once

// ScannerRegistry: the stateful scanners of the REST gateway (HBase's ScannerResource), by id.
// A page is at most "cells" cells (the scanner's batch by default) and, when asked, at most
// "rows" rows; a row cut by the cell limit continues on the next page, as in HBase. Exhausted
// scanners stay registered until DELETE, so that a client may ask again and get 204.
// Thread-safe: the map has its own lock, and each scanner its own, so that pages of different
// scanners are read in parallel and two requests for one scanner take turns.

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "cellar/table.h"
#include "server/rest/models.h"

namespace cellar::server::rest {

class ScannerRegistry {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr size_t kDefaultCapacity = 10000;
  // As the Thrift v2 gateway (HBase's hbase.thrift.connection.max-idletime): 10 minutes.
  static constexpr std::chrono::seconds kDefaultIdleTimeout{600};

  explicit ScannerRegistry(size_t capacity = kDefaultCapacity,
                           std::chrono::seconds idle_timeout = kDefaultIdleTimeout)
      : capacity_(capacity), idle_timeout_(idle_timeout) {}

  // Registers a scanner over "table" (kept open as long as the scanner) and returns its id, an
  // alphanumeric string. "batch" (>= 1) is the default number of cells per page. Drops idle
  // scanners first; FailedPrecondition when "capacity" scanners are open.
  Result<std::string> Add(std::string table_name, std::unique_ptr<Table> table,
                          std::unique_ptr<ResultScanner> scanner, int32_t batch);

  // The next page of scanner "id" of table "table_name", or nullopt when it is exhausted.
  // NotFound for an unknown id (or one of another table); errors of the scan itself as they are.
  Result<std::optional<CellSetModel>> NextPage(std::string_view table_name, std::string_view id,
                                               std::optional<int64_t> rows,
                                               std::optional<int64_t> cells);

  // Forgets scanner "id". NotFound if unknown.
  Status Remove(std::string_view table_name, std::string_view id);

  size_t size() const;

 private:
  struct Entry {
    std::mutex mu;
    std::string table_name;
    std::unique_ptr<Table> table;
    std::unique_ptr<ResultScanner> scanner;  // reads through "table"; destroyed first
    int32_t batch = 1;
    // Protected by mu
    std::deque<Cell> pending;  // cells of a row that the last page had no room for
    bool exhausted = false;
    Clock::time_point last_used;  // protected by the registry's mu_
  };
  Result<std::shared_ptr<Entry>> Find(std::string_view table_name, std::string_view id) const;
  // Fills "pending" from the scanner when empty. Returns false at the end.
  static Result<bool> Refill(Entry& e);

  const size_t capacity_;
  const std::chrono::seconds idle_timeout_;
  mutable std::mutex mu_;
  // Protected by mu_
  std::map<std::string, std::shared_ptr<Entry>, std::less<>> scanners_;
  std::mt19937_64 random_{std::random_device{}()};
  uint64_t next_serial_ = 1;
};

}  // namespace cellar::server::rest
