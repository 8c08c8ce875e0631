#include <gtest/gtest.h>

#include "filter/filter_test_util.h"

namespace cellar::filter {
namespace {

using testing::Keys;
using testing::MakeCell;
using testing::Rows;
using testing::RunScan;
using Op = CompareOperator;
using RC = Filter::ReturnCode;

// A filter that answers fixed codes, to pin the merge tables.
class FixedFilter : public Filter {
 public:
  explicit FixedFilter(RC rc, std::optional<SeekHint> hint = std::nullopt)
      : rc_(rc), hint_(std::move(hint)) {}
  RC FilterCell(const Cell&) override {
    ++calls;
    return rc_;
  }
  std::optional<SeekHint> GetNextCellHint(const Cell&) override { return hint_; }
  std::string ToString() const override { return "Fixed"; }
  int calls = 0;

 private:
  RC rc_;
  std::optional<SeekHint> hint_;
};

RC Merge(FilterListOperator op, RC a, RC b) {
  auto list =
      MakeFilterList(op, {std::make_shared<FixedFilter>(a), std::make_shared<FixedFilter>(b)});
  return list->FilterCell(MakeCell("r", "f", "q"));
}

TEST(FilterListTest, AndTakesTheLargestStep) {
  auto all = FilterListOperator::kMustPassAll;
  EXPECT_EQ(Merge(all, RC::kInclude, RC::kIncludeAndNextColumn), RC::kIncludeAndNextColumn);
  EXPECT_EQ(Merge(all, RC::kIncludeAndNextColumn, RC::kSkip), RC::kNextColumn);
  EXPECT_EQ(Merge(all, RC::kIncludeAndSeekNextRow, RC::kInclude), RC::kIncludeAndSeekNextRow);
  EXPECT_EQ(Merge(all, RC::kInclude, RC::kNextRow), RC::kNextRow);
  EXPECT_EQ(Merge(all, RC::kInclude, RC::kSeekNextUsingHint), RC::kSeekNextUsingHint);
}

TEST(FilterListTest, AndStopsAskingOnceTheCellIsRejected) {
  auto second = std::make_shared<FixedFilter>(RC::kInclude);
  auto list = MakeFilterList(FilterListOperator::kMustPassAll,
                             {std::make_shared<FixedFilter>(RC::kSkip), second});
  EXPECT_EQ(list->FilterCell(MakeCell("r", "f", "q")), RC::kSkip);
  EXPECT_EQ(second->calls, 0);
}

TEST(FilterListTest, OrTakesTheSmallestStep) {
  auto one = FilterListOperator::kMustPassOne;
  EXPECT_EQ(Merge(one, RC::kSkip, RC::kIncludeAndNextColumn), RC::kInclude);
  EXPECT_EQ(Merge(one, RC::kNextColumn, RC::kNextRow), RC::kNextColumn);
  EXPECT_EQ(Merge(one, RC::kIncludeAndSeekNextRow, RC::kNextRow), RC::kIncludeAndSeekNextRow);
  EXPECT_EQ(Merge(one, RC::kNextColumn, RC::kIncludeAndSeekNextRow), RC::kIncludeAndNextColumn);
  EXPECT_EQ(Merge(one, RC::kSeekNextUsingHint, RC::kNextRow), RC::kSkip);
  EXPECT_EQ(Merge(one, RC::kSeekNextUsingHint, RC::kSeekNextUsingHint), RC::kSeekNextUsingHint);
}

TEST(FilterListTest, OrDoesNotReaskAFilterForACellItsLastAnswerCovered) {
  auto next_column = std::make_shared<FixedFilter>(RC::kNextColumn);
  auto skip = std::make_shared<FixedFilter>(RC::kSkip);
  auto list = MakeFilterList(FilterListOperator::kMustPassOne, {next_column, skip});
  EXPECT_EQ(list->FilterCell(MakeCell("r", "f", "q", 2)), RC::kSkip);
  EXPECT_EQ(list->FilterCell(MakeCell("r", "f", "q", 1)), RC::kSkip);  // same column
  EXPECT_EQ(next_column->calls, 1);
  EXPECT_EQ(skip->calls, 2);
  list->FilterCell(MakeCell("r", "f", "z", 1));  // a new column: asked again
  EXPECT_EQ(next_column->calls, 2);
  list->Reset();
  list->FilterCell(MakeCell("s", "f", "z", 1));  // a new row forgets the previous answers
  EXPECT_EQ(next_column->calls, 3);
}

TEST(FilterListTest, AndSeeksWithTheFirstSeekingFilterAndOrToTheNearestHint) {
  SeekHint near{"b", "", ""};
  SeekHint far{"d", "", ""};
  std::vector<std::shared_ptr<Filter>> filters = {
      std::make_shared<FixedFilter>(RC::kSeekNextUsingHint, near),
      std::make_shared<FixedFilter>(RC::kSeekNextUsingHint, far)};
  Cell c = MakeCell("a", "f", "q");
  auto all = MakeFilterList(FilterListOperator::kMustPassAll, filters);
  // The first seek already rejects the cell, so later filters are not asked (HBASE-20565).
  ASSERT_EQ(all->FilterCell(c), RC::kSeekNextUsingHint);
  EXPECT_EQ(all->GetNextCellHint(c)->row, "b");
  auto one = MakeFilterList(FilterListOperator::kMustPassOne,
                            {std::make_shared<FixedFilter>(RC::kSeekNextUsingHint, near),
                             std::make_shared<FixedFilter>(RC::kSeekNextUsingHint, far)});
  ASSERT_EQ(one->FilterCell(c), RC::kSeekNextUsingHint);
  EXPECT_EQ(one->GetNextCellHint(c)->row, "b");
}

std::vector<Cell> BookRows() {
  std::vector<Cell> cells;
  for (int r = 1; r <= 8; ++r) {
    for (int c = 0; c < 5; ++c) {
      char row[8], col[8];
      snprintf(row, sizeof(row), "row-%02d", r);
      snprintf(col, sizeof(col), "col-%02d", c);
      cells.push_back(MakeCell(row, "colfam1", col, 1, "v"));
    }
  }
  return cells;
}

// The book's FilterList example: rows row-03..row-06 and qualifiers col-00 or col-03.
std::vector<std::shared_ptr<Filter>> BookFilters() {
  return {MakeRowFilter(Op::kGreaterOrEqual, MakeBinaryComparator("row-03")),
          MakeRowFilter(Op::kLessOrEqual, MakeBinaryComparator("row-06")),
          MakeQualifierFilter(Op::kEqual, *MakeRegexStringComparator("col-0[03]"))};
}

TEST(FilterListTest, MustPassAllIntersects) {
  auto list = MakeFilterList(FilterListOperator::kMustPassAll, BookFilters());
  auto out = RunScan(*list, BookRows());
  EXPECT_EQ(Rows(out), (std::vector<std::string>{"row-03", "row-04", "row-05", "row-06"}));
  EXPECT_EQ(out.size(), 8u);
}

TEST(FilterListTest, MustPassOneUnites) {
  auto list = MakeFilterList(FilterListOperator::kMustPassOne, BookFilters());
  EXPECT_EQ(RunScan(*list, BookRows()).size(), 40u);  // every row passes one of the row filters
}

TEST(FilterListTest, OrDoesNotReaskAFilterThatSkippedTheRow) {
  auto prefix = MakePrefixFilter("row-02");
  auto list =
      MakeFilterList(FilterListOperator::kMustPassOne,
                     {prefix, MakeQualifierFilter(Op::kEqual, MakeBinaryComparator("col-01"))});
  auto out = RunScan(*list, BookRows());
  // row-02 whole, plus col-01 of every other row until the prefix filter ends the scan... which
  // in an OR list only happens when every sub-filter is done: so col-01 of all rows.
  EXPECT_EQ(out.size(), 5u + 7u);
}

TEST(FilterListTest, NestedListsCombine) {
  auto inner = MakeFilterList(FilterListOperator::kMustPassOne,
                              {MakePrefixFilter("row-02"), MakePrefixFilter("row-05")});
  auto outer =
      MakeFilterList(FilterListOperator::kMustPassAll,
                     {inner, MakeQualifierFilter(Op::kLess, MakeBinaryComparator("col-02"))});
  EXPECT_EQ(Keys(RunScan(*outer, BookRows())),
            (std::vector<std::string>{"row-02/colfam1:col-00", "row-02/colfam1:col-01",
                                      "row-05/colfam1:col-00", "row-05/colfam1:col-01"}));
}

TEST(FilterListTest, TransformsIncludedCellsThroughEachFilter) {
  auto list = MakeFilterList(FilterListOperator::kMustPassAll,
                             {MakeKeyOnlyFilter(true), MakeFirstKeyOnlyFilter()});
  auto out = RunScan(*list, {MakeCell("r", "f", "q", 1, "abc"), MakeCell("r", "f", "z")});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].value, std::string("\0\0\0\3", 4));
}

