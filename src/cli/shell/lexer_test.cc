#include "cli/shell/lexer.h"

#include <gtest/gtest.h>

#include <vector>

namespace cellar::shell {
namespace {

std::vector<Token> LexAll(std::string_view text) {
  Lexer lexer(text);
  std::vector<Token> tokens;
  while (true) {
    Result<Token> t = lexer.Next();
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    if (!t.ok() || t->kind == TokenKind::kEnd) return tokens;
    tokens.push_back(*t);
  }
}

std::string LexOneString(std::string_view text) {
  auto tokens = LexAll(text);
  EXPECT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens.at(0).kind, TokenKind::kString);
  return tokens.at(0).text;
}

Status LexError(std::string_view text) {
  Lexer lexer(text);
  while (true) {
    Result<Token> t = lexer.Next();
    if (!t.ok()) return t.status();
    if (t->kind == TokenKind::kEnd) return Status::Ok();
  }
}

TEST(LexerTest, SplitsPunctuationNamesAndNumbers) {
  auto tokens = LexAll("get 't', {VERSIONS => -3}; [1_000]\n");
  std::vector<TokenKind> kinds;
  for (const Token& t : tokens) kinds.push_back(t.kind);
  EXPECT_EQ(kinds,
            (std::vector<TokenKind>{TokenKind::kIdentifier, TokenKind::kString, TokenKind::kComma,
                                    TokenKind::kLBrace, TokenKind::kIdentifier, TokenKind::kArrow,
                                    TokenKind::kInteger, TokenKind::kRBrace, TokenKind::kSemicolon,
                                    TokenKind::kLBracket, TokenKind::kInteger, TokenKind::kRBracket,
                                    TokenKind::kNewline}));
  EXPECT_EQ(tokens[6].integer, -3);
  EXPECT_EQ(tokens[10].integer, 1000);
}

TEST(LexerTest, TracksLinesAndColumns) {
  auto tokens = LexAll("a\n  'b'");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[2].line, 2);
  EXPECT_EQ(tokens[2].column, 3);
}

TEST(LexerTest, SingleQuotesKeepBackslashesExceptQuoteAndBackslash) {
  EXPECT_EQ(LexOneString(R"('a\nb')"), "a\\nb");
  EXPECT_EQ(LexOneString(R"('it\'s')"), "it's");
  EXPECT_EQ(LexOneString(R"('c:\\d')"), "c:\\d");
  EXPECT_EQ(LexOneString(R"('\x00')"), "\\x00");
}

TEST(LexerTest, DoubleQuotesDecodeRubyEscapes) {
  EXPECT_EQ(LexOneString(R"("a\nb\t\"q\"\\")"), "a\nb\t\"q\"\\");
  EXPECT_EQ(LexOneString(R"("\x00\xff\x4")"), std::string("\0\xff\x04", 3));
  EXPECT_EQ(LexOneString(R"("\0\101\s")"), std::string("\0A ", 3));
  EXPECT_EQ(LexOneString(R"("\u00e9\u{1F600}")"), "\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(LexOneString(R"("\e\q")"), "\x1bq");
}

TEST(LexerTest, CommentsRunToTheEndOfTheLine) {
  auto tokens = LexAll("list # all tables 'x'\nscan");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[1].kind, TokenKind::kNewline);
  EXPECT_EQ(tokens[2].text, "scan");
  EXPECT_EQ(LexOneString("'# not a comment'"), "# not a comment");
}

TEST(LexerTest, BackslashNewlineJoinsLines) {
  auto tokens = LexAll("put 't', \\\n 'r'");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[3].text, "r");
}

TEST(LexerTest, ReportsUnterminatedStringWithPosition) {
  Lexer lexer("get 't', 'r");
  ASSERT_TRUE(lexer.Next().ok());
  ASSERT_TRUE(lexer.Next().ok());
  ASSERT_TRUE(lexer.Next().ok());
  Result<Token> t = lexer.Next();
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "line 1, column 10: unterminated string (no closing ')");
  EXPECT_TRUE(lexer.ended_inside_string());
}

TEST(LexerTest, TellsAnEqualsSignFromAnArrow) {
  auto tokens = LexAll("'a'='b' => =");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[1].kind, TokenKind::kEquals);
  EXPECT_EQ(tokens[3].kind, TokenKind::kArrow);
  EXPECT_EQ(tokens[4].kind, TokenKind::kEquals);
}

TEST(LexerTest, RejectsWhatRubyWouldRunOrWeCannotRead) {
  EXPECT_NE(LexError("\"a#{b}\"").message().find("interpolation"), std::string::npos);
  EXPECT_NE(LexError("1.5").message().find("floating-point"), std::string::npos);
  EXPECT_NE(LexError("99999999999999999999").message().find("out of range"), std::string::npos);
  EXPECT_NE(LexError("\"\\xZZ\"").message().find("hex escape"), std::string::npos);
  EXPECT_TRUE(LexError("-9223372036854775808").ok());
}

}  // namespace
}  // namespace cellar::shell
