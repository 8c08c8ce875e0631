#include "replicate/mysql/publish_order.h"

#include <gtest/gtest.h>

namespace cellar::mysql {
namespace {

StagedTable Table(const std::string& name, const std::string& create_sql, uint64_t rows) {
  StagedTable t;
  t.name = name;
  t.create_sql = create_sql;
  t.rows = rows;
  return t;
}

TEST(PublishStartOrderTest, TablesWithoutPrimaryKeyFirstThenTheLargest) {
  std::vector<StagedTable> staged = {
      Table("small", "CREATE TABLE small (id int, PRIMARY KEY (id))", 10),
      Table("log", "CREATE TABLE log (at datetime, msg text)", 50),
      Table("big", "CREATE TABLE big (id int, PRIMARY KEY (id))", 900),
      Table("mid", "CREATE TABLE mid (id int, PRIMARY KEY (id))", 300),
      Table("tiny_log", "CREATE TABLE tiny_log (msg text)", 5),
      Table("same_as_mid", "CREATE TABLE same_as_mid (id int, PRIMARY KEY (id))", 300)};
  std::vector<StagedTable*> tables;
  for (StagedTable& t : staged) tables.push_back(&t);
  std::vector<std::string> names;
  for (size_t i : PublishStartOrder(tables)) names.push_back(tables[i]->name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"log", "tiny_log", "big", "mid", "same_as_mid", "small"}));
}

// A CREATE TABLE that does not parse is not taken for a table without a key; its publish
// reports the error.
TEST(PublishStartOrderTest, AnUnparsableCreateTableCountsAsKeyed) {
  std::vector<StagedTable> staged = {Table("broken", "CREATE TABLE broken (", 100),
                                     Table("log", "CREATE TABLE log (msg text)", 1)};
  std::vector<StagedTable*> tables = {&staged[0], &staged[1]};
  EXPECT_EQ(PublishStartOrder(tables), (std::vector<size_t>{1, 0}));
}

}  // namespace
}  // namespace cellar::mysql
