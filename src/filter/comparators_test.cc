#include <gtest/gtest.h>

#include <string>

#include "cellar/filters.h"
#include "filter/regex_matcher.h"

namespace cellar {
namespace {

TEST(ComparatorTest, BinaryComparesWholeValueAsUnsignedBytes) {
  auto c = MakeBinaryComparator("b");
  EXPECT_EQ(c->CompareTo("b"), 0);
  EXPECT_GT(c->CompareTo("a"), 0);  // the comparator's value sorts after "a"
  EXPECT_LT(c->CompareTo("ba"), 0);
  EXPECT_LT(c->CompareTo("\xff"), 0);  // unsigned: 0xFF sorts after 'b'
  EXPECT_EQ(c->ToString(), "binary:b");
}

TEST(ComparatorTest, BinaryPrefixComparesOnlyThePrefixLength) {
  auto c = MakeBinaryPrefixComparator("ab");
  EXPECT_EQ(c->CompareTo("abc"), 0);
  EXPECT_EQ(c->CompareTo("ab"), 0);
  EXPECT_GT(c->CompareTo("a"), 0);
  EXPECT_LT(c->CompareTo("b"), 0);
}

TEST(ComparatorTest, RegexStringFindsAPartialMatch) {
  auto c = MakeRegexStringComparator("-.5");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)->CompareTo("row-05"), 0);
  EXPECT_EQ((*c)->CompareTo("row-06"), 1);
  EXPECT_TRUE((*c)->OnlyEqualityOperators());
}

TEST(ComparatorTest, RegexStringAnchorsRestrictTheMatch) {
  auto c = MakeRegexStringComparator("^ab$");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)->CompareTo("ab"), 0);
  EXPECT_EQ((*c)->CompareTo("xab"), 1);
}

TEST(ComparatorTest, RegexStringDotMatchesNewlineLikeJavaDotAll) {
  auto c = MakeRegexStringComparator("a.b");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)->CompareTo("a\nb"), 0);
}

TEST(ComparatorTest, RegexStringRejectsABadPattern) {
  auto c = MakeRegexStringComparator("(unclosed");
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(c.status().IsInvalidArgument());
  EXPECT_NE(c.status().message().find("regexstring"), std::string::npos);
}

TEST(ComparatorTest, RegexStringHandlesLongValuesWithoutCrashing) {
  auto c = MakeRegexStringComparator("(a|b)*c");
  ASSERT_TRUE(c.ok());
  std::string value(200000, 'a');  // std::regex's backtracking matcher overflows the stack here
  if (filter::RegexMatcher::EngineName() != "RE2") GTEST_SKIP() << "needs RE2";
  EXPECT_EQ((*c)->CompareTo(value), 1);
  EXPECT_EQ((*c)->CompareTo(value + "c"), 0);
}

TEST(ComparatorTest, RegexStringAcceptsJavaInlineCaseFlag) {
  if (filter::RegexMatcher::EngineName() != "RE2") GTEST_SKIP() << "needs RE2";
  auto c = MakeRegexStringComparator("(?i)abc");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)->CompareTo("xxABCxx"), 0);
}

TEST(ComparatorTest, SubstringIgnoresCase) {
  auto c = MakeSubstringComparator("Val-5");
  EXPECT_EQ(c->CompareTo("VAL-5.0"), 0);
  EXPECT_EQ(c->CompareTo("xval-5"), 0);
  EXPECT_EQ(c->CompareTo("val-6"), 1);
  EXPECT_EQ(c->ToString(), "substring:val-5");
}

TEST(ComparatorTest, EmptySubstringMatchesEverything) {
  EXPECT_EQ(MakeSubstringComparator("")->CompareTo(""), 0);
  EXPECT_EQ(MakeSubstringComparator("")->CompareTo("x"), 0);
}

TEST(ComparatorTest, NullComparatorFindsEveryStoredValueUnequal) {
  auto c = MakeNullComparator();
  EXPECT_EQ(c->CompareTo(""), 1);
  EXPECT_EQ(c->CompareTo("x"), 1);
}

TEST(ComparatorTest, BitComparatorAndMatchesWhenABitIsShared) {
  auto c = MakeBitComparator(std::string("\x01\x00", 2), BitwiseOp::kAnd);
  EXPECT_EQ(c->CompareTo(std::string("\x01\xff", 2)), 0);
  EXPECT_EQ(c->CompareTo(std::string("\x02\xff", 2)), 1);
  EXPECT_EQ(c->CompareTo(std::string("\x01", 1)), 1);  // length differs: never matches
}

TEST(ComparatorTest, BitComparatorOrAndXor) {
  auto or_c = MakeBitComparator(std::string("\x00", 1), BitwiseOp::kOr);
  EXPECT_EQ(or_c->CompareTo(std::string("\x00", 1)), 1);
  EXPECT_EQ(or_c->CompareTo(std::string("\x04", 1)), 0);
  auto xor_c = MakeBitComparator(std::string("\x0f", 1), BitwiseOp::kXor);
  EXPECT_EQ(xor_c->CompareTo(std::string("\x0f", 1)), 1);
  EXPECT_EQ(xor_c->CompareTo(std::string("\x0e", 1)), 0);
}

}  // namespace
}  // namespace cellar
