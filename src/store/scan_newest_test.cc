// RowReader's one-version fast path (ReadNewestVersions) against its general path
// (ReadAllVersions) on tricky data. Reads of one version of every column at any time take the fast
// path; a time range that ends just before kLatestTimestamp makes the same read take the general
// path (no cell here has a timestamp that late), so the two must return the same cells. Each
// family configuration is also pinned by an expected result written out by hand, so that a bug
// shared by both paths fails too.

#include "store/test_util.h"
#include "util/bytes.h"

namespace cellar {
namespace {

using testing::Family;

constexpr TimeRange kAllButLatest{0, kLatestTimestamp - 1};

class ScanNewestTest : public testing::StoreFixture {
 protected:
  const std::string zero_{std::string("\0", 1)};
  const std::string now_ = std::to_string(kNow);

  // Table "name" with family "family" (and "g"), holding rows with 0x00 and 0xFF bytes, empty and
  // 0x00 qualifiers, several versions and every kind of delete marker, in an order that switches
  // the fast path to the general one and back: within a scan (rows "b" to "d" between plain
  // rows; "c" and "d" begin with family markers) and within a row (row "m": a plain column, then
  // columns whose newest entry is a column marker, then a plain column again).
  void Fill(const std::string& name, ColumnFamilyDescriptor family) {
    family.name = "f";
    CreateTable(name, {family, Family("g")});
    for (const std::string& row : {zero_, zero_ + "\xff", "a" + zero_, std::string("\xff")}) {
      ASSERT_OK(table_->Put(Put(row, 10).AddColumn("f", "", "e1").AddColumn("f", zero_, "z1")));
      ASSERT_OK(table_->Put(Put(row, 11).AddColumn("f", "", "e2").AddColumn("g", "x", "g1")));
    }
    ASSERT_OK(table_->Put(Put("b", 10).AddColumn("f", "q", "b1").AddColumn("f", "r", "r1")));
    ASSERT_OK(table_->Put(Put("b", 12).AddColumn("f", "q", "b2")));
    ASSERT_OK(table_->Delete(Delete("b").AddColumn("f", "q", 12)));  // Delete: q@12 only
    ASSERT_OK(table_->Put(Put("c", 10).AddColumn("f", "q", "c1").AddColumn("f", "r", "r1")));
    ASSERT_OK(table_->Delete(Delete("c").AddFamily("f", 10)));  // DeleteFamily: up to 10
    ASSERT_OK(table_->Put(Put("c", 11).AddColumn("f", "r", "r2")));
    ASSERT_OK(table_->Put(Put("d", 10).AddColumn("f", "q", "d1")));
    ASSERT_OK(table_->Put(Put("d", 11).AddColumn("f", "q", "d2")));
    ASSERT_OK(table_->Delete(Delete("d").AddFamilyVersion("f", 11)));  // DeleteFamilyVersion
    ASSERT_OK(table_->Put(Put("m", 10)
                              .AddColumn("f", "a", "a1")
                              .AddColumn("f", "k", "k1")
                              .AddColumn("f", "l", "l1")
                              .AddColumn("f", "z", "z1")));
    ASSERT_OK(table_->Put(Put("m", 11).AddColumn("f", "a", "a2").AddColumn("f", "l", "l2")));
    ASSERT_OK(table_->Delete(Delete("m").AddColumns("f", "k", 10)));  // DeleteColumn: all of k
    ASSERT_OK(table_->Delete(Delete("m").AddColumn("f", "l", 11)));   // Delete: l@11
    ASSERT_OK(table_->Put(Put("e", 10).AddColumn("f", "q", "e1").AddColumn("f", "r", "r1")));
    ASSERT_OK(table_->Delete(Delete("e").AddFamily("f", 10)));  // no cell left: the row is skipped
    ASSERT_OK(table_->Put(Put("n", 5).AddColumn("f", "q", "old")));
    ASSERT_OK(table_->Put(Put("o", kNow).AddColumn("f", "q", "new")));
  }

  // Appends " qualifier@ts=value" (appends, not operator+: GCC 12 warns falsely on its chains).
  static void AppendCell(const CellView& c, std::string* line) {
    line->append(" ").append(ToStringBinary(c.qualifier)).append("@");
    line->append(std::to_string(c.timestamp)).append("=").append(c.value);
  }

  static CellView AsView(const Cell& c) { return CellView::Of(c); }
  static CellView AsView(const CellView& c) { return c; }

