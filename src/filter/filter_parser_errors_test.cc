#include <gtest/gtest.h>

#include "cellar/filters.h"

namespace cellar {
namespace {

// Parses "s", expecting InvalidArgument whose message starts with the position and contains
// "needle"; returns the message.
std::string ErrorOf(std::string_view s) {
  auto f = ParseFilterString(s);
  EXPECT_FALSE(f.ok()) << "parsed: " << s;
  if (f.ok()) return "";
  EXPECT_TRUE(f.status().IsInvalidArgument()) << f.status().ToString();
  return f.status().message();
}

void ExpectError(std::string_view s, size_t position, std::string_view needle) {
  std::string message = ErrorOf(s);
  std::string prefix = "filter string position " + std::to_string(position) + ": ";
  EXPECT_EQ(message.rfind(prefix, 0), 0u) << "for " << s << "\n" << message;
  EXPECT_NE(message.find(needle), std::string::npos) << "for " << s << "\n" << message;
}

TEST(FilterParserErrorsTest, MessageRepeatsTheStringWithACaret) {
  std::string message = ErrorOf("PrefixFilter ('a' 'b')");
  EXPECT_EQ(message,
            "filter string position 18: expected ',' or ')' after an argument\n"
            "PrefixFilter ('a' 'b')\n"
            "                  ^");
}

TEST(FilterParserErrorsTest, CaretFollowsTabs) {
  std::string message = ErrorOf("\tPrefixFilter (x)");
  EXPECT_NE(message.find("\n\tPrefixFilter (x)\n\t"), std::string::npos) << message;
}

TEST(FilterParserErrorsTest, LongStringsShowAWindowAroundTheError) {
  std::string s = "PrefixFilter ('" + std::string(200, 'a') + "') AND Bogus ()";
  std::string message = ErrorOf(s);
  EXPECT_NE(message.find("unknown filter name 'Bogus'"), std::string::npos);
  EXPECT_NE(message.find("\n..."), std::string::npos);
  EXPECT_LT(message.size(), 400u);
}

TEST(FilterParserErrorsTest, EmptyAndBlankStrings) {
  ExpectError("", 0, "empty");
  ExpectError("   \t ", 5, "empty");
}

TEST(FilterParserErrorsTest, UnknownOrMisspelledFilterNames) {
  ExpectError("Bogus ('a')", 0, "unknown filter name 'Bogus'");
  ExpectError("prefixfilter ('a')", 0, "case-sensitive");
  ExpectError("PrefixFilter ('a') AND NoSuch ()", 23, "unknown filter name");
}

TEST(FilterParserErrorsTest, MissingParenthesesAndArguments) {
  ExpectError("PrefixFilter", 12, "expected '(' after the filter name");
  ExpectError("PrefixFilter 'a'", 13, "expected '('");
  ExpectError("PrefixFilter ('a'", 17, "ends inside an argument list");
  ExpectError("PrefixFilter (", 14, "expected an argument");
  ExpectError("PrefixFilter ('a',)", 18, "expected an argument");
  ExpectError("PrefixFilter (,'a')", 14, "expected an argument");
  ExpectError("PrefixFilter ('a' 'b')", 18, "expected ',' or ')'");
}

TEST(FilterParserErrorsTest, UnterminatedQuotes) {
  ExpectError("PrefixFilter ('abc)", 14, "never closed");
  ExpectError("PrefixFilter ('it''s)", 14, "never closed");
}

TEST(FilterParserErrorsTest, WrongArgumentCounts) {
  ExpectError("PrefixFilter ()", 0, "PrefixFilter takes 1 argument");
  ExpectError("PrefixFilter ('a', 'b')", 0, "got 2 arguments");
  ExpectError("FirstKeyOnlyFilter ('a')", 0, "no arguments");
  ExpectError("KeyOnlyFilter (true, false)", 0, "takes () or (lenAsVal)");
  ExpectError("SingleColumnValueFilter ('f', 'q', =, 'binary:a', true)", 0, "4 or 6");
  ExpectError("DependentColumnFilter ('f', 'q', true, =)", 0, "2, 3 or 5");
  ExpectError("ColumnRangeFilter ('a', true, 'b')", 0, "4 arguments");
  ExpectError("RowFilter (=)", 0, "2 arguments");
  ExpectError("ColumnValueFilter ('f', 'q', =)", 0, "4 arguments");
  ExpectError("ColumnPaginationFilter (1)", 0, "2 arguments");
}

TEST(FilterParserErrorsTest, WrongArgumentTypes) {
  ExpectError("PrefixFilter (abc)", 14, "quoted string");
  ExpectError("PageFilter ('10')", 12, "integer without quotes");
  ExpectError("PageFilter (ten)", 12, "integer");
  ExpectError("PageFilter (-)", 12, "integer");
  ExpectError("PageFilter (1x)", 12, "integer");
  ExpectError("PageFilter (99999999999999999999)", 12, "at most 19 digits");
  ExpectError("ColumnCountGetFilter (2147483648)", 22, "32-bit");
  ExpectError("KeyOnlyFilter (yes)", 15, "true or false");
  ExpectError("KeyOnlyFilter ('true')", 15, "true or false");
  ExpectError("TimestampsFilter (1, x)", 21, "timestamp");
}

TEST(FilterParserErrorsTest, BadOperatorsAndComparators) {
  ExpectError("RowFilter (==, 'binary:a')", 11, "comparison operator");
  ExpectError("RowFilter ('=', 'binary:a')", 11, "comparison operator");
  ExpectError("RowFilter (=, binary:a)", 14, "quoted 'type:value'");
  ExpectError("RowFilter (=, 'nocolon')", 14, "quoted 'type:value'");
  ExpectError("RowFilter (=, 'Binary:a')", 14, "unknown comparator type 'Binary'");
  ExpectError("RowFilter (=, 'regexstring:(')", 14, "does not compile");
  ExpectError("RowFilter (<, 'regexstring:a')", 14, "only be used with = and !=");
  ExpectError("ValueFilter (>=, 'substring:a')", 17, "only be used with = and !=");
  ExpectError("SingleColumnValueFilter ('f', 'q', <, 'substring:a')", 38, "= and !=");
}

TEST(FilterParserErrorsTest, FactoryRejectionsPointAtTheArgument) {
  ExpectError("PageFilter (-1)", 12, "page size must be >= 0");
  ExpectError("ColumnPaginationFilter (-1, 0)", 24, "must be >= 0");
  ExpectError("TimestampsFilter (-5)", 18, "timestamps must be >= 0");
  ExpectError("MultipleColumnPrefixFilter ('a', 'a')", 28, "distinct");
}

TEST(FilterParserErrorsTest, OperatorsWithoutOperands) {
  ExpectError("AND PrefixFilter ('a')", 0, "AND needs a filter on each side");
  ExpectError("PrefixFilter ('a') AND", 19, "AND needs a filter on each side");
  ExpectError("(PrefixFilter ('a') OR)", 20, "OR needs a filter on each side");
  ExpectError("PrefixFilter ('a') AND ", 23, "ends where a filter was expected");
  ExpectError("PrefixFilter ('a') OR OR PrefixFilter ('b')", 22, "OR needs a filter");
  ExpectError("SKIP", 0, "SKIP needs a filter after it");
  ExpectError("WHILE ", 0, "WHILE needs a filter after it");
  ExpectError("PrefixFilter ('a') PrefixFilter ('b')", 19, "expected AND, OR or the end");
}

TEST(FilterParserErrorsTest, KeywordsNeedSpaceOrParenthesisAfterThem) {
  ExpectError("PrefixFilter ('a') ANDPrefixFilter ('b')", 19, "expected AND, OR or the end");
  ExpectError("SKIPPrefixFilter ('a')", 0, "unknown filter name 'SKIPPrefixFilter'");
}

TEST(FilterParserErrorsTest, UnbalancedParentheses) {
  ExpectError("(PrefixFilter ('a')", 0, "never closed");
  ExpectError("PrefixFilter ('a'))", 18, "unmatched ')'");
  ExpectError(")", 0, "expected a filter name");
  ExpectError("()", 1, "expected a filter inside");
  ExpectError("(PrefixFilter ('a') PrefixFilter ('b'))", 20, "expected ')', AND or OR");
}

TEST(FilterParserErrorsTest, DeepNestingIsRejectedNotCrashing) {
  std::string deep(5000, '(');
  ExpectError(deep + "PrefixFilter ('a')" + std::string(5000, ')'), 100, "nest deeper");
  std::string skips;
  for (int i = 0; i < 5000; ++i) skips += "SKIP ";
  ExpectError(skips + "PrefixFilter ('a')", 500, "nest deeper");
}

TEST(FilterParserErrorsTest, BinaryGarbageIsRejected) {
  std::string garbage("\x00\xff\x01(\x80'", 6);
  EXPECT_FALSE(ParseFilterString(garbage).ok());
}

}  // namespace
}  // namespace cellar
