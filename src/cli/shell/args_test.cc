#include "cli/shell/args.h"

#include <gtest/gtest.h>

#include "cli/shell/parser.h"

namespace cellar::shell {
namespace {

std::vector<Value> Args(std::string_view text) {
  Parser parser(text);
  auto st = parser.Next();
  EXPECT_TRUE(st.ok() && *st) << st.status().ToString();
  return st.ok() && *st ? (*st)->args : std::vector<Value>{};
}

TEST(ArgsTest, SplitsOffTheTrailingOptionHash) {
  ArgList args(Args("get 't', 'r', VERSIONS => 2"), /*takes_options=*/true);
  EXPECT_EQ(args.size(), 2u);
  ASSERT_NE(args.options(), nullptr);
  ArgList raw(Args("get 't', 'r', VERSIONS => 2"), /*takes_options=*/false);
  EXPECT_EQ(raw.size(), 3u);
  EXPECT_EQ(raw.options(), nullptr);
}

TEST(ArgsTest, CountErrorsSayWhatWasExpected) {
  ArgList args(Args("get 't'"), true);
  EXPECT_TRUE(args.ExpectCount(1, 2).ok());
  EXPECT_EQ(args.ExpectCount(2, 2).message(), "wrong number of arguments (given 1, expected 2)");
  EXPECT_EQ(args.ExpectCount(2, 3).message(), "wrong number of arguments (given 1, expected 2..3)");
  EXPECT_EQ(args.ExpectCount(2, SIZE_MAX).message(),
            "wrong number of arguments (given 1, expected 2+)");
}

TEST(ArgsTest, ConvertsLikeTheHBaseShell) {
  ArgList args(Args("x 't', 5, '7', true, 'FALSE', NAME, ['a', 'b']"), true);
  EXPECT_EQ(*args.Text(0, "table name"), "t");
  EXPECT_EQ(args.Text(1, "table name").status().message(), "table name must be a string, got 5");
  EXPECT_EQ(*args.Integer(1, "n"), 5);
  EXPECT_EQ(*args.Integer(2, "n"), 7);
  EXPECT_EQ(args.Integer(0, "n").status().message(), "n must be an integer, got \"t\"");
  EXPECT_TRUE(*ToBool(args.at(3), "b"));
  EXPECT_FALSE(*ToBool(args.at(4), "b"));
  EXPECT_EQ(*args.Text(5, "family"), "NAME");
  EXPECT_EQ(*ToTextList(args.at(6), "COLUMNS"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(*ToTextList(args.at(0), "COLUMNS"), (std::vector<std::string>{"t"}));
}

TEST(ArgsTest, OptionsRejectUnknownKeys) {
  ArgList args(Args("scan 't', LIMIT => 3, TIMERANGE => [1, 5], LIMTI => 4"), true);
  auto options = Options::From(args.options());
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(**options->Integer("LIMIT"), 3);
  EXPECT_EQ(**options->Range("TIMERANGE"), std::make_pair(int64_t{1}, int64_t{5}));
  EXPECT_FALSE(*options->Bool("RAW"));
  EXPECT_EQ(options->CheckAllUsed().message(),
            "unknown option LIMTI (known here: LIMIT, RAW, TIMERANGE)");
}

TEST(ArgsTest, OptionTypeErrorsNameTheOption) {
  ArgList args(Args("scan 't', LIMIT => 'x', TIMERANGE => [1], RAW => 3"), true);
  auto options = Options::From(args.options());
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->Integer("LIMIT").status().message(), "LIMIT must be an integer, got \"x\"");
  EXPECT_EQ(options->Range("TIMERANGE").status().message(),
            "TIMERANGE must be [min, max] (two timestamps), got [1]");
  EXPECT_EQ(options->Bool("RAW").status().message(), "RAW must be true or false, got 3");
}

}  // namespace
}  // namespace cellar::shell
