// A one-family cached Get reads from the family's pooled iterator, bounded to the row
// (PooledIterator); it must return exactly what the general paths return: an uncached Get (new
// iterators, prefix_same_as_start) and a Scan of just that row, on rows that are prefixes of
// each other or hold 0x00 and 0xFF bytes, empty and 0xFF qualifiers, several versions and every
// delete marker, in the memtable and in table files, with the pooled iterators reused. GetInto
// must return the same, into a RowResult reused from read to read.

#include "store/test_util.h"
#include "util/bytes.h"

namespace cellar {
namespace {

using testing::Family;
using testing::StoreFixture;
using V = std::vector<std::string>;

class PooledGetTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    CreateTable("t", {Family("f", 3), Family("g")});
  }

  // The row's cells through a Scan from "row" to the row right after it ("row" + 0x00).
  V ScanOfRow(const std::string& row, const Get& like) {
    Scan scan;
    scan.SetStartRow(row).SetStopRow(row + std::string(1, '\0'));
    scan.AddFamily("f").SetMaxVersions(like.max_versions()).SetTimeRange(like.time_range());
    auto sc = table_->GetScanner(scan);
    EXPECT_TRUE(sc.ok()) << sc.status().ToString();
    V out;
    for (;;) {
      auto r = (*sc)->Next();
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      if (!r.ok() || !r->has_value()) break;
      EXPECT_EQ((*r)->row(), row);
      for (const std::string& c : Cells(**r)) out.push_back(c);
    }
    return out;
  }

  // Checks every kind of Get of every row on all three paths; returns the cells the pooled
  // Gets found in all.
  size_t ExpectPathsAgree() {
    size_t cells = 0;
    for (const std::string& row : rows_) {
      for (Get get : {Get(row).AddFamily("f"), Get(row).AddFamily("f").SetMaxVersions(3),
                      Get(row).AddFamily("f").SetMaxVersions(2).SetTimeRange({2, 4})}) {
        const V pooled = GetCells(get);
        EXPECT_EQ(pooled, GetCells(Get(get).SetCacheBlocks(false))) << ToStringBinary(row);
        EXPECT_EQ(pooled, ScanOfRow(row, get)) << ToStringBinary(row);
        // GetInto refills one RowResult that still holds the previous read's row and cells.
        EXPECT_OK(table_->GetInto(get, &reused_));
        EXPECT_EQ(Cells(reused_), pooled) << ToStringBinary(row);
        EXPECT_EQ(reused_.row(), pooled.empty() ? "" : row) << ToStringBinary(row);
        cells += pooled.size();
      }
    }
    return cells;
  }

  RowResult reused_;
  const V rows_{"a",
                std::string("a\0", 2),
                std::string("a\0\xff", 3),
                std::string("a\0\x01", 3),
                "a\xff",
                std::string("\0", 1),
                "\xff\xff",
                "b"};
};

