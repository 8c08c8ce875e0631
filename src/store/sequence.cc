#include "store/sequence.h"

#include <algorithm>
#include <string>

#include "store/catalog_codec.h"

namespace cellar::store {

Status SequenceAllocator::Init() {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), meta_, kSequenceReservedKey.data(), &value);
  uint64_t start = 1;
  if (s.ok()) {
    start = std::stoull(value);
  } else if (!s.IsNotFound()) {
    return Status::Unavailable("reading the sequence reservation: " + s.ToString());
  }
  next_.store(start);
  return Reserve(start + kBlock);
}

Status SequenceAllocator::Reserve(uint64_t upto) {
  rocksdb::WriteOptions wo;
  wo.sync = true;
  rocksdb::Status s = db_->Put(wo, meta_, kSequenceReservedKey.data(), std::to_string(upto));
  if (!s.ok()) return Status::Unavailable("reserving sequence numbers: " + s.ToString());
  reserved_.store(upto, std::memory_order_release);
  return Status::Ok();
}

Result<uint64_t> SequenceAllocator::Next(uint64_t count) {
  uint64_t n = next_.fetch_add(count, std::memory_order_acq_rel);
  const uint64_t last = n + count - 1;
  if (last < reserved_.load(std::memory_order_acquire)) return n;
  std::lock_guard<std::mutex> lock(reserve_mu_);
  while (last >= reserved_.load(std::memory_order_acquire)) {
    CELLAR_RETURN_IF_ERROR(Reserve(std::max(reserved_.load(), last + 1) + kBlock));
  }
  return n;
}

}  // namespace cellar::store
