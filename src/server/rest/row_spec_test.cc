#include "server/rest/row_spec.h"

#include <gtest/gtest.h>

namespace cellar::server::rest {
namespace {

Result<RowSpec> Parse(std::vector<std::string> raw, std::optional<std::string> v = {}) {
  return ParseRowSpec(raw, v);
}

TEST(RowSpecTest, ParsesRowColumnsAndSingleTimestampAsExclusiveEnd) {
  Result<RowSpec> s = Parse({"row%2F1", "cf:a,cf2", "1000"}, "3");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->row, "row/1");
  ASSERT_EQ(s->columns.size(), 2u);
  EXPECT_EQ(s->columns[0].first, "cf");
  EXPECT_EQ(s->columns[0].second, "a");
  EXPECT_EQ(s->columns[1].first, "cf2");
  EXPECT_FALSE(s->columns[1].second.has_value());
  EXPECT_EQ(s->start_time, 0);
  EXPECT_EQ(s->end_time, 1000);
  EXPECT_EQ(s->timestamp, 1000);
  EXPECT_EQ(s->max_versions, 3);
  EXPECT_TRUE(s->IsSingleRow());
}

TEST(RowSpecTest, ParsesRangesGlobsAndTimeRanges) {
  Result<RowSpec> range = Parse({"a,z", "cf", "5,9"});
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(range->row, "a");
  EXPECT_EQ(range->end_row, "z");
  EXPECT_EQ(range->start_time, 5);
  EXPECT_EQ(range->end_time, 9);
  EXPECT_FALSE(range->timestamp.has_value());
  Result<RowSpec> glob = Parse({"pre*"});
  ASSERT_TRUE(glob.ok());
  EXPECT_TRUE(glob->glob);
  EXPECT_EQ(glob->row, "pre");
  // Encoded ',' and '*' belong to the key.
  Result<RowSpec> literal = Parse({"a%2Cb%2A"});
  ASSERT_TRUE(literal.ok());
  EXPECT_EQ(literal->row, "a,b*");
  EXPECT_TRUE(literal->IsSingleRow());
  EXPECT_EQ(Parse({"a+b"})->row, "a b");
}

TEST(RowSpecTest, RejectsBadInput) {
  EXPECT_FALSE(Parse({}).ok());
  EXPECT_FALSE(Parse({"r", "cf", "abc"}).ok());
  EXPECT_FALSE(Parse({"r", "cf", "9,5"}).ok());
  EXPECT_FALSE(Parse({"r"}, "0").ok());
  EXPECT_FALSE(Parse({"r", "cf", "1", "extra"}).ok());
  EXPECT_FALSE(Parse({"r", ":q"}).ok());
}

}  // namespace
}  // namespace cellar::server::rest
