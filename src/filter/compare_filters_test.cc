#include <gtest/gtest.h>

#include "filter/filter_test_util.h"

namespace cellar::filter {
namespace {

using testing::Keys;
using testing::MakeCell;
using testing::Rows;
using testing::RunScan;
using Op = CompareOperator;

std::vector<Cell> TenRows() {
  std::vector<Cell> cells;
  for (int i = 1; i <= 10; ++i) {
    char row[8];
    snprintf(row, sizeof(row), "row-%02d", i);
    cells.push_back(MakeCell(row, "colfam1", "col-00", 1, std::string("val-") + (row + 4)));
  }
  return cells;
}

TEST(RowFilterTest, LessKeepsRowsSortingBeforeTheValue) {
  auto f = MakeRowFilter(Op::kLess, MakeBinaryComparator("row-03"));
  EXPECT_EQ(Rows(RunScan(*f, TenRows())), (std::vector<std::string>{"row-01", "row-02"}));
}

TEST(RowFilterTest, LessOrEqualIncludesTheValue) {
  auto f = MakeRowFilter(Op::kLessOrEqual, MakeBinaryComparator("row-02"));
  EXPECT_EQ(Rows(RunScan(*f, TenRows())), (std::vector<std::string>{"row-01", "row-02"}));
}

TEST(RowFilterTest, GreaterKeepsRowsSortingAfterTheValue) {
  auto f = MakeRowFilter(Op::kGreater, MakeBinaryComparator("row-08"));
  EXPECT_EQ(Rows(RunScan(*f, TenRows())), (std::vector<std::string>{"row-09", "row-10"}));
  auto ge = MakeRowFilter(Op::kGreaterOrEqual, MakeBinaryComparator("row-09"));
  EXPECT_EQ(Rows(RunScan(*ge, TenRows())), (std::vector<std::string>{"row-09", "row-10"}));
}

TEST(RowFilterTest, NotEqualSkipsOneRow) {
  auto f = MakeRowFilter(Op::kNotEqual, MakeBinaryComparator("row-05"));
  EXPECT_EQ(RunScan(*f, TenRows()).size(), 9u);
}

TEST(RowFilterTest, RegexAndSubstringMatchAnywhere) {
  auto regex = MakeRowFilter(Op::kEqual, *MakeRegexStringComparator(".*-.5"));
  EXPECT_EQ(Rows(RunScan(*regex, TenRows())), (std::vector<std::string>{"row-05"}));
  auto sub = MakeRowFilter(Op::kEqual, MakeSubstringComparator("-1"));
  EXPECT_EQ(Rows(RunScan(*sub, TenRows())), (std::vector<std::string>{"row-10"}));
}

TEST(RowFilterTest, NoOpKeepsNothing) {
  auto f = MakeRowFilter(Op::kNoOp, MakeBinaryComparator("row-05"));
  EXPECT_TRUE(RunScan(*f, TenRows()).empty());
}

TEST(RowFilterTest, FilterRowKeyDecidesAndFilterCellFollows) {
  auto f = MakeRowFilter(Op::kEqual, MakeBinaryComparator("b"));
  EXPECT_TRUE(f->FilterRowKey(MakeCell("a", "f", "q")));
  EXPECT_EQ(f->FilterCell(MakeCell("a", "f", "q")), Filter::ReturnCode::kNextRow);
  f->Reset();
  EXPECT_FALSE(f->FilterRowKey(MakeCell("b", "f", "q")));
  EXPECT_EQ(f->FilterCell(MakeCell("b", "f", "q")), Filter::ReturnCode::kInclude);
  EXPECT_EQ(f->ToString(), "RowFilter (=, 'binary:b')");
}

TEST(FamilyFilterTest, KeepsMatchingFamiliesAndSeeksPastOthers) {
  std::vector<Cell> cells = {MakeCell("r", "a", "q1"), MakeCell("r", "a", "q2"),
                             MakeCell("r", "b", "q1"), MakeCell("r", "c", "q1")};
  auto f = MakeFamilyFilter(Op::kLess, MakeBinaryComparator("c"));
  EXPECT_EQ(Keys(RunScan(*f, cells)), (std::vector<std::string>{"r/a:q1", "r/a:q2", "r/b:q1"}));
  auto only_b = MakeFamilyFilter(Op::kEqual, MakeBinaryComparator("b"));
  EXPECT_EQ(only_b->FilterCell(cells[0]), Filter::ReturnCode::kSeekNextUsingHint);
  auto hint = only_b->GetNextCellHint(cells[0]);
  ASSERT_TRUE(hint.has_value());
  EXPECT_EQ(hint->family, std::string("a\0", 2));  // the next family of the row
  EXPECT_EQ(Keys(RunScan(*only_b, cells)), (std::vector<std::string>{"r/b:q1"}));
}

TEST(QualifierFilterTest, KeepsQualifiersUpToTheValue) {
  std::vector<Cell> cells = {MakeCell("r", "f", "col-1"), MakeCell("r", "f", "col-2"),
                             MakeCell("r", "f", "col-3")};
  auto f = MakeQualifierFilter(Op::kLessOrEqual, MakeBinaryComparator("col-2"));
  EXPECT_EQ(Keys(RunScan(*f, cells)), (std::vector<std::string>{"r/f:col-1", "r/f:col-2"}));
}

TEST(ValueFilterTest, SubstringKeepsMatchingValuesOnly) {
  std::vector<Cell> cells = {MakeCell("r", "f", "a", 1, "val-1.4"),
                             MakeCell("r", "f", "b", 1, "val-2.0"),
                             MakeCell("r", "f", "c", 1, "VAL-3.4")};
  auto f = MakeValueFilter(Op::kEqual, MakeSubstringComparator(".4"));
  EXPECT_EQ(Keys(RunScan(*f, cells)), (std::vector<std::string>{"r/f:a", "r/f:c"}));
}

TEST(ValueFilterTest, BinaryPrefixMatchesValuesWithThePrefix) {
  auto f = MakeValueFilter(Op::kEqual, MakeBinaryPrefixComparator("ab"));
  EXPECT_EQ(f->FilterCell(MakeCell("r", "f", "q", 1, "abc")), Filter::ReturnCode::kInclude);
  EXPECT_EQ(f->FilterCell(MakeCell("r", "f", "q", 1, "a")), Filter::ReturnCode::kSkip);
}

TEST(DependentColumnFilterTest, KeepsCellsWithTheReferenceTimestamps) {
  std::vector<Cell> cells = {MakeCell("r", "f", "a", 5), MakeCell("r", "f", "a", 3),
                             MakeCell("r", "f", "ref", 5, "x"), MakeCell("r", "f", "z", 4)};
  auto f = MakeDependentColumnFilter("f", "ref");
  EXPECT_TRUE(f->HasFilterRow());
  auto out = RunScan(*f, cells);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].qualifier, "a");
  EXPECT_EQ(out[0].timestamp, 5);
  EXPECT_EQ(out[1].qualifier, "ref");
}

