// A Table keeps its table's state between calls (TableStateCache): every DDL in between must
// still be seen by the next read or write of the same Table object.

#include "store/test_util.h"

namespace cellar {
namespace {

using testing::Family;
using testing::StoreFixture;
using V = std::vector<std::string>;

class TableStateCacheTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    CreateTable("t", {Family("f"), Family("g")});
    ASSERT_OK(table_->Put(Put("r", 1).AddColumn("f", "a", "old").AddColumn("g", "b", "old")));
    EXPECT_EQ(GetCells(Get("r").AddFamily("f")), V{"f:a@1=old"});  // the state is now cached
  }

  Admin& admin() { return store_->admin(); }
  const TableName name_{"default", "t"};
};

TEST_F(TableStateCacheTest, DisableAndEnableBetweenGetsAreSeen) {
  ASSERT_OK(admin().DisableTable(name_));
  EXPECT_TRUE(table_->Get(Get("r")).status().IsFailedPrecondition());
  EXPECT_TRUE(table_->Put(Put("r").AddColumn("f", "a", "x")).IsFailedPrecondition());
  EXPECT_TRUE(
      table_->Get(Get("r")).status().IsFailedPrecondition());  // a disabled table is not cached
  ASSERT_OK(admin().EnableTable(name_));
  EXPECT_EQ(GetCells(Get("r").AddFamily("f")), V{"f:a@1=old"});
}

TEST_F(TableStateCacheTest, DropAndRecreateBetweenGetsReadTheNewTable) {
  ASSERT_OK(admin().DisableTable(name_));
  ASSERT_OK(admin().DropTable(name_));
  EXPECT_TRUE(table_->Get(Get("r")).status().IsNotFound());
  EXPECT_TRUE(table_->Put(Put("r").AddColumn("f", "a", "x")).IsNotFound());
  ASSERT_OK(admin().CreateTable(TableDescriptor{name_, {Family("f")}}));
  EXPECT_TRUE(GetCells(Get("r")).empty());  // not the dropped table's cells
  ASSERT_OK(table_->Put(Put("r", 2).AddColumn("f", "a", "new")));
  EXPECT_EQ(GetCells(Get("r")), V{"f:a@2=new"});
  EXPECT_TRUE(table_->Get(Get("r").AddFamily("g")).status().IsNotFound());
}

TEST_F(TableStateCacheTest, TruncateBetweenGetsEmptiesTheTable) {
  ASSERT_OK(admin().TruncateTable(name_));
  EXPECT_TRUE(GetCells(Get("r")).empty());
  EXPECT_TRUE(GetCells(Get("r").AddFamily("f")).empty());
}

TEST_F(TableStateCacheTest, AlteredFamiliesAreSeenByTheNextGet) {
  ASSERT_OK(admin().DeleteColumnFamily(name_, "g"));
  EXPECT_TRUE(table_->Get(Get("r").AddFamily("g")).status().IsNotFound());
  EXPECT_EQ(GetCells(Get("r")), V{"f:a@1=old"});
  ASSERT_OK(admin().AddColumnFamily(name_, Family("h")));
  ASSERT_OK(table_->Put(Put("r", 3).AddColumn("h", "c", "added")));
  EXPECT_EQ(GetCells(Get("r").AddFamily("h")), V{"h:c@3=added"});
  ASSERT_OK(admin().ModifyColumnFamily(name_, Family("f", 3)));
  ASSERT_OK(table_->Put(Put("r", 4).AddColumn("f", "a", "newer")));
  EXPECT_EQ(GetCells(Get("r").AddFamily("f").SetMaxVersions(3)), (V{"f:a@4=newer", "f:a@1=old"}));
}

}  // namespace
}  // namespace cellar
