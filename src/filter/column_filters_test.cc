#include <gtest/gtest.h>

#include "filter/filter_test_util.h"

namespace cellar::filter {
namespace {

using testing::Keys;
using testing::MakeCell;
using testing::RunScan;
using RC = Filter::ReturnCode;

// One row, families f and g, columns c0..c5 in each, two versions of each column.
std::vector<Cell> WideRow() {
  std::vector<Cell> cells;
  for (const char* family : {"f", "g"}) {
    for (int i = 0; i < 6; ++i) {
      cells.push_back(MakeCell("r", family, "c" + std::to_string(i), 2, "new"));
      cells.push_back(MakeCell("r", family, "c" + std::to_string(i), 1, "old"));
    }
  }
  return cells;
}

TEST(ColumnCountGetFilterTest, ReturnsTheFirstColumnsThenEndsTheScan) {
  auto f = *MakeColumnCountGetFilter(2);
  EXPECT_EQ(Keys(RunScan(*f, WideRow())), (std::vector<std::string>{"r/f:c0", "r/f:c1"}));
  EXPECT_TRUE(f->FilterAllRemaining());
  EXPECT_TRUE(MakeColumnCountGetFilter(-1).status().IsInvalidArgument());
}

TEST(ColumnPaginationFilterTest, SkipsOffsetColumnsAndReturnsLimitAcrossFamilies) {
  auto f = *MakeColumnPaginationFilter(3, 5);
  auto out = RunScan(*f, WideRow());
  EXPECT_EQ(Keys(out), (std::vector<std::string>{"r/f:c5", "r/g:c0", "r/g:c1"}));
  EXPECT_EQ(out[0].value, "new");  // the newest version of each column
}

TEST(ColumnPaginationFilterTest, ColumnOffsetSeeksToTheFirstQualifier) {
  auto f = *MakeColumnPaginationFilter(2, std::string("c3"));
  Cell first = MakeCell("r", "f", "c0");
  EXPECT_EQ(f->FilterCell(first), RC::kSeekNextUsingHint);
  auto hint = f->GetNextCellHint(first);
  ASSERT_TRUE(hint.has_value());
  EXPECT_EQ(hint->qualifier, "c3");
  f->Reset();
  EXPECT_EQ(Keys(RunScan(*f, WideRow())), (std::vector<std::string>{"r/f:c3", "r/f:c4"}));
}

TEST(ColumnPaginationFilterTest, RejectsNegativeLimitOrOffset) {
  EXPECT_TRUE(MakeColumnPaginationFilter(-1, 0).status().IsInvalidArgument());
  EXPECT_TRUE(MakeColumnPaginationFilter(1, -1).status().IsInvalidArgument());
  EXPECT_TRUE(MakeColumnPaginationFilter(-1, std::string("a")).status().IsInvalidArgument());
}

TEST(ColumnPrefixFilterTest, KeepsPrefixedColumnsInEveryFamily) {
  std::vector<Cell> cells = {MakeCell("r", "f", "a"),   MakeCell("r", "f", "ab"),
                             MakeCell("r", "f", "abc"), MakeCell("r", "f", "b"),
                             MakeCell("r", "g", "aa"),  MakeCell("r", "g", "ab1")};
  auto f = MakeColumnPrefixFilter("ab");
  EXPECT_EQ(Keys(RunScan(*f, cells)), (std::vector<std::string>{"r/f:ab", "r/f:abc", "r/g:ab1"}));
}

TEST(ColumnPrefixFilterTest, HintsToThePrefixOrToTheNextFamily) {
  auto f = MakeColumnPrefixFilter("m");
  Cell before = MakeCell("r", "f", "a");
  Cell after = MakeCell("r", "f", "z");
  EXPECT_EQ(f->FilterCell(before), RC::kSeekNextUsingHint);
  EXPECT_EQ(f->GetNextCellHint(before)->qualifier, "m");
  EXPECT_EQ(f->FilterCell(after), RC::kSeekNextUsingHint);
  EXPECT_EQ(f->GetNextCellHint(after)->family, std::string("f\0", 2));
}

TEST(MultipleColumnPrefixFilterTest, KeepsColumnsMatchingAnyPrefix) {
  std::vector<Cell> cells = {MakeCell("r", "f", "a1"), MakeCell("r", "f", "ac"),
                             MakeCell("r", "f", "b"),  MakeCell("r", "f", "c5"),
                             MakeCell("r", "f", "d"),  MakeCell("r", "g", "c")};
  auto f = *MakeMultipleColumnPrefixFilter({"c", "a", "ab"});
  EXPECT_EQ(Keys(RunScan(*f, cells)),
            (std::vector<std::string>{"r/f:a1", "r/f:ac", "r/f:c5", "r/g:c"}));
}

TEST(MultipleColumnPrefixFilterTest, HintsToTheNextPrefix) {
  auto f = *MakeMultipleColumnPrefixFilter({"b", "d"});
  Cell c = MakeCell("r", "f", "c");
  EXPECT_EQ(f->FilterCell(c), RC::kSeekNextUsingHint);
  EXPECT_EQ(f->GetNextCellHint(c)->qualifier, "d");
  EXPECT_EQ(f->GetNextCellHint(MakeCell("r", "f", "a"))->qualifier, "b");
}

TEST(MultipleColumnPrefixFilterTest, RejectsDuplicatePrefixes) {
  EXPECT_TRUE(MakeMultipleColumnPrefixFilter({"a", "a"}).status().IsInvalidArgument());
}

TEST(ColumnRangeFilterTest, KeepsColumnsInTheRange) {
  auto incl = MakeColumnRangeFilter("c1", true, "c3", true);
  EXPECT_EQ(Keys(RunScan(*incl, WideRow())),
            (std::vector<std::string>{"r/f:c1", "r/f:c1", "r/f:c2", "r/f:c2", "r/f:c3", "r/f:c3",
                                      "r/g:c1", "r/g:c1", "r/g:c2", "r/g:c2", "r/g:c3", "r/g:c3"}));
  auto excl = MakeColumnRangeFilter("c1", false, "c3", false);
  EXPECT_EQ(Keys(RunScan(*excl, WideRow())),
            (std::vector<std::string>{"r/f:c2", "r/f:c2", "r/g:c2", "r/g:c2"}));
}

TEST(ColumnRangeFilterTest, OpenBoundsAndHints) {
  auto f = MakeColumnRangeFilter(std::nullopt, true, "c1", false);
  EXPECT_EQ(Keys(RunScan(*f, WideRow())),
            (std::vector<std::string>{"r/f:c0", "r/f:c0", "r/g:c0", "r/g:c0"}));
  auto from = MakeColumnRangeFilter("c4", true, std::nullopt, false);
  Cell c = MakeCell("r", "f", "c0");
  EXPECT_EQ(from->FilterCell(c), RC::kSeekNextUsingHint);
  EXPECT_EQ(from->GetNextCellHint(c)->qualifier, "c4");
}

TEST(TimestampsFilterTest, KeepsOnlyListedVersions) {
  std::vector<Cell> cells = {MakeCell("r", "f", "a", 15), MakeCell("r", "f", "a", 10),
                             MakeCell("r", "f", "a", 7), MakeCell("r", "f", "a", 5),
                             MakeCell("r", "f", "a", 3)};
  auto f = *MakeTimestampsFilter({5, 10});
  auto out = RunScan(*f, cells);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].timestamp, 10);
  EXPECT_EQ(out[1].timestamp, 5);
  EXPECT_EQ(f->FilterCell(cells[4]), RC::kNextColumn);  // below the smallest: column done
  EXPECT_EQ(f->FilterCell(cells[2]), RC::kSkip);
  EXPECT_TRUE(MakeTimestampsFilter({-1}).status().IsInvalidArgument());
}

}  // namespace
}  // namespace cellar::filter
