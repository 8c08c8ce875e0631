#include "cli/shell/parser.h"

#include <gtest/gtest.h>

namespace cellar::shell {
namespace {

using V = Value;

std::vector<Statement> ParseAll(std::string_view text) {
  Parser parser(text);
  std::vector<Statement> out;
  while (true) {
    auto st = parser.Next();
    EXPECT_TRUE(st.ok()) << st.status().ToString();
    if (!st.ok() || !*st) return out;
    out.push_back(**st);
  }
}

Statement ParseOne(std::string_view text) {
  auto all = ParseAll(text);
  EXPECT_EQ(all.size(), 1u);
  return all.empty() ? Statement{} : all[0];
}

std::string FirstError(std::string_view text) {
  Parser parser(text);
  while (true) {
    auto st = parser.Next();
    if (!st.ok()) return st.status().message();
    if (!*st) return "";
  }
}

V Hash(std::vector<std::pair<V, V>> entries) {
  Value::Hash h;
  for (auto& [k, v] : entries) h.push_back({k, v});
  return V::MakeHash(std::move(h));
}

TEST(ParserTest, ParsesCommandWithPositionalArguments) {
  Statement st = ParseOne("put 't1', 'r1', 'cf:q', 'v', 42");
  EXPECT_EQ(st.command, "put");
  EXPECT_EQ(st.args, (std::vector<V>{V::String("t1"), V::String("r1"), V::String("cf:q"),
                                     V::String("v"), V::Integer(42)}));
}

TEST(ParserTest, CollectsTrailingPairsIntoOneHash) {
  Statement st = ParseOne("get 't','r', COLUMN => 'cf:q', VERSIONS => 3");
  ASSERT_EQ(st.args.size(), 3u);
  EXPECT_EQ(st.args[2], Hash({{V::Constant("COLUMN"), V::String("cf:q")},
                              {V::Constant("VERSIONS"), V::Integer(3)}}));
}

TEST(ParserTest, ParsesNestedArraysAndHashes) {
  Statement st = ParseOne(
      "create 'ns:t', {NAME => 'f1', VERSIONS => 5, IN_MEMORY => true}, {NAME => 'f2'}, "
      "SPLITS => ['a', 'b'], X => nil, 'delete' => false");
  ASSERT_EQ(st.args.size(), 4u);
  EXPECT_EQ(st.args[1], Hash({{V::Constant("NAME"), V::String("f1")},
                              {V::Constant("VERSIONS"), V::Integer(5)},
                              {V::Constant("IN_MEMORY"), V::Bool(true)}}));
  EXPECT_EQ(st.args[3],
            Hash({{V::Constant("SPLITS"), V::MakeArray({V::String("a"), V::String("b")})},
                  {V::Constant("X"), V()},
                  {V::String("delete"), V::Bool(false)}}));
}

TEST(ParserTest, SeparatesStatementsByNewlinesAndSemicolons) {
  auto all = ParseAll("list; version\n\n# comment\nstatus 'simple'\n");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].command, "list");
  EXPECT_EQ(all[1].command, "version");
  EXPECT_EQ(all[2].command, "status");
  EXPECT_EQ(all[2].line, 4);
}

TEST(ParserTest, ContinuesAfterCommaArrowAndInsideBrackets) {
  auto all = ParseAll("scan 't',\n  {COLUMNS => [\n 'a',\n 'b'\n],\n LIMIT =>\n 2}\nlist");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].args.size(), 2u);
  EXPECT_EQ(all[1].command, "list");
}

TEST(ParserTest, AcceptsParenthesesAndTrailingCommas) {
  Statement st = ParseOne("get('t', 'r', ['a', 'b',])");
  EXPECT_EQ(st.args.size(), 3u);
  EXPECT_EQ(st.args[2].array().size(), 2u);
  EXPECT_TRUE(ParseOne("list()").args.empty());
}

