#pragma once

// IteratorPool: RocksDB iterators over one column family, kept for reuse by single-family point
// reads (Get). An iterator taken from the pool is refreshed to the latest committed data, which
// costs little unless a flush or compaction happened since, instead of building a new iterator
// per Get. Idle iterators pin the files they read, so the pool stays small and is emptied by
// flushes and compactions the store asks for. Thread-safe.

#include <rocksdb/db.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace cellar::store {

// A pooled iterator with what its reads of one row reuse from Get to Get: the row key buffer and
// the upper bound that ends the iterator at the row's last entry. Not copyable or movable: the
// iterator reads the bound through a pointer. Not thread-safe; one Get at a time.
class PooledIterator {
 public:
  // An iterator over "cf" of "db" showing the latest data, bounded by this object's row end.
  PooledIterator(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf);
  PooledIterator(const PooledIterator&) = delete;
  PooledIterator& operator=(const PooledIterator&) = delete;

  // Positions the iterator at the first entry of "row" (or past the row when it has none) and
  // bounds it to the row: it turns invalid after the row's last entry.
  void SeekRow(std::string_view row);
  // The row key (escaped row and terminator) of the last SeekRow.
  const std::string& row_key() const { return row_key_; }
  // The iterator; a reader may move it out for the read and must move it back.
  std::unique_ptr<rocksdb::Iterator>& iterator() { return it_; }

 private:
  std::string row_key_;
  std::string row_end_;         // RowEndKey(row_key_): the smallest key after the row
  rocksdb::Slice upper_bound_;  // views row_end_; read by it_
  std::unique_ptr<rocksdb::Iterator> it_;
};

class IteratorPool {
 public:
  // Idle iterators kept at most: one in the slot, the rest in the list.
  static constexpr size_t kMaxIdle = 4;

  // "db" and "cf" are borrowed and must outlive the pool.
  IteratorPool(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) : db_(db), cf_(cf) {}
  ~IteratorPool() { Clear(); }
  IteratorPool(const IteratorPool&) = delete;
  IteratorPool& operator=(const IteratorPool&) = delete;

  // An idle iterator refreshed to the latest data, or a new one.
  std::unique_ptr<PooledIterator> Acquire();
  // Gives "pooled" back for reuse (or destroys it when enough are idle). REQUIRES: its iterator
  // was moved back into it and has an OK status: the read that used it succeeded (RowReader fails
  // a read whose iterator failed), so that Release need not ask (which walks the iterator's
  // levels when it has stopped, as a Get's has).
  void Release(std::unique_ptr<PooledIterator> pooled);
  // Destroys the idle iterators, unpinning the files they held.
  void Clear();

 private:
  rocksdb::DB* const db_;
  rocksdb::ColumnFamilyHandle* const cf_;
  // One idle iterator (owned; null when empty), taken and given back with one atomic exchange
  // each, without the lock: one Get at a time, the common case, never needs more.
  std::atomic<PooledIterator*> slot_{nullptr};
  // Protected by mu_: the other idle iterators (at most kMaxIdle - 1).
  std::mutex mu_;
  std::vector<std::unique_ptr<PooledIterator>> idle_;
};

}  // namespace cellar::store
