#include "store/iterator_pool.h"

#include "store/rocks_options.h"

namespace cellar::store {

std::unique_ptr<rocksdb::Iterator> IteratorPool::Acquire() {
  std::unique_ptr<rocksdb::Iterator> it;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      it = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (it && it->Refresh().ok()) return it;
  rocksdb::ReadOptions ro = DataFamilyReadOptions();
  ro.prefix_same_as_start = true;
  return std::unique_ptr<rocksdb::Iterator>(db_->NewIterator(ro, cf_));
}

void IteratorPool::Release(std::unique_ptr<rocksdb::Iterator> it) {
  if (!it || !it->status().ok()) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(it));
}

void IteratorPool::Clear() {
  std::vector<std::unique_ptr<rocksdb::Iterator>> gone;
  std::lock_guard<std::mutex> lock(mu_);
  gone.swap(idle_);
}

}  // namespace cellar::store
