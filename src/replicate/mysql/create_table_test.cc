#include "replicate/mysql/create_table.h"

#include <gtest/gtest.h>

namespace cellar::mysql {
namespace {

constexpr std::string_view kCreate = R"(CREATE TABLE `all_types` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `region` char(2) NOT NULL DEFAULT 'eu',
  `price` decimal(18,4) DEFAULT NULL COMMENT 'a, (tricky) comment',
  `qty` int(10) unsigned zerofill DEFAULT NULL,
  `kind` enum('a','b''c','d,e') DEFAULT 'a',
  `flags` set('x','y') DEFAULT NULL,
  `bits` bit(12) DEFAULT b'0',
  `born` year(4) DEFAULT NULL,
  `doc` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`doc`)),
  `at` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  `blob` mediumblob,
  PRIMARY KEY (`id`,`region`),
  UNIQUE KEY `u_qty` (`qty`),
  KEY `k_price` (`price`),
  CONSTRAINT `fk` FOREIGN KEY (`qty`) REFERENCES `other` (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4)";

TEST(CreateTableTest, ParsesColumnsTypesAndKeys) {
  auto schema = ParseCreateTable(kCreate);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  EXPECT_EQ(schema->name, "all_types");
  ASSERT_EQ(schema->columns.size(), 11u);
  EXPECT_EQ(schema->columns[0].TypeText(), "bigint(20) unsigned");
  EXPECT_FALSE(schema->columns[0].nullable);
  EXPECT_EQ(schema->columns[2].TypeText(), "decimal(18,4)");
  EXPECT_EQ(schema->columns[3].TypeText(), "int(10) unsigned zerofill");
  EXPECT_EQ(schema->columns[4].args, (std::vector<std::string>{"a", "b'c", "d,e"}));
  EXPECT_EQ(schema->columns[6].type, "bit");
  EXPECT_EQ(schema->columns[8].type, "longtext");
  EXPECT_EQ(schema->columns[9].name, "at");
  EXPECT_EQ(schema->columns[10].type, "mediumblob");
  EXPECT_EQ(schema->primary_key, (std::vector<std::string>{"id", "region"}));
  ASSERT_EQ(schema->unique_keys.size(), 1u);
  EXPECT_EQ(schema->unique_keys[0], std::vector<std::string>{"qty"});
  EXPECT_EQ(schema->ColumnIndex("PRICE"), 2);
}

TEST(CreateTableTest, ReadsInlinePrimaryKeyAndConditionalForm) {
  auto schema = ParseCreateTable(
      "/*!50001 CREATE TABLE IF NOT EXISTS `v` (\n `k` varchar(10) PRIMARY KEY,\n `n` int\n) */");
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  EXPECT_EQ(schema->primary_key, std::vector<std::string>{"k"});
  EXPECT_EQ(schema->columns.size(), 2u);
}

TEST(CreateTableTest, TableWithoutPrimaryKey) {
  auto schema = ParseCreateTable("CREATE TABLE t (a int, b text)");
  ASSERT_TRUE(schema.ok());
  EXPECT_TRUE(schema->primary_key.empty());
}

TEST(CreateTableTest, RejectsMalformed) {
  EXPECT_TRUE(ParseCreateTable("CREATE TABLE t (").status().IsInvalidArgument());
  EXPECT_TRUE(ParseCreateTable("CREATE TABLE t (a)").status().IsInvalidArgument());
  EXPECT_TRUE(ParseCreateTable("CREATE VIEW v AS SELECT 1").status().IsInvalidArgument());
}

}  // namespace
}  // namespace cellar::mysql