TEST_F(PooledGetTest, MatchesUncachedGetsAndScansOnTrickyRows) {
  const V qualifiers{"", "q", std::string("q\0", 2), "\xff\xff"};
  for (size_t i = 0; i < rows_.size(); ++i) {
    for (int64_t ts = 1; ts <= 4; ++ts) {
      Put put(rows_[i], ts);
      for (const std::string& q : qualifiers) put.AddColumn("f", q, q + "@" + std::to_string(ts));
      put.AddColumn("g", "x", "other family");
      ASSERT_OK(table_->Put(put));
    }
  }
  ASSERT_OK(table_->Delete(Delete(rows_[1]).AddColumn("f", "q", 4)));       // one version
  ASSERT_OK(table_->Delete(Delete(rows_[2]).AddColumns("f", "", 3)));       // a column
  ASSERT_OK(table_->Delete(Delete(rows_[3]).AddFamily("f", 2)));            // a family
  ASSERT_OK(table_->Delete(Delete(rows_[4]).AddFamilyVersion("f", 4)));     // a version
  ASSERT_OK(table_->Delete(Delete(rows_[5]).AddColumns("f", "\xff\xff")));  // all of it
  EXPECT_EQ(
      GetCells(Get(rows_[1]).AddFamily("f")),
      (V{"f:@4=@4", "f:q@3=q@3", std::string("f:q\0@4=q\0@4", 11), "f:\xff\xff@4=\xff\xff@4"}));
  EXPECT_EQ(
      GetCells(Get(rows_[4]).AddFamily("f")),
      (V{"f:@3=@3", "f:q@3=q@3", std::string("f:q\0@3=q\0@3", 11), "f:\xff\xff@3=\xff\xff@3"}));
  const size_t in_memtable = ExpectPathsAgree();
  EXPECT_GT(in_memtable, rows_.size() * 8);
  EXPECT_EQ(ExpectPathsAgree(), in_memtable);  // every pooled iterator reused
  ASSERT_OK(store_->admin().Flush(TableName{"default", "t"}));
  EXPECT_EQ(ExpectPathsAgree(), in_memtable);
  ASSERT_OK(table_->Put(Put(rows_[0], 9).AddColumn("f", "q", "after the flush")));
  EXPECT_EQ(GetCells(Get(rows_[0]).AddColumn("f", "q")), V{"f:q@9=after the flush"});
  // The family keeps 3 versions: version 2 of "q" is now past them, so the time-range Get of
  // rows_[0] returns one cell fewer.
  EXPECT_EQ(ExpectPathsAgree(), in_memtable - 1);
}

TEST_F(PooledGetTest, GetIntoEmptiesTheReusedResultForAMissingRow) {
  ASSERT_OK(table_->Put(Put("a", 5).AddColumn("f", "q", "1").AddColumn("f", "r", "2")));
  RowResult row;
  ASSERT_OK(table_->GetInto(Get("a"), &row));
  EXPECT_EQ(Cells(row), (V{"f:q@5=1", "f:r@5=2"}));
  ASSERT_OK(table_->GetInto(Get("missing"), &row));
  EXPECT_TRUE(row.empty());
  EXPECT_EQ(row.row(), "");
  ASSERT_OK(table_->GetInto(Get("a"), &row));
  EXPECT_EQ(row.size(), 2u);
  ASSERT_OK(table_->GetInto(Get("a").AddColumn("f", "r"), &row));  // fewer cells than before
  EXPECT_EQ(row.row(), "a");
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row.cells()[0].value, "2");
  EXPECT_EQ(table_->GetInto(Get(""), &row).code(), StatusCode::kInvalidArgument);
}

// A Get reads the clock only when a family it reads has a TTL: the TTL family's expired cells
// must stay hidden whether it is read alone (the pooled iterator), uncached, or second after a
// family without a TTL (the general path).
class GetTtlTest : public StoreFixture {};

TEST_F(GetTtlTest, HidesExpiredCellsOfTheTtlFamilyOnEveryPath) {
  ColumnFamilyDescriptor expiring = Family("t");
  expiring.ttl_seconds = 60;
  CreateTable("x", {Family("a"), expiring});
  ASSERT_OK(table_->Put(Put("r", kNow).AddColumn("a", "q", "kept").AddColumn("t", "q", "expires")));
  const std::string at = "@" + std::to_string(kNow);
  EXPECT_EQ(GetCells(Get("r")), (V{"a:q" + at + "=kept", "t:q" + at + "=expires"}));
  clock_.Advance(60'001);
  EXPECT_EQ(GetCells(Get("r")), V{"a:q" + at + "=kept"});
  EXPECT_TRUE(GetCells(Get("r").AddFamily("t")).empty());
  EXPECT_TRUE(GetCells(Get("r").AddFamily("t").SetCacheBlocks(false)).empty());
  EXPECT_EQ(GetCells(Get("r").AddFamily("a")), V{"a:q" + at + "=kept"});
}

}  // namespace
}  // namespace cellar
