#include "server/thrift/thrift1_convert.h"

#include <gtest/gtest.h>

#include "util/bytes.h"

namespace cellar::server::thrift1 {
namespace {

TEST(Thrift1ConvertTest, ParseColumnSplitsAtFirstColon) {
  ParsedColumn bare = ParseColumn("cf");
  EXPECT_EQ(bare.family, "cf");
  EXPECT_FALSE(bare.qualifier.has_value());

  ParsedColumn empty = ParseColumn("cf:");
  EXPECT_EQ(empty.family, "cf");
  ASSERT_TRUE(empty.qualifier.has_value());
  EXPECT_EQ(*empty.qualifier, "");

  ParsedColumn nested = ParseColumn("cf:a:b");
  EXPECT_EQ(nested.family, "cf");
  EXPECT_EQ(*nested.qualifier, "a:b");
  EXPECT_EQ(MakeColumn("cf", "a:b"), "cf:a:b");
}

TEST(Thrift1ConvertTest, SelectColumnsTellsFamilyFromEmptyQualifier) {
  Get get("r");
  SelectColumns({"a", "b:", "b:q"}, get);
  EXPECT_TRUE(get.columns().WantsColumn("a", "anything"));
  EXPECT_TRUE(get.columns().WantsColumn("b", ""));
  EXPECT_TRUE(get.columns().WantsColumn("b", "q"));
  EXPECT_FALSE(get.columns().WantsColumn("b", "other"));
}

TEST(Thrift1ConvertTest, TimeRangeBeforeExcludesTheTimestamp) {
  Result<TimeRange> range = TimeRangeBefore(100);
  ASSERT_TRUE(range.ok());
  EXPECT_TRUE(range->Contains(99));
  EXPECT_FALSE(range->Contains(100));
  EXPECT_FALSE(TimeRangeBefore(-1).ok());
}

TEST(Thrift1ConvertTest, RowResultFillsMapOrSortedColumnsAndDropsEmptyRows) {
  RowResult result("r", {Cell{"r", "f", "b", 2, CellType::kPut, "vb"},
                         Cell{"r", "f", "a", 1, CellType::kPut, "va"}});
  std::vector<h1::TRowResult> out;
  AppendTRowResult(RowResult(), false, out);
  EXPECT_TRUE(out.empty());

  AppendTRowResult(result, false, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].row, "r");
  EXPECT_TRUE(out[0].__isset.columns);
  EXPECT_FALSE(out[0].__isset.sortedColumns);
  EXPECT_EQ(out[0].columns.at("f:a").value, "va");
  EXPECT_EQ(out[0].columns.at("f:b").timestamp, 2);

