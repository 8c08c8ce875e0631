#include "store/sequence.h"

#include <algorithm>
#include <charconv>
#include <string>

#include "store/catalog_codec.h"
#include "store/key_format.h"

namespace cellar::store {
namespace {

Status SequencesUsedUp(uint64_t count) {
  return Status::FailedPrecondition(
      "cannot take " + std::to_string(count) +
      " more sequence numbers: they must stay below 2^56 (docs/key-format.md) and this store has "
      "used them up; copy its tables into a new store (cellar repl dump and load)");
}

}  // namespace

Status SequenceAllocator::Init() {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), meta_, kSequenceReservedKey.data(), &value);
  uint64_t start = 1;
  if (s.ok()) {
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), start);
    if (ec != std::errc() || end != value.data() + value.size() || start >= kSequenceLimit) {
      return Status::DataLoss("the sequence reservation '" + value +
                              "' (meta/sequence_reserved) is not a number below 2^56");
    }
  } else if (!s.IsNotFound()) {
    return Status::Unavailable("reading the sequence reservation: " + s.ToString());
  }
  next_.store(start);
  return Reserve(std::min(start + kBlock, kSequenceLimit));
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
  // "count" is checked before it is added and next_ stops at kSequenceLimit, so the sums stay
  // far below 2^64.
  if (count >= kSequenceLimit) return SequencesUsedUp(count);
  uint64_t n = next_.fetch_add(count, std::memory_order_acq_rel);
  const uint64_t last = n + count - 1;
  if (n >= kSequenceLimit || last >= kSequenceLimit) {
    next_.store(kSequenceLimit, std::memory_order_release);  // no later call succeeds either
    return SequencesUsedUp(count);
  }
  if (last < reserved_.load(std::memory_order_acquire)) return n;
  std::lock_guard<std::mutex> lock(reserve_mu_);
  while (last >= reserved_.load(std::memory_order_acquire)) {
    CELLAR_RETURN_IF_ERROR(
        Reserve(std::min(std::max(reserved_.load(), last + 1) + kBlock, kSequenceLimit)));
  }
  return n;
}

}  // namespace cellar::store
