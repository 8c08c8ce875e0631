#include "replicate/mysql/insert_statement.h"

#include <gtest/gtest.h>

namespace cellar::mysql {
namespace {

// Rows of "text" as strings: NULL is "<NULL>", others their decoded text.
Result<std::vector<std::vector<std::string>>> Rows(std::string_view text) {
  InsertHeader header;
  CELLAR_RETURN_IF_ERROR(ParseInsertHeader(text, header));
  RowReader reader(text, header.rows_offset);
  std::vector<std::vector<std::string>> out;
  Row row;
  while (true) {
    CELLAR_ASSIGN_OR_RETURN(bool more, reader.Next(row));
    if (!more) break;
    auto& r = out.emplace_back();
    for (const Token& v : row) r.push_back(v.kind == TokenKind::kNull ? "<NULL>" : std::string(v.text));
  }
  return out;
}

TEST(InsertStatementTest, ReadsExtendedInsertRows) {
  auto rows = Rows("INSERT INTO `t` VALUES (1,'a,b',NULL),(2,'(x)','NULL'),(-3,'',1.50)");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  std::vector<std::vector<std::string>> want = {
      {"1", "a,b", "<NULL>"}, {"2", "(x)", "NULL"}, {"-3", "", "1.50"}};
  EXPECT_EQ(*rows, want);
}

TEST(InsertStatementTest, ReadsCompleteInsertColumnsAndVariants) {
  InsertHeader h;
  ASSERT_TRUE(ParseInsertHeader("INSERT IGNORE INTO `db`.`t` (`id`, `na``me`) VALUES (1,'x')", h).ok());
  EXPECT_TRUE(h.ignore);
  EXPECT_FALSE(h.replace);
  EXPECT_EQ(h.database, "db");
  EXPECT_EQ(h.table, "t");
  EXPECT_EQ(h.columns, (std::vector<std::string>{"id", "na`me"}));
  ASSERT_TRUE(ParseInsertHeader("REPLACE INTO t VALUES(1)", h).ok());
  EXPECT_TRUE(h.replace);
  EXPECT_EQ(h.table, "t");
  EXPECT_TRUE(h.columns.empty());
  ASSERT_TRUE(ParseInsertHeader("/*!40000 INSERT */ INTO t VALUE (1)", h).ok());
}

TEST(InsertStatementTest, ReadsMultiLineStatements) {
  auto rows = Rows("INSERT INTO t\nVALUES\n(1,'line\nbreak'),\n(2,_binary 'b\\0')");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0][1], "line\nbreak");
  EXPECT_EQ((*rows)[1][1], std::string("b\0", 2));
}

TEST(InsertStatementTest, RejectsMalformedRows) {
  EXPECT_TRUE(Rows("INSERT INTO t VALUES (1,2").status().IsInvalidArgument());
  EXPECT_TRUE(Rows("INSERT INTO t VALUES (1 2)").status().IsInvalidArgument());
  EXPECT_TRUE(Rows("INSERT INTO t VALUES (1),").status().IsInvalidArgument());
  EXPECT_TRUE(Rows("INSERT INTO t VALUES (now())").status().IsInvalidArgument());
  EXPECT_TRUE(Rows("INSERT INTO t VALUES (1) garbage").status().IsInvalidArgument());
  EXPECT_TRUE(Rows("INSERT INTO t SELECT 1").status().IsInvalidArgument());
  auto bad = Rows("INSERT INTO t VALUES (1,'x'),(2 'y')");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("',' or ')' in a row"), std::string::npos)
      << bad.status().message();
}

}  // namespace
}  // namespace cellar::mysql
