#include "replicate/mysql/dump_lexer.h"

#include <gtest/gtest.h>

#include <string>

namespace cellar::mysql {
namespace {

// Lexes "text" and returns its only token (kind and decoded text).
struct Lexed {
  TokenKind kind;
  std::string text;
};

Lexed LexOne(std::string_view text) {
  std::string arena;
  arena.reserve(text.size());
  DumpLexer lexer(text, &arena);
  Token t;
  Status s = lexer.Next(t);
  EXPECT_TRUE(s.ok()) << s.ToString();
  Lexed out{t.kind, std::string(t.text)};
  Token end;
  EXPECT_TRUE(lexer.Next(end).ok());
  EXPECT_EQ(end.kind, TokenKind::kEnd) << "in " << text;
  return out;
}

Status LexAll(std::string_view text) {
  std::string arena;
  arena.reserve(text.size());
  DumpLexer lexer(text, &arena);
  Token t;
  do {
    CELLAR_RETURN_IF_ERROR(lexer.Next(t));
  } while (t.kind != TokenKind::kEnd);
  return Status::Ok();
}

TEST(DumpLexerTest, DecodesEveryBackslashEscape) {
  struct Case {
    const char* literal;
    std::string value;
  } cases[] = {
      {R"('\0')", std::string(1, '\0')}, {R"('\'')", "'"},    {R"('\"')", "\""},
      {R"('\b')", "\b"},                 {R"('\n')", "\n"},   {R"('\r')", "\r"},
      {R"('\t')", "\t"},                 {R"('\Z')", "\x1a"}, {R"('\\')", "\\"},
      {R"('\%')", "\\%"},                {R"('\_')", "\\_"},  {R"('\q')", "q"},
  };
  for (const auto& c : cases) {
    Lexed l = LexOne(c.literal);
    EXPECT_EQ(l.kind, TokenKind::kString) << c.literal;
    EXPECT_EQ(l.text, c.value) << c.literal;
  }
}

TEST(DumpLexerTest, DecodesDoubledQuotesAndMixedEscapes) {
  EXPECT_EQ(LexOne("'it''s'").text, "it's");
  EXPECT_EQ(LexOne(R"("say ""hi""")").text, "say \"hi\"");
  EXPECT_EQ(LexOne(R"('a\\'' b')").text, "a\\' b");
  EXPECT_EQ(LexOne(R"('x\\\'y')").text, "x\\'y");
  EXPECT_EQ(LexOne("''").text, "");
  EXPECT_EQ(LexOne("'(1,2);'").text, "(1,2);");
}

TEST(DumpLexerTest, KeepsUnicodeBytesAsTheyAre) {
  EXPECT_EQ(LexOne("'h\xc3\xa9llo \xf0\x9f\x98\x80'").text, "h\xc3\xa9llo \xf0\x9f\x98\x80");
}

TEST(DumpLexerTest, NullIsNotTheStringNull) {
  EXPECT_EQ(LexOne("NULL").kind, TokenKind::kNull);
  EXPECT_EQ(LexOne("null").kind, TokenKind::kNull);
  Lexed s = LexOne("'NULL'");
  EXPECT_EQ(s.kind, TokenKind::kString);
  EXPECT_EQ(s.text, "NULL");
}

TEST(DumpLexerTest, SkipsCharsetIntroducers) {
  Lexed b = LexOne("_binary 'a\\0b'");
  EXPECT_EQ(b.kind, TokenKind::kString);
  EXPECT_EQ(b.text, std::string("a\0b", 3));
  EXPECT_EQ(LexOne("_utf8mb4'x'").text, "x");
  EXPECT_EQ(LexOne("_binary 0x41").text, "A");
  EXPECT_EQ(LexOne("N'n'").text, "n");
}

TEST(DumpLexerTest, DecodesHexLiterals) {
  Lexed h = LexOne("0x00FF41");
  EXPECT_EQ(h.kind, TokenKind::kBytes);
  EXPECT_EQ(h.text, std::string("\0\xff" "A", 3));
  EXPECT_EQ(LexOne("X'4142'").text, "AB");
  EXPECT_EQ(LexOne("x''").text, "");
  EXPECT_EQ(LexOne("0xABC").text, "\x0a\xbc");
}

TEST(DumpLexerTest, DecodesBitLiterals) {
  Lexed b = LexOne("b'101'");
  EXPECT_EQ(b.kind, TokenKind::kBits);
  EXPECT_EQ(b.text, "\x05");
  EXPECT_EQ(LexOne("b'100000001'").text, "\x01\x01");
  EXPECT_EQ(LexOne("0b11111111").text, "\xff");
  EXPECT_EQ(LexOne("B'0'").text, std::string(1, '\0'));
}

TEST(DumpLexerTest, KeepsNumbersExactlyAsWritten) {
  for (const char* n : {"0", "42", "-7", "+3", "3.14", "-0.000001", ".5", "1e10", "1.5E-7",
                        "-2.5e+300", "123456789012345678901234567890.123456789012345678901234567890",
                        "18446744073709551615"}) {
    Lexed l = LexOne(n);
    EXPECT_EQ(l.kind, TokenKind::kNumber) << n;
    EXPECT_EQ(l.text, n);
  }
}

TEST(DumpLexerTest, ReadsNamesWordsAndPunctuation) {
  std::string arena;
  arena.reserve(64);
  std::string_view text = "INSERT INTO `we``ird` VALUES (1,'a');";
  DumpLexer lexer(text, &arena);
  Token t;
  std::vector<std::pair<TokenKind, std::string>> got;
  do {
    ASSERT_TRUE(lexer.Next(t).ok());
    got.emplace_back(t.kind, std::string(t.text));
  } while (t.kind != TokenKind::kEnd);
  std::vector<std::pair<TokenKind, std::string>> want = {
      {TokenKind::kWord, "INSERT"}, {TokenKind::kWord, "INTO"},   {TokenKind::kQuotedName, "we`ird"},
      {TokenKind::kWord, "VALUES"}, {TokenKind::kPunct, "("},     {TokenKind::kNumber, "1"},
      {TokenKind::kPunct, ","},     {TokenKind::kString, "a"},    {TokenKind::kPunct, ")"},
      {TokenKind::kPunct, ";"},     {TokenKind::kEnd, ""}};
  EXPECT_EQ(got, want);
}

TEST(DumpLexerTest, SkipsCommentsAndReadsConditionalCommentsAsSql) {
  std::string arena;
  arena.reserve(128);
  std::string_view text = "-- a comment\n# another\n/* plain ; */ /*!40101 SET x=1 */ /*M!100100 y */";
  DumpLexer lexer(text, &arena);
  Token t;
  std::vector<std::string> words;
  do {
    ASSERT_TRUE(lexer.Next(t).ok());
    if (t.kind != TokenKind::kEnd) words.emplace_back(t.text);
  } while (t.kind != TokenKind::kEnd);
  EXPECT_EQ(words, (std::vector<std::string>{"SET", "x", "=", "1", "y"}));
}

TEST(DumpLexerTest, ReportsUnbalancedQuoteWithOffset) {
  Status s = LexAll("(1,'abc");
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("unbalanced quote"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("offset 3"), std::string::npos) << s.message();
  EXPECT_TRUE(LexAll("'ends with escaped quote\\'").IsInvalidArgument());
  EXPECT_TRUE(LexAll("`name").IsInvalidArgument());
  EXPECT_TRUE(LexAll("X'41").IsInvalidArgument());
}

TEST(DumpLexerTest, ReportsBadLiterals) {
  EXPECT_TRUE(LexAll("X'4G'").IsInvalidArgument());
  EXPECT_TRUE(LexAll("b'102'").IsInvalidArgument());
  EXPECT_TRUE(LexAll("0xZZ").IsInvalidArgument());
  EXPECT_TRUE(LexAll("1e+").IsInvalidArgument());
  EXPECT_TRUE(LexAll("/* never closed").IsInvalidArgument());
}

}  // namespace
}  // namespace cellar::mysql
