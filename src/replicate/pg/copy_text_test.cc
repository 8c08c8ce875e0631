#include "replicate/pg/copy_text.h"

#include <gtest/gtest.h>

namespace cellar::pg {
namespace {

using Row = std::vector<std::optional<std::string>>;

Row Parse(std::string_view line) {
  Row row;
  Status s = ParseCopyTextRow(line, &row);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return row;
}

TEST(CopyTextTest, SplitsOnTabsAndKnowsNullFromEmpty) {
  EXPECT_EQ(Parse("1\tabc\t\\N\t\n"), (Row{"1", "abc", std::nullopt, ""}));
  EXPECT_EQ(Parse("NULL\t\\\\N"), (Row{"NULL", "\\N"}));
}

TEST(CopyTextTest, DecodesEscapes) {
  EXPECT_EQ(Parse("a\\tb\\nc\\\\d\\re"), (Row{"a\tb\nc\\d\re"}));
  EXPECT_EQ(Parse("\\101\\x42\\0"), (Row{std::string("AB\0", 3)}));
  EXPECT_EQ(Parse("\\q"), (Row{"q"}));
}

TEST(CopyTextTest, KeepsUtf8) { EXPECT_EQ(Parse("Zoë\t東京"), (Row{"Zoë", "東京"})); }

TEST(CopyTextTest, ReusesStorageAcrossRows) {
  Row row;
  ASSERT_TRUE(ParseCopyTextRow("1\t2\t3", &row).ok());
  ASSERT_TRUE(ParseCopyTextRow("x\t\\N", &row).ok());
  EXPECT_EQ(row, (Row{"x", std::nullopt}));
}

TEST(CopyTextTest, LoneBackslashIsAnError) {
  Row row;
  EXPECT_TRUE(ParseCopyTextRow("abc\\", &row).IsInvalidArgument());
}

}  // namespace
}  // namespace cellar::pg
