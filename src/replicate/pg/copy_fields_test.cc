#include "replicate/pg/copy_fields.h"

#include <gtest/gtest.h>

namespace cellar::pg {
namespace {

using Text = std::vector<std::optional<std::string_view>>;

TEST(CopyFieldsTest, SendsIntegersBooleansAndTextNativelyAndCastsTheRest) {
  EXPECT_EQ(CopyFieldFormatFor(21, true), CopyFieldFormat::kInt2);
  EXPECT_EQ(CopyFieldFormatFor(23, true), CopyFieldFormat::kInt4);
  EXPECT_EQ(CopyFieldFormatFor(20, true), CopyFieldFormat::kInt8);
  EXPECT_EQ(CopyFieldFormatFor(16, false), CopyFieldFormat::kBool);
  EXPECT_EQ(CopyFieldFormatFor(1042, false), CopyFieldFormat::kText);   // char(n) keeps its pad
  EXPECT_EQ(CopyFieldFormatFor(1700, true), CopyFieldFormat::kCast);    // numeric
  EXPECT_EQ(CopyFieldFormatFor(869, false), CopyFieldFormat::kFormat);  // inet
  EXPECT_EQ(CopySelectItem(CopyFieldFormat::kInt4, "\"aid\""), "\"aid\"");
  EXPECT_EQ(CopySelectItem(CopyFieldFormat::kCast, "\"n\""), "\"n\"::text");
  EXPECT_EQ(CopySelectItem(CopyFieldFormat::kFormat, "\"ip\""),
            "CASE WHEN \"ip\" IS NOT NULL THEN format('%s', \"ip\") END");
}

TEST(CopyFieldsTest, PrintsNativeValuesAsTheirTextOutput) {
  CopyFieldDecoder decoder({CopyFieldFormat::kInt2, CopyFieldFormat::kInt4, CopyFieldFormat::kInt8,
                            CopyFieldFormat::kBool, CopyFieldFormat::kBool, CopyFieldFormat::kText,
                            CopyFieldFormat::kInt4});
  const std::vector<CopyField> fields = {std::string_view("\xff\xfe", 2),            // -2
                                         std::string_view("\x7f\xff\xff\xff", 4),    // 2147483647
                                         std::string_view("\x80\0\0\0\0\0\0\0", 8),  // int8 minimum
                                         std::string_view("\1", 1),
                                         std::string_view("\0", 1),
                                         std::string_view("ab  "),
                                         std::nullopt};
  Text text;
  ASSERT_TRUE(decoder.Decode(fields, &text).ok());
  EXPECT_EQ(text,
            (Text{"-2", "2147483647", "-9223372036854775808", "t", "f", "ab  ", std::nullopt}));
}

TEST(CopyFieldsTest, RejectsANativeFieldOfTheWrongSize) {
  CopyFieldDecoder decoder({CopyFieldFormat::kText, CopyFieldFormat::kInt4});
  const std::vector<CopyField> fields = {std::string_view("x"), std::string_view("12345678")};
  Text text;
  Status s = decoder.Decode(fields, &text);
  EXPECT_EQ(s.code(), StatusCode::kDataLoss);
  EXPECT_NE(s.message().find("column 2 has 8 bytes"), std::string::npos) << s.ToString();
}

}  // namespace
}  // namespace cellar::pg
