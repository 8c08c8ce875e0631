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

TEST(ReplStatementTest, ParsesDumpWithFilesProperty) {
  auto st = ParseRepl("REPL DUMP sales BATCH 5 WITH ('cellar.repl.dump.files'='TRUE');");
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_TRUE(st->files);
  EXPECT_EQ(st->batch, 5u);
  auto off = ParseRepl("REPL DUMP sales WITH ('cellar.repl.dump.files'='false')");
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->files);
  EXPECT_FALSE(ParseRepl("REPL DUMP sales").value().files);
}

TEST(ReplStatementTest, RejectsWrongDumpProperties) {
  EXPECT_EQ(ParseRepl("REPL DUMP s WITH ('hive.repl.x'='1')").status().message(),
            "REPL DUMP: unknown property 'hive.repl.x' in WITH (known: 'cellar.repl.dump.files')");
  EXPECT_EQ(ParseRepl("REPL DUMP s WITH ('cellar.repl.dump.files'='yes')").status().message(),
            "REPL DUMP: 'cellar.repl.dump.files' is 'true' or 'false', not 'yes'");
  EXPECT_EQ(ParseRepl("REPL DUMP s FROM 3 WITH ('cellar.repl.dump.files'='true')").status().message(),
            "REPL DUMP: 'cellar.repl.dump.files' is for bootstrap dumps (without FROM)");
  EXPECT_EQ(ParseRepl("REPL DUMP s WITH ('cellar.repl.dump.files'='true') BATCH 2").status().message(),
            "REPL: unexpected BATCH");
  EXPECT_EQ(ParseRepl("REPL DUMP s WITH").status().message(), "REPL: unexpected WITH");
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
