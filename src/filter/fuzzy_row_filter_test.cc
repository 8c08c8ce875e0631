#include "filter/fuzzy_row_filter.h"

#include <gtest/gtest.h>

#include "filter/filter_test_util.h"

namespace cellar::filter {
namespace {

using testing::MakeCell;
using testing::Rows;
using testing::RunScan;

const std::string kFixedAnyFixed("\x00\x01\x00", 3);

TEST(FuzzyRowFilterTest, MatchesFixedBytesAndIgnoresFreeOnes) {
  EXPECT_TRUE(FuzzyMatches("a5c", "a?c", kFixedAnyFixed));
  EXPECT_TRUE(FuzzyMatches("axc", "a?c", kFixedAnyFixed));
  EXPECT_FALSE(FuzzyMatches("axd", "a?c", kFixedAnyFixed));
  EXPECT_TRUE(FuzzyMatches("axcZZ", "a?c", kFixedAnyFixed));  // longer rows: the key's length
  EXPECT_TRUE(FuzzyMatches("ax", "a?c", kFixedAnyFixed));     // shorter rows: HBase accepts
}

TEST(FuzzyRowFilterTest, NextRowRaisesAFixedByteThatIsTooLow) {
  EXPECT_EQ(FuzzyNextRow("axa", "a?c", kFixedAnyFixed), "axc");
  EXPECT_EQ(FuzzyNextRow("0", "a?c", kFixedAnyFixed), std::string("a\0c", 3));
  // Free bytes after the last fixed one are left off rather than filled with zeros.
  EXPECT_EQ(FuzzyNextRow("0", "a??", std::string("\x00\x01\x01", 3)), "a");
}

TEST(FuzzyRowFilterTest, NextRowIncrementsAFreeByteWhenAFixedByteIsTooHigh) {
  EXPECT_EQ(FuzzyNextRow("axd", "a?c", kFixedAnyFixed), "ayc");
  EXPECT_EQ(FuzzyNextRow("b", "a?c", kFixedAnyFixed), std::nullopt);  // past every match
  EXPECT_EQ(FuzzyNextRow("a\xff"
                         "d",
                         "a?c", kFixedAnyFixed),
            std::nullopt);
}

TEST(FuzzyRowFilterTest, ScanKeepsMatchingRowsAndSeeksBetweenThem) {
  std::vector<Cell> cells;
  for (const char* r : {"0000_99", "0001_11", "0001_99", "0002_99", "0003_55", "1000_99"}) {
    cells.push_back(MakeCell(r, "f", "q"));
  }
  auto f = *MakeFuzzyRowFilter({{"????_99", std::string("\x01\x01\x01\x01\x00\x00\x00", 7)}});
  EXPECT_EQ(Rows(RunScan(*f, cells)),
            (std::vector<std::string>{"0000_99", "0001_99", "0002_99", "1000_99"}));
  Cell miss = MakeCell("0001_11", "f", "q");
  EXPECT_EQ(f->FilterCell(miss), Filter::ReturnCode::kSeekNextUsingHint);
  EXPECT_EQ(f->GetNextCellHint(miss)->row, "0001_99");
}

TEST(FuzzyRowFilterTest, SeveralKeysSeekToTheNearestCandidate) {
  auto f =
      *MakeFuzzyRowFilter({{"b?", std::string("\x00\x01", 2)}, {"a?", std::string("\x00\x01", 2)}});
  EXPECT_EQ(f->GetNextCellHint(MakeCell("0", "f", "q"))->row, "a");
}

TEST(FuzzyRowFilterTest, EndsTheScanWhenNoRowCanMatch) {
  auto f = *MakeFuzzyRowFilter({{"a", std::string("\x00", 1)}});
  Cell c = MakeCell("b", "f", "q");
  EXPECT_EQ(f->FilterCell(c), Filter::ReturnCode::kSeekNextUsingHint);
  EXPECT_FALSE(f->GetNextCellHint(c).has_value());
  EXPECT_TRUE(f->FilterAllRemaining());
}

TEST(FuzzyRowFilterTest, RejectsMismatchedLengthsAndBadMaskBytes) {
  EXPECT_TRUE(MakeFuzzyRowFilter({{"ab", std::string("\x00", 1)}}).status().IsInvalidArgument());
  EXPECT_TRUE(MakeFuzzyRowFilter({{"a", "\x02"}}).status().IsInvalidArgument());
}

}  // namespace
}  // namespace cellar::filter
