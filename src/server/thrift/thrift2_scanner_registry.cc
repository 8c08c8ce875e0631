#include "server/thrift/thrift2_scanner_registry.h"

#include <string>

#include "server/idle_entries.h"

namespace cellar::server {

Result<int32_t> Thrift2ScannerRegistry::Add(std::unique_ptr<Table> table,
                                            std::unique_ptr<ResultScanner> scanner) {
  auto entry = std::make_shared<Entry>();
  entry->table = std::move(table);
  entry->scanner = std::move(scanner);
  std::lock_guard lock(mu_);
  const Clock::time_point now = Clock::now();
  DropIdleEntries(scanners_, now, idle_timeout_);
  if (scanners_.size() >= capacity_) {
    return Status::FailedPrecondition("too many open scanners (" + std::to_string(capacity_) +
                                      "); close scanners with closeScanner when done");
  }
  // Ids count up, skipping ids in use after a wrap-around (negative ids are never handed out).
  while (scanners_.count(next_id_) != 0) next_id_ = next_id_ == INT32_MAX ? 1 : next_id_ + 1;
  const int32_t id = next_id_;
  next_id_ = next_id_ == INT32_MAX ? 1 : next_id_ + 1;
  entry->last_used = now;
  scanners_.emplace(id, std::move(entry));
  return id;
}

Status Thrift2ScannerRegistry::With(int32_t id,
                                    const std::function<Status(ResultScanner&)>& read) {
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard lock(mu_);
    auto it = scanners_.find(id);
    if (it == scanners_.end()) return Status::NotFound("no scanner with id " + std::to_string(id));
    entry = it->second;
    entry->last_used = Clock::now();
  }
  // The registry lock is not held while reading, so other scanners proceed; a concurrent
  // Remove only drops the map's reference and the entry lives until this read ends.
  std::lock_guard scanner_lock(entry->mu);
  Status status = read(*entry->scanner);
  std::lock_guard lock(mu_);
  entry->last_used = Clock::now();
  return status;
}

bool Thrift2ScannerRegistry::Remove(int32_t id) {
  std::shared_ptr<Entry> entry;  // destroyed after the lock is released
  std::lock_guard lock(mu_);
  auto it = scanners_.find(id);
  if (it == scanners_.end()) return false;
  entry = std::move(it->second);
  scanners_.erase(it);
  return true;
}

size_t Thrift2ScannerRegistry::size() const {
  std::lock_guard lock(mu_);
  return scanners_.size();
}

}  // namespace cellar::server
