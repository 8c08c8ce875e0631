#include <gtest/gtest.h>

#include "filter/filter_test_util.h"

namespace cellar::filter {
namespace {

using testing::MakeCell;
using testing::Rows;
using testing::RunScan;
using Op = CompareOperator;

std::vector<Cell> BookRows() {
  std::vector<Cell> cells;
  for (int r = 1; r <= 10; ++r) {
    char row[8];
    snprintf(row, sizeof(row), "row-%02d", r);
    cells.push_back(MakeCell(row, "colfam1", "col-00", 1, std::string("val-") + (row + 4)));
  }
  return cells;
}

TEST(WhileMatchFilterTest, BookExampleStopsAtTheFirstRejectedRow) {
  auto plain = MakeRowFilter(Op::kNotEqual, MakeBinaryComparator("row-05"));
  EXPECT_EQ(RunScan(*plain, BookRows()).size(), 9u);
  auto wrapped = MakeWhileMatchFilter(MakeRowFilter(Op::kNotEqual, MakeBinaryComparator("row-05")));
  EXPECT_EQ(Rows(RunScan(*wrapped, BookRows())),
            (std::vector<std::string>{"row-01", "row-02", "row-03", "row-04"}));
  EXPECT_TRUE(wrapped->FilterAllRemaining());
}

TEST(WhileMatchFilterTest, AnyAnswerButIncludeEndsTheScan) {
  auto f = MakeWhileMatchFilter(MakeValueFilter(Op::kEqual, MakeBinaryComparator("x")));
  EXPECT_EQ(f->FilterCell(MakeCell("r", "f", "q", 1, "x")), Filter::ReturnCode::kInclude);
  EXPECT_FALSE(f->FilterAllRemaining());
  EXPECT_EQ(f->FilterCell(MakeCell("r", "f", "q", 1, "y")), Filter::ReturnCode::kSkip);
  EXPECT_TRUE(f->FilterAllRemaining());
  f->Reset();
  EXPECT_TRUE(f->FilterAllRemaining());  // for the rest of the scan
}

TEST(SkipFilterTest, DropsRowsWithAnyRejectedCell) {
  std::vector<Cell> cells = {
      MakeCell("r1", "f", "a", 1, "val-1"), MakeCell("r1", "f", "b", 1, "val-0"),
      MakeCell("r2", "f", "a", 1, "val-2"), MakeCell("r2", "f", "b", 1, "val-3")};
  auto plain = MakeValueFilter(Op::kNotEqual, MakeBinaryComparator("val-0"));
  EXPECT_EQ(RunScan(*plain, cells).size(), 3u);
  auto skip = MakeSkipFilter(MakeValueFilter(Op::kNotEqual, MakeBinaryComparator("val-0")));
  EXPECT_TRUE(skip->HasFilterRow());
  EXPECT_EQ(Rows(RunScan(*skip, cells)), (std::vector<std::string>{"r2"}));
}

TEST(SkipFilterTest, PassesTheRowKeyToTheWrappedFilter) {
  auto skip = MakeSkipFilter(MakePrefixFilter("r2"));
  std::vector<Cell> cells = {MakeCell("r1", "f", "a"), MakeCell("r2", "f", "a"),
                             MakeCell("r3", "f", "a")};
  EXPECT_EQ(Rows(RunScan(*skip, cells)), (std::vector<std::string>{"r2"}));
}

TEST(WrapperFilterTest, ReversedReachesTheWrappedFilter) {
  auto f = MakeWhileMatchFilter(MakeInclusiveStopFilter("b"));
  f->SetReversed(true);
  EXPECT_FALSE(f->FilterRowKey(MakeCell("c", "f", "q")));  // reversed: "c" comes before "b"
  EXPECT_TRUE(f->FilterRowKey(MakeCell("a", "f", "q")));
}

}  // namespace
}  // namespace cellar::filter
