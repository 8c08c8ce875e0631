#include "server/rest/filter_model.h"

#include <gtest/gtest.h>

namespace cellar::server::rest {
namespace {

TEST(FilterModelTest, BuildsHBaseJsonFilterModels) {
  Result<std::shared_ptr<Filter>> row = BuildScannerFilter(
      R"({"type":"RowFilter","op":"EQUAL","comparator":{"type":"BinaryComparator","value":"cm93MQ=="}})");
  ASSERT_TRUE(row.ok()) << row.status().ToString();
  EXPECT_NE((*row)->ToString().find("row1"), std::string::npos);
  Result<std::shared_ptr<Filter>> list = BuildScannerFilter(
      R"({"type":"FilterList","op":"MUST_PASS_ONE","filters":[)"
      R"({"type":"PrefixFilter","value":"YQ=="},{"type":"PageFilter","value":"2"},)"
      R"({"type":"ValueFilter","op":"EQUAL","comparator":{"type":"RegexStringComparator","value":"^v.*"}},)"
      R"({"type":"SingleColumnValueFilter","family":"Zg==","qualifier":"cQ==","op":"GREATER",)"
      R"("comparator":{"type":"SubstringComparator","value":"x"},"ifMissing":true},)"
      R"({"type":"KeyOnlyFilter"},{"type":"FirstKeyOnlyFilter"},)"
      R"({"type":"ColumnPaginationFilter","limit":1,"offset":0},)"
      R"({"type":"TimestampsFilter","timestamps":[1,2]},)"
      R"({"type":"WhileMatchFilter","filters":[{"type":"InclusiveStopFilter","value":"eg=="}]}]})");
  ASSERT_TRUE(list.ok()) << list.status().ToString();
}

TEST(FilterModelTest, AcceptsFilterLanguageStrings) {
  Result<std::shared_ptr<Filter>> f =
      BuildScannerFilter("PrefixFilter ('row') AND KeyOnlyFilter ()");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
}

TEST(FilterModelTest, RejectsBadModelsWithClearMessages) {
  auto expect_bad = [](std::string_view text, std::string_view needle) {
    Result<std::shared_ptr<Filter>> f = BuildScannerFilter(text);
    ASSERT_FALSE(f.ok()) << text;
    EXPECT_TRUE(f.status().IsInvalidArgument());
    EXPECT_NE(f.status().message().find(needle), std::string::npos) << f.status().message();
  };
  expect_bad(R"({"type":"NoSuchFilter"})", "NoSuchFilter");
  expect_bad(
      R"({"type":"RowFilter","op":"BIGGER","comparator":{"type":"BinaryComparator","value":"YQ=="}})",
      "BIGGER");
  expect_bad(R"({"type":"PrefixFilter","value":"***"})", "base64");
  expect_bad(R"({"type":"RowFilter")", "malformed JSON");
  expect_bad(R"({"type":"PrefixFilter","value":7})", "value");
  expect_bad("PrefixFilter (", "filter string");
}

}  // namespace
}  // namespace cellar::server::rest
