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

// Primary keys are the ordered components of their columns, in key order (row_key.h): the same
// bytes as a KeyEncoder of the default format, which the published tables were keyed by.
TEST(RowCodecTest, PrimaryKeysAreTheOrderedComponentsOfTheirColumns) {
  auto schema = ParseCreateTable(
      "CREATE TABLE `t` (`a` int NOT NULL, `b` varchar(8) NOT NULL, `c` text,"
      " PRIMARY KEY (`b`,`a`));");
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  RowCodec codec(*schema);
  ASSERT_TRUE(codec.has_primary_key());
  std::vector<std::string> keys;
  Status s = codec.ForEachRow("INSERT INTO `t` VALUES (-5,'x\\0y',NULL),(7,'',''),(7,'a','z')",
                              [&](PublishedRow& row) {
                                keys.push_back(row.key);
                                return Status::Ok();
                              });
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto expected = [](std::string_view b, std::string_view a) {
    replicate::KeyEncoder encoder(replicate::RowKeyFormat{});
    EXPECT_TRUE(encoder.Append(replicate::KeyType::kText, b).ok());
    EXPECT_TRUE(encoder.Append(replicate::KeyType::kSignedInt, a).ok());
    return *encoder.Finish();
  };
  EXPECT_EQ(keys, (std::vector<std::string>{expected(std::string("x\0y", 3), "-5"),
                                            expected("", "7"), expected("a", "7")}));
}

// A key column that is NULL, not of its type, or a key longer than HBase allows is an error
// naming the row; the rows before it were given.
TEST(RowCodecTest, BadPrimaryKeysAreErrorsNamingTheRow) {
  auto schema =
      ParseCreateTable("CREATE TABLE `t` (`a` int, `b` text, PRIMARY KEY (`a`,`b`(10)));");
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  RowCodec codec(*schema);
  const std::string too_long(40000, 'k');
  for (const auto& [values, error] : std::vector<std::pair<std::string, std::string>>{
           {"(1,'a'),(NULL,'b')", "primary key column a is NULL"},
           {"(1,'a'),('x','b')", "row 2"},
           {"(1,'a'),(2,'" + too_long + "')", "HBase allows at most 32767"}}) {
    int rows = 0;
    Status s = codec.ForEachRow("INSERT INTO `t` VALUES " + values, [&](PublishedRow&) {
      ++rows;
      return Status::Ok();
    });
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << values.substr(0, 20);
    EXPECT_NE(s.message().find(error), std::string::npos) << s.ToString();
    EXPECT_NE(s.message().find("row 2"), std::string::npos) << s.ToString();
    EXPECT_EQ(rows, 1);
  }
}

// Values land in their schema columns: in order without a column list, by name with one
// (mysqldump --complete-insert; columns it leaves out are NULL), and a NULL never keeps the
// value the row before had there.
TEST(RowCodecTest, ValuesLandInTheirColumnsAndNullsStayNull) {
  auto schema = ParseCreateTable(
      "CREATE TABLE `t` (`a` int NOT NULL, `b` text, `c` text, PRIMARY KEY (`a`));");
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  RowCodec codec(*schema);
  auto rows = [&](const std::string& sql) {
    std::vector<std::string> out;
    Status s = codec.ForEachRow(sql, [&](PublishedRow& row) {
      std::string text;
      for (const auto& v : row.values) text += (v ? std::string(*v) : "NULL") + ";";
      out.push_back(text);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  };
  EXPECT_EQ(rows("INSERT INTO `t` VALUES (1,'x','y'),(2,NULL,'z'),(3,'w',NULL)"),
            (std::vector<std::string>{"1;x;y;", "2;NULL;z;", "3;w;NULL;"}));
  EXPECT_EQ(rows("INSERT INTO `t` (`c`,`a`) VALUES ('y',1),(NULL,2)"),
            (std::vector<std::string>{"1;NULL;y;", "2;NULL;NULL;"}));
}

}  // namespace
}  // namespace cellar::mysql
