#include <gtest/gtest.h>

#include "cellar/filters.h"
#include "filter/filter_test_util.h"

namespace cellar {
namespace {

using filter::testing::Keys;
using filter::testing::MakeCell;
using filter::testing::Rows;
using filter::testing::RunScan;

std::shared_ptr<Filter> Parse(std::string_view s) {
  auto f = ParseFilterString(s);
  EXPECT_TRUE(f.ok()) << s << "\n" << f.status().ToString();
  return f.ok() ? *f : nullptr;
}

// ToString of the parsed filter: the parser's structure, in the language itself.
std::string Tree(std::string_view s) {
  auto f = Parse(s);
  return f ? f->ToString() : "<error>";
}

TEST(FilterParserTest, ParsesEveryRegisteredFilter) {
  const char* strings[] = {
      "KeyOnlyFilter ()",
      "KeyOnlyFilter (true)",
      "FirstKeyOnlyFilter ()",
      "PrefixFilter ('row')",
      "ColumnPrefixFilter ('col')",
      "MultipleColumnPrefixFilter ('a', 'b', 'c')",
      "ColumnCountGetFilter (4)",
      "PageFilter (10)",
      "ColumnPaginationFilter (3, 5)",
      "InclusiveStopFilter ('row-5')",
      "TimestampsFilter (5985489, 48895495, 58489845945)",
      "RowFilter (<=, 'binary:row-22')",
      "FamilyFilter (=, 'binaryprefix:fam')",
      "QualifierFilter (!=, 'regexstring:col-0[03]')",
      "ValueFilter (=, 'substring:abc')",
      "ColumnRangeFilter ('a', true, 'c', false)",
      "SingleColumnValueFilter ('f', 'q', >, 'binary:5')",
      "SingleColumnValueFilter ('f', 'q', >, 'binary:5', true, false)",
      "SingleColumnValueExcludeFilter ('f', 'q', =, 'binary:5', false, true)",
      "DependentColumnFilter ('f', 'q')",
      "DependentColumnFilter ('f', 'q', true)",
      "DependentColumnFilter ('f', 'q', false, >=, 'binary:1')",
      "ColumnValueFilter ('f', 'q', <, 'binary:9')",
  };
  for (const char* s : strings) EXPECT_NE(Parse(s), nullptr) << s;
  EXPECT_EQ(RegisteredFilterNames().size(), 19u);
}

TEST(FilterParserTest, ToStringOfAParsedFilterParsesToTheSameFilter) {
  for (const char* s : {"PrefixFilter ('it''s')", "ColumnRangeFilter ('', false, 'z', true)",
                        "TimestampsFilter (3, 1, 2)", "SKIP ValueFilter (!=, 'binary:0')",
                        "WHILE (RowFilter (<, 'binary:m') AND KeyOnlyFilter ())"}) {
    std::string once = Tree(s);
    EXPECT_EQ(Tree(once), once) << s;
  }
}

TEST(FilterParserTest, AndBindsTighterThanOr) {
  EXPECT_EQ(Tree("PrefixFilter ('a') AND PrefixFilter ('b') OR PrefixFilter ('c')"),
            "((PrefixFilter ('a') AND PrefixFilter ('b')) OR PrefixFilter ('c'))");
  EXPECT_EQ(Tree("PrefixFilter ('a') OR PrefixFilter ('b') AND PrefixFilter ('c') OR "
                 "PrefixFilter ('d')"),
            "(PrefixFilter ('a') OR (PrefixFilter ('b') AND PrefixFilter ('c')) OR "
            "PrefixFilter ('d'))");
}

TEST(FilterParserTest, RunsOfTheSameOperatorFormOneList) {
  EXPECT_EQ(Tree("PrefixFilter ('a') AND PrefixFilter ('b') AND PrefixFilter ('c')"),
            "(PrefixFilter ('a') AND PrefixFilter ('b') AND PrefixFilter ('c'))");
}

TEST(FilterParserTest, ParenthesesOverridePrecedence) {
  EXPECT_EQ(Tree("PrefixFilter ('a') AND (PrefixFilter ('b') OR PrefixFilter ('c'))"),
            "(PrefixFilter ('a') AND (PrefixFilter ('b') OR PrefixFilter ('c')))");
  EXPECT_EQ(Tree("((PrefixFilter ('a')))"), "PrefixFilter ('a')");
}

TEST(FilterParserTest, SkipAndWhileBindTighterThanAnd) {
  EXPECT_EQ(Tree("SKIP PrefixFilter ('a') AND PrefixFilter ('b')"),
            "(SKIP PrefixFilter ('a') AND PrefixFilter ('b'))");
  EXPECT_EQ(Tree("WHILE SKIP PrefixFilter ('a')"), "WHILE SKIP PrefixFilter ('a')");
  EXPECT_EQ(Tree("SKIP (PrefixFilter ('a') OR PrefixFilter ('b'))"),
            "SKIP (PrefixFilter ('a') OR PrefixFilter ('b'))");
}

TEST(FilterParserTest, WhitespaceIsOptionalWhereHBaseAllowsIt) {
  EXPECT_EQ(Tree("PrefixFilter('a')AND(PrefixFilter('b'))"),
            "(PrefixFilter ('a') AND PrefixFilter ('b'))");
  EXPECT_EQ(Tree("\t SKIP(PrefixFilter('a'))  "), "SKIP PrefixFilter ('a')");
  EXPECT_EQ(Tree("RowFilter(<,'binary:a')"), "RowFilter (<, 'binary:a')");
  EXPECT_EQ(Tree("ColumnPaginationFilter ( 1 ,2 )"), "ColumnPaginationFilter (1, 2)");
}

TEST(FilterParserTest, DoubledQuotesAreOneQuote) {
  auto f = Parse("ValueFilter (=, 'binary:it''s')");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->FilterCell(MakeCell("r", "f", "q", 1, "it's")), Filter::ReturnCode::kInclude);
  auto empty = Parse("PrefixFilter ('''')");  // a prefix that is one quote
  EXPECT_EQ(empty->ToString(), "PrefixFilter ('''')");
}

TEST(FilterParserTest, QuotedArgumentsKeepSpecialCharacters) {
  auto f = Parse("PrefixFilter ('a) AND (b, c')");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->ToString(), "PrefixFilter ('a) AND (b, c')");
}

