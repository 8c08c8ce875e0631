#include "store/iterator_pool.h"

#include "store/rocks_options.h"

namespace cellar::store {

PooledIterator IteratorPool::Acquire() {
  PooledIterator pooled;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      pooled = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (pooled.it && pooled.it->Refresh().ok()) return pooled;
  rocksdb::ReadOptions ro = DataFamilyReadOptions();
  ro.prefix_same_as_start = true;
  pooled.it.reset(db_->NewIterator(ro, cf_));
  return pooled;
}

void IteratorPool::Release(PooledIterator pooled) {
  // A valid iterator has an OK status; asking an invalid one walks all its levels.
  if (!pooled.it || (!pooled.it->Valid() && !pooled.it->status().ok())) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(pooled));
}

void IteratorPool::Clear() {
  std::vector<PooledIterator> gone;
  std::lock_guard<std::mutex> lock(mu_);
  gone.swap(idle_);
}

}  // namespace cellar::store
