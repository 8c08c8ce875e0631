#include <gtest/gtest.h>

#include "filter/filter_test_util.h"

namespace cellar::filter {
namespace {

using testing::MakeCell;
using testing::Rows;
using testing::RunScan;

std::vector<Cell> RowsNamed(std::initializer_list<const char*> rows) {
  std::vector<Cell> cells;
  for (const char* r : rows) {
    cells.push_back(MakeCell(r, "f", "a", 1, "value"));
    cells.push_back(MakeCell(r, "f", "b", 1, "v"));
  }
  return cells;
}

TEST(PrefixFilterTest, KeepsRowsWithThePrefix) {
  auto f = MakePrefixFilter("row-1");
  auto cells = RowsNamed({"a", "row-0", "row-1", "row-10", "row-2", "z"});
  EXPECT_EQ(Rows(RunScan(*f, cells)), (std::vector<std::string>{"row-1", "row-10"}));
}

TEST(PrefixFilterTest, SeeksToThePrefixFromAnEarlierRow) {
  auto f = MakePrefixFilter("m");
  Cell first = MakeCell("a", "f", "q");
  EXPECT_FALSE(f->FilterRowKey(first));  // not skipped: FilterCell answers with a seek
  EXPECT_EQ(f->FilterCell(first), Filter::ReturnCode::kSeekNextUsingHint);
  auto hint = f->GetNextCellHint(first);
  ASSERT_TRUE(hint.has_value());
  EXPECT_EQ(hint->row, "m");
  EXPECT_EQ(hint->family, "");
}

TEST(PrefixFilterTest, EndsTheScanPastThePrefix) {
  auto f = MakePrefixFilter("m");
  EXPECT_TRUE(f->FilterRowKey(MakeCell("n", "f", "q")));
  EXPECT_TRUE(f->FilterAllRemaining());
}

TEST(PrefixFilterTest, ReversedScanEndsBelowThePrefixAndSkipsAboveIt) {
  auto f = MakePrefixFilter("m");
  f->SetReversed(true);
  EXPECT_TRUE(f->FilterRowKey(MakeCell("z", "f", "q")));
  EXPECT_FALSE(f->FilterAllRemaining());
  f->Reset();
  EXPECT_FALSE(f->FilterRowKey(MakeCell("m1", "f", "q")));
  f->Reset();
  EXPECT_TRUE(f->FilterRowKey(MakeCell("a", "f", "q")));
  EXPECT_TRUE(f->FilterAllRemaining());
}

TEST(PageFilterTest, ReturnsAtMostPageSizeRowsThenEnds) {
  auto f = *MakePageFilter(2);
  auto cells = RowsNamed({"a", "b", "c", "d"});
  EXPECT_EQ(Rows(RunScan(*f, cells)), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(f->FilterAllRemaining());
}

TEST(PageFilterTest, PageSizeZeroReturnsNothingAndNegativeIsRejected) {
  auto f = *MakePageFilter(0);
  EXPECT_TRUE(RunScan(*f, RowsNamed({"a"})).empty());
  EXPECT_TRUE(MakePageFilter(-1).status().IsInvalidArgument());
}

TEST(KeyOnlyFilterTest, EmptiesValues) {
  auto f = MakeKeyOnlyFilter();
  Cell out = f->TransformCell(MakeCell("r", "f", "q", 7, "value"));
  EXPECT_EQ(out.value, "");
  EXPECT_EQ(out.timestamp, 7);
  EXPECT_EQ(out.qualifier, "q");
}

TEST(KeyOnlyFilterTest, LenAsValueGivesTheLengthAsFourBigEndianBytes) {
  auto f = MakeKeyOnlyFilter(true);
  EXPECT_EQ(f->TransformCell(MakeCell("r", "f", "q", 1, std::string(258, 'x'))).value,
            std::string("\x00\x00\x01\x02", 4));
  EXPECT_EQ(f->ToString(), "KeyOnlyFilter (true)");
}

TEST(FirstKeyOnlyFilterTest, ReturnsTheFirstCellOfEachRow) {
  auto f = MakeFirstKeyOnlyFilter();
  auto out = RunScan(*f, RowsNamed({"a", "b"}));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].qualifier, "a");
  EXPECT_EQ(out[1].row, "b");
}

TEST(InclusiveStopFilterTest, IncludesTheStopRowThenEnds) {
  auto f = MakeInclusiveStopFilter("row-5");
  auto cells = RowsNamed({"row-3", "row-4", "row-5", "row-6"});
  EXPECT_EQ(Rows(RunScan(*f, cells)), (std::vector<std::string>{"row-3", "row-4", "row-5"}));
  EXPECT_TRUE(f->FilterAllRemaining());
}

TEST(InclusiveStopFilterTest, ReversedScanStopsBelowTheStopRow) {
  auto f = MakeInclusiveStopFilter("b");
  f->SetReversed(true);
  EXPECT_FALSE(f->FilterRowKey(MakeCell("c", "f", "q")));
  EXPECT_FALSE(f->FilterRowKey(MakeCell("b", "f", "q")));
  EXPECT_TRUE(f->FilterRowKey(MakeCell("a", "f", "q")));
}

TEST(RandomRowFilterTest, ChanceBelowZeroKeepsNothingAboveOneKeepsAll) {
  auto cells = RowsNamed({"a", "b", "c"});
  auto none = MakeRandomRowFilter(-1.0f, 1);
  EXPECT_TRUE(RunScan(*none, cells).empty());
  auto all = MakeRandomRowFilter(2.0f, 1);
  EXPECT_EQ(RunScan(*all, cells).size(), cells.size());
}

TEST(RandomRowFilterTest, SeededFilterIsRepeatableAndKeepsAboutTheChance) {
  std::vector<Cell> cells;
  for (int i = 0; i < 1000; ++i) cells.push_back(MakeCell(std::to_string(1000 + i), "f", "q"));
  auto a = MakeRandomRowFilter(0.25f, 42);
  auto b = MakeRandomRowFilter(0.25f, 42);
  auto out_a = RunScan(*a, cells);
  EXPECT_EQ(Rows(out_a), Rows(RunScan(*b, cells)));
  EXPECT_GT(out_a.size(), 150u);
  EXPECT_LT(out_a.size(), 350u);
}

}  // namespace
}  // namespace cellar::filter
