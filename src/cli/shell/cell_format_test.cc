#include "cli/shell/cell_format.h"

#include <gtest/gtest.h>

#include "cli/shell/args.h"
#include "cli/shell/family_options.h"
#include "cli/shell/parser.h"

namespace cellar::shell {
namespace {

TEST(CellFormatTest, ParsesColumnsAtTheFirstColon) {
  ColumnSpec family = ParseColumn("cf");
  EXPECT_EQ(family.family, "cf");
  EXPECT_FALSE(family.qualifier);
  ColumnSpec empty = ParseColumn("cf:");
  EXPECT_EQ(empty.qualifier, "");
  ColumnSpec nested = ParseColumn("cf:a:b");
  EXPECT_EQ(nested.family, "cf");
  EXPECT_EQ(nested.qualifier, "a:b");
}

TEST(CellFormatTest, PrintsCellsLikeTheHBaseShell) {
  Cell cell{"r\x01", "cf", std::string("q\0", 2), 1297345476469, CellType::kPut, "v\xff\\"};
  EXPECT_EQ(ColumnName(cell), "cf:q\\x00");
  EXPECT_EQ(CellText(cell), "timestamp=1297345476469, value=v\\xFF\\x5C");
  EXPECT_EQ(ScanCellText(cell), "column=cf:q\\x00, timestamp=1297345476469, value=v\\xFF\\x5C");
  Cell marker{"r", "cf", "", 7, CellType::kDeleteFamily, ""};
  EXPECT_EQ(ScanCellText(marker), "column=cf:, timestamp=7, type=DeleteFamily");
}

TEST(CellFormatTest, PrintsFamiliesLikeDescribe) {
  ColumnFamilyDescriptor f;
  f.name = "cf";
  f.ttl_seconds = 86400;
  EXPECT_EQ(FamilyText(f),
            "{NAME => 'cf', VERSIONS => '1', NEW_VERSION_BEHAVIOR => 'false', "
            "KEEP_DELETED_CELLS => 'FALSE', TTL => '86400 SECONDS (1 DAY)', MIN_VERSIONS => '0', "
            "REPLICATION_SCOPE => '0', BLOOMFILTER => 'ROW', IN_MEMORY => 'false', "
            "COMPRESSION => 'NONE', BLOCKCACHE => 'true', BLOCKSIZE => '65536'}");
}

Options OptionsOf(std::string_view text) {
  Parser parser(text);
  auto st = parser.Next();
  EXPECT_TRUE(st.ok() && *st);
  auto options = Options::From(&(*st)->args.back());  // copies the entries
  EXPECT_TRUE(options.ok());
  return *options;
}

TEST(FamilyOptionsTest, AppliesHBaseSpellings) {
  Options options = OptionsOf(
      "x {VERSIONS => '3', TTL => 'FOREVER', COMPRESSION => 'snappy', BLOOMFILTER => 'ROWCOL', "
      "BLOCKCACHE => 'false', IN_MEMORY => true, REPLICATION_SCOPE => 1, BLOCKSIZE => 4096}");
  ColumnFamilyDescriptor f;
  f.ttl_seconds = 5;
  ASSERT_TRUE(ApplyFamilyOptions(options, f).ok());
  EXPECT_TRUE(options.CheckAllUsed().ok());
  EXPECT_EQ(f.max_versions, 3);
  EXPECT_EQ(f.ttl_seconds, kForever);
  EXPECT_EQ(f.compression, Compression::kSnappy);
  EXPECT_EQ(f.bloom_filter, BloomFilter::kRowCol);
  EXPECT_FALSE(f.block_cache);
  EXPECT_TRUE(f.in_memory);
  EXPECT_EQ(f.replication_scope, 1);
  EXPECT_EQ(f.block_size, 4096);
}

TEST(FamilyOptionsTest, RejectsBadValuesNamingTheOption) {
  ColumnFamilyDescriptor f;
  Options ttl = OptionsOf("x {TTL => -5}");
  EXPECT_EQ(ApplyFamilyOptions(ttl, f).message(),
            "TTL must be a number of seconds (1..2147483647) or 'FOREVER', got -5");
  Options versions = OptionsOf("x {VERSIONS => 99999999999}");
  EXPECT_EQ(ApplyFamilyOptions(versions, f).message(), "VERSIONS is out of range: 99999999999");
  Options unknown = OptionsOf("x {DATA_BLOCK_ENCODING => 'NONE'}");
  ASSERT_TRUE(ApplyFamilyOptions(unknown, f).ok());
  EXPECT_FALSE(unknown.CheckAllUsed().ok());
}

}  // namespace
}  // namespace cellar::shell
