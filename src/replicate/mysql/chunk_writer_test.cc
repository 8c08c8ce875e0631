#include "replicate/mysql/chunk_writer.h"

#include <gtest/gtest.h>

#include "replicate/mysql/staged_dump.h"
#include "store/test_util.h"

namespace cellar::mysql {
namespace {

class ChunkWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    ASSERT_TRUE(EnsureStagingTables(*store_, "shop").ok());
    auto chunks = store_->OpenTable(name_);
    ASSERT_TRUE(chunks.ok()) << chunks.status().ToString();
    chunks_ = std::move(*chunks);
  }
  void TearDown() override {
    chunks_.reset();
    store_.reset();
  }
  const TableName name_{StagingNamespace("shop"), "chunks"};
  cellar::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Table> chunks_;
};

// More chunks than may wait, some twice: each is stored once under its ChunkKey, only the first
// copy is new, and the keys come back in the order the chunks were added.
TEST_F(ChunkWriterTest, StoresEveryChunkOnceAndCountsTheNewOnes) {
  auto sql = [](int n) { return "sql " + std::to_string(n); };
  ASSERT_TRUE(PutChunk(*chunks_, ChunkKey("t", sql(0)), "t", sql(0)).ok());  // an earlier dump's
  ChunkWriter writer(*chunks_, /*max_pending=*/2);
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(writer.Add("t", sql(i % 20)).ok());  // 0..9 come twice
  }
  ASSERT_TRUE(writer.Finish().ok());
  EXPECT_EQ(writer.new_chunks(), 19u);
  ASSERT_EQ(writer.keys().size(), 30u);
  for (int i = 0; i < 30; ++i) {
    EXPECT_EQ(writer.keys()[i], ChunkKey("t", sql(i % 20))) << i;
    auto stored = GetChunk(*chunks_, writer.keys()[i]);
    ASSERT_TRUE(stored.ok()) << stored.status().ToString();
    EXPECT_EQ(*stored, sql(i % 20));
  }
}

// A write that fails is reported by the next Add or by Finish, and nothing after it is written.
TEST_F(ChunkWriterTest, AWriteErrorIsReturned) {
  ASSERT_TRUE(store_->admin().DisableTable(name_).ok());
  ChunkWriter writer(*chunks_, /*max_pending=*/1);
  Status s;
  for (int i = 0; i < 5 && s.ok(); ++i) s = writer.Add("t", "sql " + std::to_string(i));
  Status finished = writer.Finish();
  EXPECT_FALSE(finished.ok());
  if (!s.ok()) {
    EXPECT_EQ(s.ToString(), finished.ToString());
  }
  EXPECT_EQ(writer.new_chunks(), 0u);
  ASSERT_TRUE(store_->admin().EnableTable(name_).ok());
  EXPECT_EQ(GetChunk(*chunks_, ChunkKey("t", "sql 4")).status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace cellar::mysql