TEST(ParserTest, ParsesHiveReplStatementsAsWords) {
  Statement st = ParseOne("REPL DUMP sales FROM 200 TO 1400 BATCH 100;");
  EXPECT_EQ(st.command, "REPL");
  EXPECT_EQ(st.args, (std::vector<V>{V::Constant("DUMP"), V::Constant("sales"), V::Constant("FROM"),
                                     V::Integer(200), V::Constant("TO"), V::Integer(1400),
                                     V::Constant("BATCH"), V::Integer(100)}));
  EXPECT_EQ(ParseOne("repl load sales_dr from '/p'").command, "REPL");
  st = ParseOne("REPL DUMP sales WITH ('a'='1', 'b' = '2');");
  EXPECT_EQ(st.args, (std::vector<V>{V::Constant("DUMP"), V::Constant("sales"), V::Constant("WITH"),
                                     V::MakeHash({{V::String("a"), V::String("1")},
                                                  {V::String("b"), V::String("2")}})}));
}

TEST(ParserTest, ReportsErrorsWithPositions) {
  EXPECT_EQ(FirstError("get 't' 'r'"),
            "line 1, column 9: expected ',' or the end of the command, got the string 'r'");
  EXPECT_EQ(FirstError("get t"),
            "line 1, column 5: undefined name 't': Ruby variables and methods are not supported; "
            "quote strings ('t')");
  EXPECT_EQ(FirstError("'x'"),
            "line 1, column 1: expected a command name, got the string 'x' "
            "(Ruby code is not supported; type 'help')");
  EXPECT_EQ(FirstError("get 't', A => 1, 'r'"),
            "line 1, column 18: a positional argument cannot follow KEY => value pairs");
  EXPECT_EQ(FirstError("scan 't', {LIMIT 1}"),
            "line 1, column 18: expected '=>' after the key LIMIT, got the number 1");
  EXPECT_EQ(FirstError("scan 't', {LIMIT = 1}"),
            "line 1, column 18: expected '=>' after the key LIMIT, got '=' (hash entries are "
            "written KEY => value)");
  EXPECT_EQ(FirstError("REPL DUMP s WITH ('k' 'v')"),
            "line 1, column 23: expected '=' after the property key 'k', got a string");
  EXPECT_EQ(FirstError("REPL DUMP s WITH ('k'='v' 'x')"),
            "line 1, column 27: expected ',' or ')' in WITH (...), got a string");
  EXPECT_EQ(FirstError("REPL DUMP s = 1"), "line 1, column 13: unexpected '=' in a REPL statement");
  EXPECT_EQ(FirstError("scan 't', [1 2]"),
            "line 1, column 14: expected ',' or ']' in an array, got the number 2");
  EXPECT_EQ(FirstError("get('t'"), "line 1, column 8: expected ')', got end of input");
}

TEST(ParserTest, RecoversAfterAnErrorAtTheNextLine) {
  Parser parser("get t, 1\nlist\nbad 'x' 'y'; version");
  EXPECT_FALSE(parser.Next().ok());
  auto st = parser.Next();
  ASSERT_TRUE(st.ok() && *st);
  EXPECT_EQ((*st)->command, "list");
  EXPECT_FALSE(parser.Next().ok());
  st = parser.Next();
  ASSERT_TRUE(st.ok());
  EXPECT_FALSE(*st);  // the rest of the bad line is dropped, including "; version"
}

TEST(ParserTest, KnowsWhenInteractiveInputIsIncomplete) {
  EXPECT_FALSE(NeedsMoreInput("list"));
  EXPECT_FALSE(NeedsMoreInput("get 't', 'r'\n"));
  EXPECT_TRUE(NeedsMoreInput("get 't',"));
  EXPECT_TRUE(NeedsMoreInput("get 't',\n"));
  EXPECT_TRUE(NeedsMoreInput("scan 't', {LIMIT =>"));
  EXPECT_TRUE(NeedsMoreInput("scan 't', {LIMIT => 1,\n COLUMNS => ['a'"));
  EXPECT_TRUE(NeedsMoreInput("put 't', 'r', 'c', 'multi\nline"));
  EXPECT_FALSE(NeedsMoreInput("put 't', 'r', 'c', 'v'; get 't', 'r'"));
  EXPECT_FALSE(NeedsMoreInput("get 't' ]"));  // a syntax error: let the parser report it
}

}  // namespace
}  // namespace cellar::shell
