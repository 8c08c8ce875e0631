// IteratorPool: idle iterators are reused (the lock-free slot first, then the list), never more
// than kMaxIdle are kept, Clear lets go of all of them (the slot's too), and a reused iterator
// sees what was written since it was released.

#include "store/iterator_pool.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <thread>

#include "store/key_format.h"
#include "store/raw_db_test_util.h"

namespace cellar::store {
namespace {

class IteratorPoolTest : public RawDbTest {
 protected:
  void SetUp() override {
    RawDbTest::SetUp();
    if (HasFatalFailure()) return;
    pool_ = std::make_unique<IteratorPool>(db_.get(), db_->DefaultColumnFamily());
  }
  void TearDown() override { pool_.reset(); }

  void PutCell(const std::string& row, const std::string& value) {
    ASSERT_TRUE(
        db_->Put(rocksdb::WriteOptions(), EncodeCellKey(row, "q", 1, CellType::kPut), value).ok());
  }
  // The value of "row"'s cell through an iterator of the pool, or "" when it has none.
  std::string Read(const std::string& row) {
    std::unique_ptr<PooledIterator> pooled = pool_->Acquire();
    pooled->SeekRow(row);
    rocksdb::Iterator* it = pooled->iterator().get();
    std::string value = it->Valid() ? it->value().ToString() : "";
    pool_->Release(std::move(pooled));
    return value;
  }
  uint64_t LiveVersions() {
    uint64_t n = 0;
    EXPECT_TRUE(db_->GetIntProperty("rocksdb.num-live-versions", &n));
    return n;
  }

  std::unique_ptr<IteratorPool> pool_;
};

TEST_F(IteratorPoolTest, ReusesAReleasedIteratorAndShowsLaterWrites) {
  PutCell("a", "1");
  std::unique_ptr<PooledIterator> first = pool_->Acquire();
  const PooledIterator* address = first.get();
  pool_->Release(std::move(first));
  PutCell("b", "2");
  std::unique_ptr<PooledIterator> again = pool_->Acquire();
  EXPECT_EQ(again.get(), address);
  again->SeekRow("b");
  ASSERT_TRUE(again->iterator()->Valid());
  EXPECT_EQ(again->iterator()->value().ToString(), "2");
  pool_->Release(std::move(again));
}

TEST_F(IteratorPoolTest, KeepsAtMostMaxIdleIterators) {
  PutCell("a", "1");
  std::vector<std::unique_ptr<PooledIterator>> held;
  for (size_t i = 0; i < IteratorPool::kMaxIdle + 2; ++i) {
    held.push_back(pool_->Acquire());
    held.back()->SeekRow("a");  // a used iterator remembers its row key; a new one has none
  }
  for (auto& p : held) pool_->Release(std::move(p));
  held.clear();
  for (size_t i = 0; i < IteratorPool::kMaxIdle; ++i) {
    held.push_back(pool_->Acquire());
    EXPECT_EQ(held.back()->row_key(), EncodeRowKey("a")) << "idle iterator " << i;
  }
  held.push_back(pool_->Acquire());
  EXPECT_EQ(held.back()->row_key(), "");  // the ones past kMaxIdle were destroyed
  for (auto& p : held) pool_->Release(std::move(p));
}

TEST_F(IteratorPoolTest, ClearLetsGoOfEveryIdleIterator) {
  PutCell("a", "1");
  std::unique_ptr<PooledIterator> one = pool_->Acquire();
  std::unique_ptr<PooledIterator> two = pool_->Acquire();
  one->SeekRow("a");
  two->SeekRow("a");
  pool_->Release(std::move(one));  // into the slot
  pool_->Release(std::move(two));  // into the list
  ASSERT_TRUE(db_->Flush(rocksdb::FlushOptions()).ok());
  EXPECT_GT(LiveVersions(), 1u);  // the idle iterators hold the version before the flush
  pool_->Clear();
  EXPECT_EQ(LiveVersions(), 1u);
}

TEST_F(IteratorPoolTest, ThreadsSharingThePoolReadTheirOwnRows) {
  const std::vector<std::string> rows{"r0", "r1", "r2", "r3"}, values{"v0", "v1", "v2", "v3"};
  for (size_t t = 0; t < rows.size(); ++t) PutCell(rows[t], values[t]);
  std::vector<std::thread> threads;
  std::vector<int> wrong(rows.size(), 0);
  for (size_t t = 0; t < rows.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) wrong[t] += Read(rows[t]) != values[t];
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace cellar::store
