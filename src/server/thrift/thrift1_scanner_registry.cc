#include "server/thrift/thrift1_scanner_registry.h"

#include <limits>
#include <string>

namespace cellar::server {

Result<int32_t> Thrift1ScannerRegistry::Add(Thrift1Scanner scanner) {
  if (scanners_.size() >= capacity_) {
    return Status::FailedPrecondition(
        "this connection already has " + std::to_string(scanners_.size()) +
        " open scanners, the limit; close finished scanners with scannerClose");
  }
  while (scanners_.contains(next_id_)) {
    next_id_ = next_id_ == std::numeric_limits<int32_t>::max() ? 0 : next_id_ + 1;
  }
  const int32_t id = next_id_;
  next_id_ = next_id_ == std::numeric_limits<int32_t>::max() ? 0 : next_id_ + 1;
  scanners_.emplace(id, std::move(scanner));
  return id;
}

Thrift1Scanner* Thrift1ScannerRegistry::Find(int32_t id) {
  auto it = scanners_.find(id);
  return it == scanners_.end() ? nullptr : &it->second;
}

bool Thrift1ScannerRegistry::Remove(int32_t id) { return scanners_.erase(id) > 0; }

}  // namespace cellar::server
