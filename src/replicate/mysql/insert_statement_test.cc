#include "replicate/mysql/insert_statement.h"

#include <gtest/gtest.h>

#include <iterator>
#include <random>

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

// Everything a RowReader yields for the rows of "text": each token's kind, text and offset, each
// row's extent, and how it ended (the error message, or "end").
std::vector<std::string> Trace(std::string_view text, size_t rows_offset, bool fast_path) {
  RowReader reader(text, rows_offset, fast_path);
  std::vector<std::string> out;
  Row row;
  while (true) {
    auto more = reader.Next(row);
    if (!more.ok()) {
      out.push_back("error " + more.status().ToString());
      return out;
    }
    if (!*more) break;
    std::string r =
        "row [" + std::to_string(reader.row_begin()) + "," + std::to_string(reader.row_end()) + ")";
    for (const Token& t : row) {
      r += " " + std::string(TokenKindName(t.kind)) + ":" + std::string(t.text) + "@" +
           std::to_string(t.offset);
    }
    out.push_back(r);
  }
  out.push_back("end after " + std::to_string(reader.rows()));
  return out;
}

// The fast path must give exactly the lexer's tokens, offsets and errors: literals at the edges
// of what it recognises, and strings whose quotes and backslashes fall at every offset of the
// sixteen-byte scanning steps.
TEST(InsertStatementTest, FastPathGivesTheLexersRowsOnNastyInput) {
  const std::vector<std::string> rows = {R"((1,'plain',NULL))",
                                         R"((-1,'it''s','a\'b'))",
                                         R"(('\\','\\\\','x\\'))",
                                         "(12345678,123456789,1234567812345678,12345678123456789)",
                                         "(1e5,1E+5,1e-5,1.e5,-0.5e10)",
                                         "(1e,2)",
                                         "(1.,-2.)",
                                         "(-,1)",
                                         "(--1)",
                                         "(1abc,2)",
                                         "(0x,1)",
                                         "(0xABC,0xabcdef0123456789)",
                                         "(0xG1)",
                                         "(0X1F,0x1f2,0x1\xc3\xa9)",
                                         "(0b101,b'1',X'4a',x'')",
                                         "(null,NuLl,NULLx,nul)",
                                         "(NULL)",
                                         "(_binary 'x')",
                                         R"((_utf8mb4'\0\n',N'n'))",
                                         "(1 ,2)",
                                         "(1,/* c */2)",
                                         "(1,\n2)",
                                         R"(('a"b',"q""q"))",
                                         R"(('',''''','''',''))",
                                         R"(('0123456789abcde''f'))",
                                         R"(('0123456789abcdef\'g'))",
                                         R"(('0123456789abcdefghijklmnopqrstu\\'))",
                                         std::string("('nul\0byte',1)", 15),
                                         "('\xc3\xa9t\xc3\xa9',3.14)",
                                         "(1,'unterminated)",
                                         "(1,2",
                                         "(1)(2)",
                                         "(+1,.5)",
                                         "(1,)",
                                         "()",
                                         "(1,2)x",
                                         "(9e99999,-00)",
                                         "('x',0b2)",
                                         R"((1,"x"))"};
  for (const std::string& body : rows) {
    for (size_t shift : {0, 5, 13}) {
      // Shifting the rows moves every quote against the scanner's sixteen-byte steps.
      std::string text = "INSERT INTO t VALUES" + std::string(shift, ' ') + body + "," + body;
      InsertHeader header;
      ASSERT_TRUE(ParseInsertHeader(text, header).ok()) << text;
      EXPECT_EQ(Trace(text, header.rows_offset, true), Trace(text, header.rows_offset, false))
          << text;
    }
  }
}

// Random rows built from the fragments that border the fast path's forms.
TEST(InsertStatementTest, FastPathGivesTheLexersRowsOnRandomRows) {
  const char* const pieces[] = {"1",  "-",    "0",     "12345678", ".",    "e",    "E",
                                "+",  "x",    "N",     "U",        "L",    "null", "'",
                                "''", R"(\)", R"(\')", "a",        "0x1F", "b'",   "_binary ",
                                " ",  ",",    ")",     "(",        "\"",   "\n",   "/*"};
  std::mt19937 rng(11);
  for (int round = 0; round < 3000; ++round) {
    std::string rows;
    const int n = 1 + static_cast<int>(rng() % 4);
    for (int r = 0; r < n; ++r) {
      rows += r == 0 ? "(" : ",(";
      const int parts = 1 + static_cast<int>(rng() % 12);
      for (int k = 0; k < parts; ++k) rows += pieces[rng() % std::size(pieces)];
      if (rng() % 4 != 0) rows += ")";
    }
    const std::string text = "INSERT INTO t VALUES " + rows;
    InsertHeader header;
    ASSERT_TRUE(ParseInsertHeader(text, header).ok()) << text;
    ASSERT_EQ(Trace(text, header.rows_offset, true), Trace(text, header.rows_offset, false))
        << "round " << round << ": " << text;
  }
}

}  // namespace
}  // namespace cellar::mysql