  // The rows of "scan" (family "f", and any other family it reads) with cells of family "f", as
  // "row: qualifier@ts=value ..." lines of those cells, each read by "next" (NextView or
  // NextInto) into one reused Row (NextInto refills its cells row after row).
  template <typename Row>
  std::vector<std::string> Rows(Scan scan, Result<bool> (ResultScanner::*next)(Row*)) {
    std::vector<std::string> out;
    auto sc = table_->GetScanner(scan.AddFamily("f"));
    EXPECT_TRUE(sc.ok()) << sc.status().ToString();
    if (!sc.ok()) return {"<error>"};
    Row row;
    for (;;) {
      auto found = ((**sc).*next)(&row);
      EXPECT_TRUE(found.ok()) << found.status().ToString();
      if (!found.ok() || !*found) break;
      std::string line = ToStringBinary(row.row()) + ":";
      const size_t bare = line.size();
      for (const auto& c : row.cells()) {
        if (AsView(c).family == "f") AppendCell(AsView(c), &line);
      }
      if (line.size() > bare) out.push_back(line);
    }
    return out;
  }
  std::vector<std::string> ViewRows(Scan scan) { return Rows(scan, &ResultScanner::NextView); }
  std::vector<std::string> OwnedRows(Scan scan) { return Rows(scan, &ResultScanner::NextInto); }

  // Checks that fast and general scans (views and owned, one family and every family, forwards
  // and reversed) and Gets agree; returns the fast scan's rows of family "f". A scan of one
  // family forwards (the fast scan) reads its rows through RowReader::ScanFamilyRow[Views]; a
  // scan of two families, or reversed, through the reader's loop over families.
  std::vector<std::string> ReadBothWays() {
    std::vector<std::string> fast = ViewRows(Scan());
    EXPECT_EQ(fast, ViewRows(Scan().SetTimeRange(kAllButLatest)));
    EXPECT_EQ(fast, OwnedRows(Scan()));
    EXPECT_EQ(fast, OwnedRows(Scan().SetTimeRange(kAllButLatest)));
    EXPECT_EQ(fast, ViewRows(Scan().AddFamily("g")));
    EXPECT_EQ(fast, OwnedRows(Scan().AddFamily("g")));
    std::vector<std::string> reversed(fast.rbegin(), fast.rend());
    EXPECT_EQ(reversed, ViewRows(Scan().SetReversed(true)));
    EXPECT_EQ(reversed, OwnedRows(Scan().SetReversed(true).SetTimeRange(kAllButLatest)));
    EXPECT_EQ(ScanRows(Scan()), ScanRows(Scan().SetTimeRange(kAllButLatest)));
    for (const std::string& row : {zero_, std::string("b"), std::string("d"), std::string("m")}) {
      EXPECT_EQ(GetCells(Get(row)), GetCells(Get(row).SetTimeRange(kAllButLatest))) << row;
    }
    return fast;
  }

  // Every row, as the families below without a TTL return them.
  std::vector<std::string> AllRows() {
    return {"\\x00: @11=e2 \\x00@10=z1",
            "\\x00\\xFF: @11=e2 \\x00@10=z1",
            "a\\x00: @11=e2 \\x00@10=z1",
            "b: q@10=b1 r@10=r1",
            "c: r@11=r2",
            "d: q@10=d1",
            "m: a@11=a2 l@10=l1 z@10=z1",
            "n: q@5=old",
            "o: q@" + now_ + "=new",
            "\\xFF: @11=e2 \\x00@10=z1"};
  }
};

TEST_F(ScanNewestTest, OneVersionFamilyGivesTheGeneralPathsCells) {
  Fill("t1", Family("f"));
  EXPECT_EQ(ReadBothWays(), AllRows());
}

TEST_F(ScanNewestTest, SeveralVersionsFamilyGivesTheGeneralPathsCells) {
  Fill("t3", Family("f", 3));
  EXPECT_EQ(ReadBothWays(), AllRows());
}

TEST_F(ScanNewestTest, KeepDeletedCellsAndNewVersionBehaviorGiveTheGeneralPathsCells) {
  ColumnFamilyDescriptor f = Family("f", 3);
  f.keep_deleted_cells = true;
  f.new_version_behavior = true;  // every marker here was written after the puts it masks
  Fill("t", f);
  EXPECT_EQ(ReadBothWays(), AllRows());
}

TEST_F(ScanNewestTest, ExpiredNewestPutHidesItsColumnUnlessMinVersionsKeepsIt) {
  ColumnFamilyDescriptor f = Family("f", 3);
  f.ttl_seconds = 3600;  // row "o" is at kNow; every other cell is from 1970
  Fill("expiring", f);
  EXPECT_EQ(ReadBothWays(), std::vector<std::string>{"o: q@" + now_ + "=new"});

  f.min_versions = 1;
  Fill("kept", f);
  EXPECT_EQ(ReadBothWays(), AllRows());
}

}  // namespace
}  // namespace cellar
