#pragma once

// SequenceAllocator: hands out write sequence numbers (also event ids) that never repeat, also
// across restarts and crashes. It persists a reservation ("meta/sequence_reserved") ahead of the
// numbers it hands out, one block at a time, with a synced write; after a restart it continues
// from the reservation, leaving a gap. Every number it hands out is below kSequenceLimit (2^56),
// so a value's stored sequence starts with a 0x00 byte (docs/key-format.md); once the numbers
// are used up it fails rather than hand out a larger one. Thread-safe.

#include <rocksdb/db.h>

#include <atomic>
#include <cstdint>
#include <mutex>

#include "cellar/status.h"

namespace cellar::store {

class SequenceAllocator {
 public:
  static constexpr uint64_t kBlock = 1u << 20;

  // "db" and "meta" are borrowed and must outlive this object.
  SequenceAllocator(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* meta) : db_(db), meta_(meta) {}

  // Reads the reservation and reserves the next block. Call once, before Next(). DataLoss if the
  // stored reservation is not a number below kSequenceLimit; Unavailable on a RocksDB error.
  Status Init();
  // The first of "count" consecutive sequence numbers, all greater than every number handed out
  // before, in this or an earlier run, and all below kSequenceLimit. FailedPrecondition when
  // they would reach kSequenceLimit: the store has used up its sequence numbers and every later
  // call fails too (unless "count" alone is kSequenceLimit or more: then nothing is used up).
  // Unavailable when the reservation cannot be written.
  Result<uint64_t> Next(uint64_t count = 1);

 private:
  Status Reserve(uint64_t upto);

  rocksdb::DB* const db_;
  rocksdb::ColumnFamilyHandle* const meta_;
  std::atomic<uint64_t> next_{1};
  std::atomic<uint64_t> reserved_{0};
  std::mutex reserve_mu_;
};

}  // namespace cellar::store
