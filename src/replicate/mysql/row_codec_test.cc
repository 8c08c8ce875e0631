#include "replicate/mysql/row_codec.h"

#include <gtest/gtest.h>

namespace cellar::mysql {
namespace {

// The keys of a table without a primary key are pinned: published tables are keyed by them, and
// a later dump's diff must find the same rows. SHA-256 of 0x01 length:u32be bytes per value,
// 0x00 per NULL (the expected digests computed with Python's hashlib).
TEST(RowCodecTest, RowsWithoutPrimaryKeyAreKeyedBySha256OfTheirValues) {
  auto schema = ParseCreateTable("CREATE TABLE `t` (`a` text, `b` int, `c` text);");
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  RowCodec codec(*schema);
  ASSERT_FALSE(codec.has_primary_key());
  const std::string sql = "INSERT INTO `t` VALUES ('a',NULL,''),('" + std::string(300, 'b') +
                          "',NULL,'7'),('a',NULL,'')";
  std::vector<std::string> keys;
  Status s = codec.ForEachRow(sql, [&](PublishedRow& row) {
    keys.push_back(row.key);
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "6c21111d1b587ea18e9a6d3601c081734df5339831974da78130bb1740e32b01",
                      "ea90cee8bc9860a270d19cc7d685ab25873199e3af867cf3fefa96be49d8ca61",
                      "6c21111d1b587ea18e9a6d3601c081734df5339831974da78130bb1740e32b01"}));
}

}  // namespace
}  // namespace cellar::mysql
