#include "replicate/pg/record_text.h"

#include <gtest/gtest.h>

namespace cellar::pg {
namespace {

using Row = std::vector<std::optional<std::string>>;

Row Parse(std::string_view text) {
  Row row;
  Status s = ParseRecordText(text, &row);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return row;
}

// The literals below are what PostgreSQL 15's record_out printed for these rows.
TEST(RecordTextTest, KnowsNullFromEmptyString) {
  EXPECT_EQ(Parse("(2,\"\",,,)"), (Row{"2", "", std::nullopt, std::nullopt, std::nullopt}));
  EXPECT_EQ(Parse("()"), (Row{std::nullopt}));  // one NULL column
  EXPECT_EQ(Parse("(,)"), (Row{std::nullopt, std::nullopt}));
}

TEST(RecordTextTest, DecodesQuotesAndBackslashes) {
  EXPECT_EQ(Parse(R"((1,"x ""y"" \\ (z), w",t,"a  "))"), (Row{"1", R"(x "y" \ (z), w)", "t", "a  "}));
  EXPECT_EQ(Parse(R"((3," ",f,abc,,{},"\\x",null))"),
            (Row{"3", " ", "f", "abc", std::nullopt, "{}", "\\x", "null"}));
  EXPECT_EQ(Parse(R"(("{""a"": [1, 2]}","{1,NULL}"))"), (Row{R"({"a": [1, 2]})", "{1,NULL}"}));
  // record_in also accepts quotes in the middle of a field and backslashes outside quotes.
  EXPECT_EQ(Parse(R"((a"b,c"d,e\,f))"), (Row{"ab,cd", "e,f"}));
}

TEST(RecordTextTest, KeepsUtf8AndNewlines) {
  EXPECT_EQ(Parse("(Zoë,\"東京\nx\")"), (Row{"Zoë", "東京\nx"}));
}

TEST(RecordTextTest, ReusesStorageAndShrinks) {
  Row row;
  ASSERT_TRUE(ParseRecordText("(a,b,c)", &row).ok());
  ASSERT_TRUE(ParseRecordText("(,x)", &row).ok());
  EXPECT_EQ(row, (Row{std::nullopt, "x"}));
}

TEST(RecordTextTest, RejectsWhatIsNotARowLiteral) {
  Row row;
  for (std::string_view bad : {"", "1,2", "(1,2", "(\"open)", "(1)x", "(a\\"}) {
    Status s = ParseRecordText(bad, &row);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_NE(ParseRecordText("(1,2", &row).message().find("offset 4"), std::string::npos);
}

}  // namespace
}  // namespace cellar::pg