TEST(DependentColumnFilterTest, DropsTheReferenceColumnWhenAsked) {
  std::vector<Cell> cells = {MakeCell("r", "f", "a", 5), MakeCell("r", "f", "ref", 5)};
  auto f = MakeDependentColumnFilter("f", "ref", true);
  EXPECT_EQ(Keys(RunScan(*f, cells)), (std::vector<std::string>{"r/f:a"}));
}

TEST(DependentColumnFilterTest, ValueComparisonChoosesReferenceVersions) {
  std::vector<Cell> cells = {MakeCell("r", "f", "a", 5), MakeCell("r", "f", "a", 3),
                             MakeCell("r", "f", "ref", 5, "no"),
                             MakeCell("r", "f", "ref", 3, "yes")};
  auto f = MakeDependentColumnFilter("f", "ref", false, Op::kEqual, MakeBinaryComparator("yes"));
  auto out = RunScan(*f, cells);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].timestamp, 3);
  EXPECT_EQ(out[1].value, "yes");
}

TEST(ColumnValueFilterTest, ReturnsOnlyTheMatchingVersionsOfTheColumn) {
  std::vector<Cell> cells = {MakeCell("r", "f", "a", 1, "1"), MakeCell("r", "f", "q", 3, "7"),
                             MakeCell("r", "f", "q", 2, "3"), MakeCell("r", "f", "z", 1, "9")};
  auto f = MakeColumnValueFilter("f", "q", Op::kGreater, MakeBinaryComparator("5"));
  auto out = RunScan(*f, cells);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].value, "7");
  EXPECT_TRUE(f->IsFamilyEssential("f"));
  EXPECT_FALSE(f->IsFamilyEssential("g"));
}

}  // namespace
}  // namespace cellar::filter
