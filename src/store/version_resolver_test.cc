#include "store/version_resolver.h"

#include <gtest/gtest.h>

namespace cellar::store {
namespace {

using V = VersionResolver::Verdict;

ColumnFamilyDescriptor Family(int32_t versions = 1) {
  ColumnFamilyDescriptor f;
  f.name = "f";
  f.max_versions = versions;
  return f;
}

TEST(VersionResolverTest, KeepsNewestMaxVersions) {
  auto f = Family(2);
  VersionResolver r(f, 1000, kLatestTimestamp);
  r.StartRow();
  r.StartColumn();
  EXPECT_EQ(r.ClassifyPut(30, 3), V::kVisible);
  EXPECT_EQ(r.ClassifyPut(20, 2), V::kVisible);
  EXPECT_EQ(r.ClassifyPut(10, 1), V::kGarbage);
  r.StartColumn();  // the count restarts per column
  EXPECT_EQ(r.ClassifyPut(5, 4), V::kVisible);
}

TEST(VersionResolverTest, DeleteColumnMasksOlderAndEqual) {
  auto f = Family(5);
  VersionResolver r(f, 1000, kLatestTimestamp);
  r.StartRow();
  r.StartColumn();
  EXPECT_EQ(r.ClassifyPut(30, 1), V::kVisible);
  r.AddColumnMarker(20, CellType::kDeleteColumn, 9);
  EXPECT_EQ(r.ClassifyPut(20, 1), V::kGarbage);
  EXPECT_EQ(r.ClassifyPut(10, 1), V::kGarbage);
}

TEST(VersionResolverTest, DeleteVersionMasksExactTimestampOnly) {
  auto f = Family(5);
  VersionResolver r(f, 1000, kLatestTimestamp);
  r.StartRow();
  r.StartColumn();
  r.AddColumnMarker(20, CellType::kDelete, 9);
  EXPECT_EQ(r.ClassifyPut(20, 1), V::kGarbage);
  EXPECT_EQ(r.ClassifyPut(10, 1), V::kVisible);
}

TEST(VersionResolverTest, DeletedVersionsDoNotCountTowardsMaxVersions) {
  auto f = Family(1);
  VersionResolver r(f, 1000, kLatestTimestamp);
  r.StartRow();
  r.StartColumn();
  r.AddColumnMarker(20, CellType::kDelete, 9);
  EXPECT_EQ(r.ClassifyPut(20, 1), V::kGarbage);
  EXPECT_EQ(r.ClassifyPut(10, 1), V::kVisible);  // the older version shows again
}

TEST(VersionResolverTest, FamilyMarkersApplyToEveryColumn) {
  auto f = Family(5);
  VersionResolver r(f, 1000, kLatestTimestamp);
  r.StartRow();
  r.AddFamilyMarker(15, CellType::kDeleteFamily, 9);
  r.AddFamilyMarker(40, CellType::kDeleteFamilyVersion, 9);
  r.StartColumn();
  EXPECT_EQ(r.ClassifyPut(40, 1), V::kGarbage);
  EXPECT_EQ(r.ClassifyPut(20, 1), V::kVisible);
  EXPECT_EQ(r.ClassifyPut(15, 1), V::kGarbage);
  r.StartColumn();
  EXPECT_EQ(r.ClassifyPut(10, 1), V::kGarbage);
}

TEST(VersionResolverTest, DefaultBehaviourDeleteMasksLaterPutAtSameTimestamp) {
  auto f = Family(1);
  VersionResolver r(f, 1000, kLatestTimestamp);
  r.StartRow();
  r.StartColumn();
  r.AddColumnMarker(10, CellType::kDeleteColumn, /*sequence=*/5);
  EXPECT_EQ(r.ClassifyPut(10, /*sequence=*/6), V::kGarbage);
}

TEST(VersionResolverTest, NewVersionBehaviorMasksOnlyEarlierWrites) {
  auto f = Family(1);
  f.new_version_behavior = true;
  VersionResolver r(f, 1000, kLatestTimestamp);
  r.StartRow();
  r.StartColumn();
  r.AddColumnMarker(10, CellType::kDeleteColumn, /*sequence=*/5);
  EXPECT_EQ(r.ClassifyPut(10, /*sequence=*/6), V::kVisible);  // re-put after the delete
  r.StartColumn();
  r.AddColumnMarker(10, CellType::kDeleteColumn, /*sequence=*/5);
  EXPECT_EQ(r.ClassifyPut(10, /*sequence=*/4), V::kGarbage);  // put before the delete
}

TEST(VersionResolverTest, TtlHidesExpiredCellsButKeepsMinVersions) {
  auto f = Family(3);
  f.ttl_seconds = 10;  // expiry: ts < now - 10000
  VersionResolver r(f, /*now_ms=*/100000, kLatestTimestamp);
  r.StartRow();
  r.StartColumn();
  EXPECT_EQ(r.ClassifyPut(95000, 1), V::kVisible);
  EXPECT_EQ(r.ClassifyPut(89999, 1), V::kGarbage);
  f.min_versions = 2;
  VersionResolver m(f, 100000, kLatestTimestamp);
  m.StartRow();
  m.StartColumn();
  EXPECT_EQ(m.ClassifyPut(80000, 1), V::kVisible);
  EXPECT_EQ(m.ClassifyPut(70000, 1), V::kVisible);
  EXPECT_EQ(m.ClassifyPut(60000, 1), V::kGarbage);
}

TEST(VersionResolverTest, KeepDeletedCellsVisibleToReadsEndingBeforeTheDelete) {
  auto f = Family(5);
  f.keep_deleted_cells = true;
  {  // a read as of before the delete (range ends at 20, marker at 20)
    VersionResolver r(f, 1000, /*read_max_ts=*/20);
    r.StartRow();
    r.AddFamilyMarker(20, CellType::kDeleteFamily, 9);
    r.StartColumn();
    EXPECT_EQ(r.ClassifyPut(10, 1), V::kVisible);
    EXPECT_FALSE(r.IsMarkerGarbage(20));
  }
  {  // a read that covers the delete
    VersionResolver r(f, 1000, /*read_max_ts=*/21);
    r.StartRow();
    r.AddFamilyMarker(20, CellType::kDeleteFamily, 9);
    r.StartColumn();
    EXPECT_EQ(r.ClassifyPut(10, 1), V::kHidden);
  }
}

TEST(VersionResolverTest, MarkersAreGarbageWithoutKeepDeletedCells) {
  auto f = Family(1);
  VersionResolver r(f, 1000, kLatestTimestamp);
  EXPECT_TRUE(r.IsMarkerGarbage(10));
}

}  // namespace
}  // namespace cellar::store