  AppendTRowResult(result, true, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_FALSE(out[1].__isset.columns);
  ASSERT_EQ(out[1].sortedColumns.size(), 2u);
  EXPECT_EQ(out[1].sortedColumns[0].columnName, "f:b");
  EXPECT_EQ(out[1].sortedColumns[1].cell.value, "va");
}

TEST(Thrift1ConvertTest, ColumnDescriptorRoundTrip) {
  h1::ColumnDescriptor in;  // the IDL defaults: 3 versions, NONE, TTL 0x7fffffff
  in.name = "cf:";
  in.timeToLive = -1;  // happybase's default: forever
  in.blockCacheEnabled = true;
  in.bloomFilterType = "ROW";
  Result<ColumnFamilyDescriptor> family = FamilyFromThrift(in);
  ASSERT_TRUE(family.ok()) << family.status().ToString();
  EXPECT_EQ(family->name, "cf");
  EXPECT_EQ(family->max_versions, 3);
  EXPECT_EQ(family->ttl_seconds, kForever);
  EXPECT_EQ(family->bloom_filter, BloomFilter::kRow);

  h1::ColumnDescriptor out = FamilyToThrift(*family);
  EXPECT_EQ(out.name, "cf:");
  EXPECT_EQ(out.maxVersions, 3);
  EXPECT_EQ(out.compression, "NONE");
  EXPECT_EQ(out.bloomFilterType, "ROW");
  EXPECT_EQ(out.timeToLive, kForever);
  EXPECT_TRUE(out.blockCacheEnabled);

  in.name = "plain";
  in.timeToLive = 60;
  EXPECT_EQ(FamilyFromThrift(in)->name, "plain");
  EXPECT_EQ(FamilyFromThrift(in)->ttl_seconds, 60);
}

TEST(Thrift1ConvertTest, ColumnDescriptorRejectsBadInput) {
  h1::ColumnDescriptor in;
  EXPECT_TRUE(FamilyFromThrift(in).status().IsInvalidArgument());  // no name
  in.name = "cf";
  in.compression = "NOPE";
  EXPECT_TRUE(FamilyFromThrift(in).status().IsInvalidArgument());
  in.compression = "NONE";
  in.bloomFilterType = "NOPE";
  EXPECT_TRUE(FamilyFromThrift(in).status().IsInvalidArgument());
}

h1::Mutation MakeMutation(std::string column, std::string value, bool is_delete = false) {
  h1::Mutation m;
  m.column = std::move(column);
  m.value = std::move(value);
  m.isDelete = is_delete;
  return m;
}

TEST(Thrift1ConvertTest, MutationsSplitIntoPutAndDeleteAtOneTimestamp) {
  std::vector<h1::Mutation> ms = {MakeMutation("f:a", "1"), MakeMutation("f:b", "", true),
                                  MakeMutation("g", "", true), MakeMutation("f", "ignored")};
  Result<RowChanges> changes = RowChangesFromMutations("r", ms, 42, BareFamilyPut::kIgnore);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->put.cells().size(), 1u);
  EXPECT_EQ(changes->put.cells()[0].qualifier, "a");
  EXPECT_EQ(changes->put.timestamp(), 42);
  ASSERT_EQ(changes->del.markers().size(), 2u);
  EXPECT_EQ(changes->del.markers()[0].type, CellType::kDeleteColumn);
  EXPECT_EQ(changes->del.markers()[0].timestamp, 42);
  EXPECT_EQ(changes->del.markers()[1].type, CellType::kDeleteFamily);

  EXPECT_TRUE(RowChangesFromMutations("r", ms, 42, BareFamilyPut::kReject)
                  .status()
                  .IsInvalidArgument());
}

TEST(Thrift1ConvertTest, WriteToWalFalseSkipsTheWal) {
  h1::Mutation m = MakeMutation("f:a", "1");
  m.writeToWAL = false;
  Result<RowChanges> changes = RowChangesFromMutations("r", {m}, 1, BareFamilyPut::kIgnore);
  ASSERT_TRUE(changes.ok());
  EXPECT_EQ(changes->put.durability(), Durability::kSkipWal);
}

TEST(Thrift1ConvertTest, IncrementAndAppendNeedQualifiedColumns) {
  h1::TIncrement inc;
  inc.table = "t";
  inc.row = "r";
  inc.column = "f:c";
  inc.ammount = 5;
  Result<Increment> ok = IncrementFromThrift(inc);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->columns()[0].amount, 5);
  inc.column = "f";
  EXPECT_FALSE(IncrementFromThrift(inc).ok());
  inc.column = "f:c";
  inc.row = "";
  EXPECT_FALSE(IncrementFromThrift(inc).ok());

  h1::TAppend app;
  app.table = "t";
  app.row = "r";
  app.columns = {"f:a", "f:b"};
  app.values = {"x"};
  EXPECT_FALSE(AppendFromThrift(app).ok());
  app.values.push_back("y");
  EXPECT_EQ(AppendFromThrift(app)->cells().size(), 2u);
}

TEST(Thrift1ConvertTest, CounterValueNeedsEightBytes) {
  EXPECT_EQ(*CounterValue(EncodeLong(-7)), -7);
  EXPECT_TRUE(CounterValue("1").status().IsInvalidArgument());
}

TEST(Thrift1ConvertTest, WholeTableRegionCoversEverything) {
  h1::TRegionInfo region = WholeTableRegion(TableName{"ns", "t"}, "127.0.0.1", 9090);
  EXPECT_EQ(region.startKey, "");
  EXPECT_EQ(region.endKey, "");
  EXPECT_EQ(region.name, "ns:t,,0");
  EXPECT_EQ(region.port, 9090);
}

}  // namespace
}  // namespace cellar::server::thrift1
