// ResultScanner::NextView: the same rows as Next for every kind of scan, views that hold while
// the scanner is not called again, and NextView and NextInto on one scanner.

#include "cellar/filter.h"
#include "store/test_util.h"

namespace cellar {
namespace {

using testing::Family;

// A filter that leaves out every cell whose value is "skip".
class SkipValueFilter final : public Filter {
 public:
  ReturnCode FilterCell(const Cell& cell) override {
    return cell.value == "skip" ? ReturnCode::kSkip : ReturnCode::kInclude;
  }
  std::string ToString() const override { return "SkipValueFilter"; }
};

class ScanViewTest : public testing::StoreFixture {
 protected:
  // Rows with 0x00 and 0xFF bytes, empty and 0x00 qualifiers, several versions, every kind of
  // delete marker, two families, and a row wider than a batch.
  void SetUp() override {
    StoreFixture::SetUp();
    CreateTable("t", {Family("f", 3), Family("g", 2)});
    const std::string zero("\0", 1);
    std::vector<std::string> rows = {zero,       zero + "\xff", "\x01", "a",
                                     "a" + zero, "b",           "\xff", "\xff" + zero};
    int64_t ts = 10;
    for (const std::string& row : rows) {
      ASSERT_OK(table_->Put(Put(row, ts).AddColumn("f", "", "empty").AddColumn("f", zero, "zero")));
      ASSERT_OK(table_->Put(Put(row, ts + 1).AddColumn("f", "q", "v1").AddColumn("g", "x", "g1")));
      ASSERT_OK(
          table_->Put(Put(row, ts + 2).AddColumn("f", "q", "v2").AddColumn("g", "x", "skip")));
      ++ts;
    }
    ASSERT_OK(table_->Delete(Delete("a").AddColumn("f", "q")));  // newest version
    ASSERT_OK(table_->Delete(Delete("b").AddColumns("f", "q", kLatestTimestamp)));  // all versions
    ASSERT_OK(table_->Delete(Delete("\x01").AddFamily("g")));
    ASSERT_OK(table_->Delete(Delete("\xff").AddFamilyVersion("f", 17)));
    Put wide("w", 5);
    for (int i = 0; i < 7; ++i) wide.AddColumn("f", "c" + std::to_string(i), std::string(i, 'w'));
    ASSERT_OK(table_->Put(wide));
  }

  // Every row of "scan" read with Next.
  std::vector<RowResult> ReadOwned(const Scan& scan) {
    std::vector<RowResult> out;
    auto sc = table_->GetScanner(scan);
    EXPECT_TRUE(sc.ok()) << sc.status().ToString();
    if (!sc.ok()) return out;
    for (;;) {
      auto r = (*sc)->Next();
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      if (!r.ok() || !r->has_value()) break;
      out.push_back(std::move(**r));
    }
    return out;
  }

  // Every row of "scan" read with NextView, copied before the next call.
  std::vector<RowResult> ReadViews(const Scan& scan) {
    std::vector<RowResult> out;
    auto sc = table_->GetScanner(scan);
    EXPECT_TRUE(sc.ok()) << sc.status().ToString();
    if (!sc.ok()) return out;
    RowView view;
    for (;;) {
      auto found = (*sc)->NextView(&view);
      EXPECT_TRUE(found.ok()) << found.status().ToString();
      if (!found.ok() || !*found) break;
      out.push_back(view.ToRowResult());
    }
    return out;
  }

