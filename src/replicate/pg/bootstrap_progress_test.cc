#include "replicate/pg/bootstrap_progress.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace cellar::pg {
namespace {

TEST(BootstrapProgressTest, RendersRowsRateAndTimeLeftFromTheEstimate) {
  EXPECT_EQ(BootstrapProgress::Render(1, 3, 120000, 300000, 2.0),
            "copying 1/3 tables: 120,000 of ~300,000 rows (40%), 60,000 rows/s, about 4 s left");
}

TEST(BootstrapProgressTest, NeverClaimsTheEndBeforeItAndOutgrowsAStaleEstimate) {
  EXPECT_EQ(BootstrapProgress::Render(0, 1, 5000, 1000, 1.0),
            "copying 0/1 tables: 5,000 of ~5,000 rows (99%), 5,000 rows/s");
  EXPECT_EQ(BootstrapProgress::Render(0, 2, 10, -1, 0.1), "copying 0/2 tables: 10 rows");
}

TEST(BootstrapProgressTest, PrintsLogLinesAboveTheBarAndEndsWithANewline) {
  char* buffer = nullptr;
  size_t size = 0;
  FILE* out = open_memstream(&buffer, &size);
  {
    BootstrapProgress bar(out, 1);
    bar.AddTable(100);
    bar.AddRows(50);
    bar.Print("a log line");
    bar.TableDone();
  }
  std::fclose(out);
  std::string text(buffer, size);
  std::free(buffer);
  EXPECT_NE(text.find("\r\033[Ka log line\n"), std::string::npos) << text;
  EXPECT_NE(text.find("copying 1/1 tables: 50 of ~100 rows (50%)"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
}

}  // namespace
}  // namespace cellar::pg
