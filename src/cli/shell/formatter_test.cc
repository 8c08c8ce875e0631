#include "cli/shell/formatter.h"

#include <gtest/gtest.h>

#include <sstream>

namespace cellar::shell {
namespace {

TEST(FormatterTest, PrintsUnpaddedColumnsWhenNotATerminal) {
  std::ostringstream out;
  Formatter f(out, 0);
  f.Header("ROW", "COLUMN+CELL");
  f.Row("myrow-1", "column=colfam1:q1, timestamp=1297345476469, value=value-1");
  f.Row("myrow-2", "column=colfam1:q2, timestamp=1297345495663, value=value-2");
  EXPECT_EQ(out.str(),
            "ROW  COLUMN+CELL\n"
            " myrow-1 column=colfam1:q1, timestamp=1297345476469, value=value-1\n"
            " myrow-2 column=colfam1:q2, timestamp=1297345495663, value=value-2\n");
  EXPECT_EQ(f.row_count(), 2);
}

TEST(FormatterTest, PadsAndWrapsColumnsToTheTerminalWidth) {
  std::ostringstream out;
  Formatter f(out, 40);  // columns of 10 and 28
  f.Header("ROW", "COLUMN+CELL");
  f.Row("a-long-row-key", "short");
  EXPECT_EQ(out.str(),
            "ROW         COLUMN+CELL\n"
            " a-long-row short\n"
            " -key       \n");
}

TEST(FormatterTest, SingleColumnRowsAreNotInsetAndHeadersResetTheCount) {
  std::ostringstream out;
  Formatter f(out, 0);
  f.Row("x");
  f.Header("TABLE");
  f.Row("t1");
  f.Line("not counted");
  EXPECT_EQ(out.str(), "x\nTABLE\nt1\nnot counted\n");
  EXPECT_EQ(f.row_count(), 1);
}

TEST(FormatterTest, FooterShowsRowsAndSecondsLikeHBase) {
  EXPECT_EQ(FooterText(2, 0.11), "2 row(s) in 0.1100 seconds");
  EXPECT_EQ(FooterText(0, 2.125), "0 row(s) in 2.1250 seconds");
}

TEST(FormatterTest, TtlIsPrintedLikeHBasePrettyPrinter) {
  EXPECT_EQ(HumanReadableTtl(2147483647), "FOREVER");
  EXPECT_EQ(HumanReadableTtl(1), "1 SECOND");
  EXPECT_EQ(HumanReadableTtl(59), "59 SECONDS");
  EXPECT_EQ(HumanReadableTtl(60), "60 SECONDS (1 MINUTE)");
  EXPECT_EQ(HumanReadableTtl(2592000), "2592000 SECONDS (30 DAYS)");
  EXPECT_EQ(HumanReadableTtl(90061), "90061 SECONDS (1 DAY 1 HOUR 1 MINUTE 1 SECOND)");
  EXPECT_EQ(HumanReadableTtl(7322), "7322 SECONDS (2 HOURS 2 MINUTES 2 SECONDS)");
}

}  // namespace
}  // namespace cellar::shell
