#include "store/iterator_pool.h"

#include <cassert>

#include "store/key_format.h"
#include "store/rocks_options.h"

namespace cellar::store {

// The bound (rather than prefix_same_as_start) stops the iterator in its table files: the last
// Next of a row ends there, without the merged iterators above reading on to the next row's
// key and testing its prefix. The seek still uses the row bloom filters (a prefix seek).
// RocksDB reads the bound's Slice at each seek and step, so one iterator serves many rows.
PooledIterator::PooledIterator(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
  rocksdb::ReadOptions ro = DataFamilyReadOptions();
  ro.iterate_upper_bound = &upper_bound_;
  it_.reset(db->NewIterator(ro, cf));
}

void PooledIterator::SeekRow(std::string_view row) {
  EncodeRowKeyTo(&row_key_, row);
  EncodeRowEndKeyTo(&row_end_, row_key_);
  upper_bound_ = rocksdb::Slice(row_end_);
  it_->Seek(row_key_);
}

std::unique_ptr<PooledIterator> IteratorPool::Acquire() {
  std::unique_ptr<PooledIterator> pooled(slot_.exchange(nullptr, std::memory_order_acquire));
  if (!pooled) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      pooled = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (pooled && pooled->iterator()->Refresh().ok()) return pooled;
  return std::make_unique<PooledIterator>(db_, cf_);
}

void IteratorPool::Release(std::unique_ptr<PooledIterator> pooled) {
  assert(pooled->iterator()->status().ok());
  PooledIterator* empty = nullptr;
  if (slot_.compare_exchange_strong(empty, pooled.get(), std::memory_order_release,
                                    std::memory_order_relaxed)) {
    pooled.release();  // the slot owns it now
    return;
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() + 1 < kMaxIdle) idle_.push_back(std::move(pooled));
}

void IteratorPool::Clear() {
  std::unique_ptr<PooledIterator> slot(slot_.exchange(nullptr, std::memory_order_acquire));
  std::vector<std::unique_ptr<PooledIterator>> gone;
  std::lock_guard<std::mutex> lock(mu_);
  gone.swap(idle_);
}

}  // namespace cellar::store
