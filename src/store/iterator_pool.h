#pragma once

// IteratorPool: RocksDB iterators over one column family, kept for reuse by single-family point
// reads (Get). An iterator taken from the pool is refreshed to the latest committed data, which
// costs little unless a flush or compaction happened since, instead of building a new iterator
// per Get. Idle iterators pin the files they read, so the pool stays small and is emptied by
// flushes and compactions the store asks for. Thread-safe.

#include <rocksdb/db.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cellar::store {

// A pooled iterator with the buffer its reads encode their row key into: both are reused from
// Get to Get, so a Get allocates neither.
struct PooledIterator {
  std::unique_ptr<rocksdb::Iterator> it;
  std::string row_key;  // scratch of the one read using the iterator
};

class IteratorPool {
 public:
  static constexpr size_t kMaxIdle = 4;

  // "db" and "cf" are borrowed and must outlive the pool.
  IteratorPool(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) : db_(db), cf_(cf) {}

  // An iterator showing the latest data, with prefix_same_as_start (row reads only).
  PooledIterator Acquire();
  // Gives "pooled" back for reuse (or destroys it when enough are idle, or when its iterator
  // has failed).
  void Release(PooledIterator pooled);
  // Destroys the idle iterators, unpinning the files they held.
  void Clear();

 private:
  rocksdb::DB* const db_;
  rocksdb::ColumnFamilyHandle* const cf_;
  // Protected by mu_.
  std::mutex mu_;
  std::vector<PooledIterator> idle_;
};

}  // namespace cellar::store
