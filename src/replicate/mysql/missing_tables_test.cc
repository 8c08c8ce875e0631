#include "replicate/mysql/missing_tables.h"

#include <gtest/gtest.h>

#include "cellar/store.h"
#include "store/test_util.h"

namespace cellar::mysql {
namespace {

TableDescriptor Desc(const std::string& name, Compression compression) {
  return TableDescriptor{*TableName::Parse(name),
                         {ColumnFamilyDescriptor{.name = "f", .compression = compression}}};
}

// Only the missing tables are created, a name given twice once, and an existing table is kept
// as it was made (its compression stays NONE although LZ4 was asked for).
TEST(CreateMissingTablesTest, CreatesOnlyTheMissingOnesAndKeepsTheExisting) {
  cellar::testing::TempDir dir;
  auto store = Store::Open(dir.path());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  Admin& admin = (*store)->admin();
  ASSERT_TRUE(admin.CreateTable(Desc("old", Compression::kNone)).ok());
  Status s =
      CreateMissingTables(admin, {Desc("old", Compression::kLz4), Desc("a", Compression::kLz4),
                                  Desc("b", Compression::kLz4), Desc("a", Compression::kLz4)});
  ASSERT_TRUE(s.ok()) << s.ToString();
  for (const char* name : {"a", "b"}) {
    auto desc = admin.DescribeTable(*TableName::Parse(name));
    ASSERT_TRUE(desc.ok()) << name << ": " << desc.status().ToString();
    EXPECT_EQ(desc->families.at(0).compression, Compression::kLz4) << name;
  }
  auto old = admin.DescribeTable(*TableName::Parse("old"));
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old->families.at(0).compression, Compression::kNone);
  // Nothing missing: no DDL, Ok.
  EXPECT_TRUE(CreateMissingTables(admin, {Desc("a", Compression::kNone)}).ok());
}

// A bad descriptor fails the one DDL: none of the tables is created.
TEST(CreateMissingTablesTest, ABadDescriptorCreatesNone) {
  cellar::testing::TempDir dir;
  auto store = Store::Open(dir.path());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  Admin& admin = (*store)->admin();
  TableDescriptor bad{*TableName::Parse("bad"), {}};  // no family
  EXPECT_TRUE(CreateMissingTables(admin, {Desc("a", Compression::kLz4), bad}).IsInvalidArgument());
  auto exists = admin.TableExists(*TableName::Parse("a"));
  ASSERT_TRUE(exists.ok());
  EXPECT_FALSE(*exists);
}

}  // namespace
}  // namespace cellar::mysql