  void ExpectSameRows(const std::vector<RowResult>& expected, const std::vector<RowResult>& got) {
    ASSERT_EQ(expected.size(), got.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(expected[i].row(), got[i].row()) << "row " << i;
      EXPECT_EQ(expected[i].cells(), got[i].cells()) << "row " << i;
      EXPECT_EQ(expected[i].partial(), got[i].partial()) << "row " << i;
    }
  }
};

TEST_F(ScanViewTest, GivesTheSameRowsAsNextForEveryKindOfScan) {
  const std::string zero("\0", 1);
  std::vector<std::pair<std::string, Scan>> scans = {
      {"plain", Scan()},
      {"versions", Scan().SetMaxVersions(3)},
      {"raw", Scan().SetRaw(true).SetMaxVersions(5)},
      {"reversed", Scan().SetReversed(true).SetMaxVersions(2)},
      {"batch 2", Scan().SetBatch(2).SetMaxVersions(3)},
      {"reversed batch 3", Scan().SetReversed(true).SetBatch(3)},
      {"limit", Scan().SetLimit(3)},
      {"limit batch", Scan().SetLimit(2).SetBatch(1)},
      {"family", Scan().AddFamily("g")},
      {"columns", Scan().AddColumn("f", "").AddColumn("f", "q").SetMaxVersions(3)},
      {"time range", Scan().SetTimeRange({11, 13}).SetMaxVersions(3)},
      {"prefix", Scan().SetRowPrefix(zero)},
      {"bounds", Scan().SetStartRow("\x01").SetStopRow("\xff")},
      {"filter", Scan().SetFilter(std::make_shared<SkipValueFilter>())},
      {"filter batch", Scan().SetFilter(std::make_shared<SkipValueFilter>()).SetBatch(2)},
  };
  for (const auto& [name, scan] : scans) {
    SCOPED_TRACE(name);
    std::vector<RowResult> expected = ReadOwned(scan);
    EXPECT_FALSE(expected.empty());
    ExpectSameRows(expected, ReadViews(scan));
  }
}

TEST_F(ScanViewTest, ViewsOfOneRowPointIntoTheScannerUntilTheNextCall) {
  auto sc = table_->GetScanner(Scan().SetStartRow("a").SetStopRow("b").SetMaxVersions(3));
  ASSERT_TRUE(sc.ok());
  RowView view;
  ASSERT_TRUE(*(*sc)->NextView(&view));
  EXPECT_EQ(view.row(), "a");
  // Every view of the row is still intact after the whole row was read (the iterator moved on).
  std::vector<std::string> cells;
  for (const CellView& c : view.cells()) {
    cells.push_back(std::string(c.family) + ":" + std::string(c.qualifier) + "@" +
                    std::to_string(c.timestamp) + "=" + std::string(c.value));
  }
  const std::string zero("\0", 1);
  EXPECT_EQ(cells, (std::vector<std::string>{"f:@13=empty", "f:" + zero + "@13=zero", "f:q@14=v1",
                                             "g:x@15=skip", "g:x@14=g1"}));
  ASSERT_TRUE(*(*sc)->NextView(&view));
  EXPECT_EQ(view.row(), "a" + zero);
  EXPECT_FALSE(*(*sc)->NextView(&view));
  EXPECT_TRUE(view.empty());
}

TEST_F(ScanViewTest, RowsBiggerThanOneBufferChunkStayIntact) {
  CreateTable("big", {Family("f")});
  for (int r = 0; r < 3; ++r) {
    Put p("r" + std::to_string(r), 1);
    for (int c = 0; c < 5; ++c) {
      p.AddColumn("f", "c" + std::to_string(c), std::string(30000 + 20000 * c, 'a' + r + c));
    }
    ASSERT_OK(table_->Put(p));
  }
  ExpectSameRows(ReadOwned(Scan()), ReadViews(Scan()));
}

TEST_F(ScanViewTest, NextIntoAndNextViewContinueEachOthersBatchedRow) {
  // Row "w" has 7 cells: pieces of 3, 3 and 1. The limit counts rows, not pieces.
  auto sc = table_->GetScanner(Scan().SetStartRow("w").SetBatch(3).SetLimit(1));
  ASSERT_TRUE(sc.ok());
  RowView view;
  RowResult owned;
  ASSERT_TRUE(*(*sc)->NextView(&view));
  EXPECT_EQ(view.size(), 3u);
  EXPECT_TRUE(view.partial());
  ASSERT_TRUE(*(*sc)->NextInto(&owned));
  EXPECT_EQ(owned.size(), 3u);
  EXPECT_TRUE(owned.partial());
  EXPECT_EQ(owned.cells()[0].qualifier, "c3");
  ASSERT_TRUE(*(*sc)->NextView(&view));
  ASSERT_EQ(view.size(), 1u);
  EXPECT_FALSE(view.partial());
  EXPECT_EQ(view.cells()[0].qualifier, "c6");
  EXPECT_FALSE(*(*sc)->NextInto(&owned));

  auto again = table_->GetScanner(Scan().SetStartRow("w").SetBatch(3).SetLimit(1));
  ASSERT_TRUE(*(*again)->NextInto(&owned));
  ASSERT_TRUE(*(*again)->NextView(&view));
  EXPECT_EQ(view.cells()[0].qualifier, "c3");
  EXPECT_EQ(view.cells()[0].value, "www");
  EXPECT_TRUE(view.partial());
}

// A scanner that only implements Next: NextView's default keeps the row in the RowView.
class ListScanner final : public ResultScanner {
 public:
  explicit ListScanner(std::vector<RowResult> rows) : rows_(std::move(rows)) {}
  Result<std::optional<RowResult>> Next() override {
    if (next_ == rows_.size()) return std::optional<RowResult>();
    return std::optional<RowResult>(rows_[next_++]);
  }

 private:
  std::vector<RowResult> rows_;
  size_t next_ = 0;
};

TEST(ResultScannerTest, DefaultNextViewViewsTheRowsOfNext) {
  Cell a{"r1", "f", "q", 5, CellType::kPut, "v"};
  Cell b{"r2", "f", "", 6, CellType::kDeleteColumn, ""};
  ListScanner scanner({RowResult("r1", {a}), RowResult("r2", {b}, /*partial=*/true)});
  RowView view;
  ASSERT_TRUE(*scanner.NextView(&view));
  EXPECT_EQ(view.row(), "r1");
  ASSERT_EQ(view.size(), 1u);
  EXPECT_EQ(view.cells()[0], CellView::Of(a));
  ASSERT_TRUE(*scanner.NextView(&view));
  EXPECT_EQ(view.cells()[0].ToCell(), b);
  EXPECT_TRUE(view.partial());
  EXPECT_FALSE(*scanner.NextView(&view));
  EXPECT_TRUE(view.empty());
  EXPECT_TRUE(view.row().empty());
}

}  // namespace
}  // namespace cellar