TEST(FilterParserTest, ComparatorSplitsAtTheFirstColon) {
  auto f = Parse("ValueFilter (=, 'binary:a:b')");
  EXPECT_EQ(f->FilterCell(MakeCell("r", "f", "q", 1, "a:b")), Filter::ReturnCode::kInclude);
  auto empty_value = Parse("ValueFilter (=, 'binary:')");
  EXPECT_EQ(empty_value->FilterCell(MakeCell("r", "f", "q", 1, "")), Filter::ReturnCode::kInclude);
}

TEST(FilterParserTest, BooleansIgnoreCaseAndNumbersMayBeNegative) {
  EXPECT_EQ(Tree("KeyOnlyFilter (TRUE)"), "KeyOnlyFilter (true)");
  EXPECT_EQ(Tree("KeyOnlyFilter (fAlSe)"), "KeyOnlyFilter ()");
  EXPECT_EQ(Tree("PageFilter (9223372036854775807)"), "PageFilter (9223372036854775807)");
}

TEST(FilterParserTest, ColumnPaginationAcceptsAQuotedColumnOffset) {
  EXPECT_EQ(Tree("ColumnPaginationFilter (2, 'col-5')"), "ColumnPaginationFilter (2, 'col-5')");
}

TEST(FilterParserTest, ComparisonOperatorsReadAsCellOpValue) {
  std::vector<Cell> cells;
  for (const char* r : {"a", "b", "c"}) cells.push_back(MakeCell(r, "f", "q"));
  auto rows = [&](const char* s) { return Rows(RunScan(*Parse(s), cells)); };
  using V = std::vector<std::string>;
  EXPECT_EQ(rows("RowFilter (<, 'binary:b')"), (V{"a"}));
  EXPECT_EQ(rows("RowFilter (<=, 'binary:b')"), (V{"a", "b"}));
  EXPECT_EQ(rows("RowFilter (=, 'binary:b')"), (V{"b"}));
  EXPECT_EQ(rows("RowFilter (!=, 'binary:b')"), (V{"a", "c"}));
  EXPECT_EQ(rows("RowFilter (>=, 'binary:b')"), (V{"b", "c"}));
  EXPECT_EQ(rows("RowFilter (>, 'binary:b')"), (V{"c"}));
}

TEST(FilterParserTest, IssueExampleSelectsRowsAndColumns) {
  auto f =
      Parse("PrefixFilter ('row') AND (QualifierFilter (>=, 'binary:col-2') OR KeyOnlyFilter ())");
  std::vector<Cell> cells = {MakeCell("other", "f", "col-1", 1, "v"),
                             MakeCell("row1", "f", "col-1", 1, "v"),
                             MakeCell("row1", "f", "col-3", 1, "v")};
  auto out = RunScan(*f, cells);
  EXPECT_EQ(Keys(out), (std::vector<std::string>{"row1/f:col-1", "row1/f:col-3"}));
  EXPECT_EQ(out[0].value, "");  // KeyOnlyFilter included it, and transformed it
}

}  // namespace
}  // namespace cellar