TEST(FilterListTest, EmptyListPassesEverything) {
  auto list = MakeFilterList(FilterListOperator::kMustPassAll, {});
  EXPECT_EQ(list->FilterCell(MakeCell("r", "f", "q")), RC::kInclude);
  EXPECT_FALSE(list->FilterRowKey(MakeCell("r", "f", "q")));
  EXPECT_FALSE(list->FilterAllRemaining());
}

TEST(FilterListTest, RowLevelMethodsCombine) {
  auto page = *MakePageFilter(1);
  auto and_list = MakeFilterList(FilterListOperator::kMustPassAll, {MakePrefixFilter("r"), page});
  EXPECT_TRUE(and_list->HasFilterRow());
  EXPECT_FALSE(and_list->FilterRowKey(MakeCell("r1", "f", "q")));
  EXPECT_FALSE(and_list->FilterRow());  // the page's first row
  EXPECT_TRUE(and_list->FilterAllRemaining());
  auto or_list =
      MakeFilterList(FilterListOperator::kMustPassOne, {*MakePageFilter(0), MakePrefixFilter("r")});
  EXPECT_FALSE(or_list->FilterAllRemaining());  // only when every filter is done
}

TEST(FilterListTest, ToStringParsesBack) {
  auto list = MakeFilterList(
      FilterListOperator::kMustPassOne,
      {MakePrefixFilter("a"), MakeFilterList(FilterListOperator::kMustPassAll,
                                             {MakeKeyOnlyFilter(), MakeFirstKeyOnlyFilter()})});
  EXPECT_EQ(list->ToString(),
            "(PrefixFilter ('a') OR (KeyOnlyFilter () AND FirstKeyOnlyFilter ()))");
  auto parsed = ParseFilterString(list->ToString());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ((*parsed)->ToString(), list->ToString());
}

}  // namespace
}  // namespace cellar::filter
