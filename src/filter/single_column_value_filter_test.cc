#include <gtest/gtest.h>

#include "filter/filter_test_util.h"

namespace cellar::filter {
namespace {

using testing::MakeCell;
using testing::Rows;
using testing::RunScan;
using Op = CompareOperator;

std::vector<Cell> Data() {
  return {MakeCell("r1", "f", "a", 1, "x"), MakeCell("r1", "f", "col", 1, "val-5"),
          MakeCell("r2", "f", "a", 1, "x"), MakeCell("r2", "f", "col", 1, "val-6"),
          MakeCell("r3", "f", "a", 1, "x")};  // r3 lacks the column
}

TEST(SingleColumnValueFilterTest, KeepsWholeRowsWhoseColumnMatches) {
  auto f = MakeSingleColumnValueFilter("f", "col", Op::kEqual, MakeBinaryComparator("val-5"));
  auto out = RunScan(*f, Data());
  EXPECT_EQ(Rows(out), (std::vector<std::string>{"r1", "r3"}));  // r3: missing passes
  EXPECT_EQ(out.size(), 3u);
}

TEST(SingleColumnValueFilterTest, FilterIfMissingDropsRowsWithoutTheColumn) {
  auto f = MakeSingleColumnValueFilter("f", "col", Op::kNotEqual, MakeSubstringComparator("val-5"),
                                       {true, true});
  EXPECT_EQ(Rows(RunScan(*f, Data())), (std::vector<std::string>{"r2"}));
}

TEST(SingleColumnValueFilterTest, TestsOnlyTheLatestVersionByDefault) {
  std::vector<Cell> cells = {MakeCell("r", "f", "col", 2, "new"),
                             MakeCell("r", "f", "col", 1, "old")};
  auto latest = MakeSingleColumnValueFilter("f", "col", Op::kEqual, MakeBinaryComparator("old"));
  EXPECT_TRUE(RunScan(*latest, cells).empty());
  auto any = MakeSingleColumnValueFilter("f", "col", Op::kEqual, MakeBinaryComparator("old"),
                                         {false, false});
  EXPECT_EQ(RunScan(*any, cells).size(), 2u);
}

TEST(SingleColumnValueFilterTest, CallsFollowHBaseContract) {
  auto f = MakeSingleColumnValueFilter("f", "col", Op::kLess, MakeBinaryComparator("m"));
  EXPECT_TRUE(f->HasFilterRow());
  EXPECT_EQ(f->FilterCell(MakeCell("r", "f", "a")), Filter::ReturnCode::kInclude);
  EXPECT_EQ(f->FilterCell(MakeCell("r", "f", "col", 1, "z")), Filter::ReturnCode::kNextRow);
  EXPECT_TRUE(f->FilterRow());
  f->Reset();
  EXPECT_EQ(f->FilterCell(MakeCell("s", "f", "col", 1, "a")), Filter::ReturnCode::kInclude);
  EXPECT_FALSE(f->FilterRow());
}

TEST(SingleColumnValueFilterTest, FamilyEssentialOnlyForTheTestedFamilyWhenFilteringMissing) {
  auto f =
      MakeSingleColumnValueFilter("f", "c", Op::kEqual, MakeBinaryComparator("v"), {true, true});
  EXPECT_TRUE(f->IsFamilyEssential("f"));
  EXPECT_FALSE(f->IsFamilyEssential("g"));
  auto lenient = MakeSingleColumnValueFilter("f", "c", Op::kEqual, MakeBinaryComparator("v"));
  EXPECT_TRUE(lenient->IsFamilyEssential("g"));
}

TEST(SingleColumnValueExcludeFilterTest, DropsTheTestedColumnFromTheRow) {
  auto f = MakeSingleColumnValueExcludeFilter("f", "col", Op::kEqual, MakeBinaryComparator("val-5"),
                                              {true, true});
  auto out = RunScan(*f, Data());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].row, "r1");
  EXPECT_EQ(out[0].qualifier, "a");
}

TEST(SingleColumnValueFilterTest, ToStringParsesBack) {
  auto f = MakeSingleColumnValueFilter("f", "q'1", Op::kGreaterOrEqual, MakeBinaryComparator("v"),
                                       {true, false});
  EXPECT_EQ(f->ToString(), "SingleColumnValueFilter ('f', 'q''1', >=, 'binary:v', true, false)");
  auto parsed = ParseFilterString(f->ToString());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ((*parsed)->ToString(), f->ToString());
}

}  // namespace
}  // namespace cellar::filter
