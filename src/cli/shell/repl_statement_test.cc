#include "cli/shell/repl_statement.h"

#include <gtest/gtest.h>

#include "cli/shell/parser.h"

namespace cellar::shell {
namespace {

Result<ReplStatement> ParseRepl(std::string_view text) {
  Parser parser(text);
  auto st = parser.Next();
  EXPECT_TRUE(st.ok() && *st) << st.status().ToString();
  return ParseReplStatement((*st)->args);
}

TEST(ReplStatementTest, ParsesDumpWithEventRangeAndBatch) {
  auto st = ParseRepl("REPL DUMP sales FROM 200 TO 1400 BATCH 100;");
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->kind, ReplStatement::Kind::kDump);
  EXPECT_EQ(st->name, "sales");
  EXPECT_EQ(st->from_event, 200u);
  EXPECT_EQ(st->to_event, 1400u);
  EXPECT_EQ(st->batch, 100u);
  auto bare = ParseRepl("repl dump sales.orders");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->name, "sales.orders");
  EXPECT_FALSE(bare->from_event);
}

TEST(ReplStatementTest, ParsesLoadAndStatus) {
  auto load = ParseRepl("REPL LOAD sales_dr FROM '/path';");
  ASSERT_TRUE(load.ok());
  EXPECT_EQ(load->kind, ReplStatement::Kind::kLoad);
  EXPECT_EQ(load->path, "/path");
  auto status = ParseRepl("REPL STATUS sales_dr;");
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->kind, ReplStatement::Kind::kStatus);
  EXPECT_EQ(status->name, "sales_dr");
}

TEST(ReplStatementTest, ReportsTheWrongWord) {
  EXPECT_EQ(ParseRepl("REPL COPY x").status().message(),
            "REPL: expected DUMP, LOAD or STATUS, got COPY");
  EXPECT_EQ(ParseRepl("REPL DUMP sales TO 5").status().message(), "REPL: unexpected TO");
  EXPECT_EQ(ParseRepl("REPL DUMP sales FROM x").status().message(),
            "REPL: FROM needs a non-negative number after it");
  EXPECT_EQ(ParseRepl("REPL LOAD x").status().message(),
            "REPL LOAD: expected FROM '<dump path>' after the name");
  EXPECT_EQ(ParseRepl("REPL STATUS").status().message(), "REPL STATUS: expected a database name");
  EXPECT_EQ(ParseRepl("REPL STATUS a b").status().message(), "REPL: unexpected b");
}

}  // namespace
}  // namespace cellar::shell
