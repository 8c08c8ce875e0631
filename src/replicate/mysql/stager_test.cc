#include "replicate/mysql/stager.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "replicate/mysql/staged_dump.h"

namespace cellar::mysql {
namespace {

std::string Dump(std::string_view rows_a, std::string_view trailer) {
  return std::string(
             "-- MariaDB dump\n/*!40101 SET NAMES utf8mb4 */;\n"
             "CREATE TABLE `a` (\n  `id` int(11) NOT NULL,\n  `s` text,\n  PRIMARY KEY (`id`)\n);\n"
             "INSERT INTO `a` VALUES ") +
         std::string(rows_a) +
         ";\n"
         "CREATE TABLE `b` (`k` varchar(5) NOT NULL, PRIMARY KEY (`k`));\n"
         "INSERT INTO `b` VALUES ('x'),('y');\n"
         "INSERT INTO `b` VALUES ('z');\n"
         "/*!50001 CREATE TABLE `v` (`id` int) */;\n"
         "/*!50001 CREATE ALGORITHM=UNDEFINED */ /*!50001 VIEW `v` AS select `id` from `a` */;\n" +
         std::string(trailer);
}

class StagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "stager_test_" + std::to_string(getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    auto store = Store::Open(dir_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  Result<StageReport> Stage(std::string text, std::optional<int64_t> ts = std::nullopt) {
    auto source = MemoryByteSource(std::move(text), "dump.sql");
    StageOptions options{.ns = "shop", .timestamp_ms = ts};
    return StageDump(*store_, *source, options);
  }
  std::string dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StagerTest, StagesTablesChunksViewsAndTime) {
  auto report = Stage(Dump("(1,'a'),(2,NULL)", "-- Dump completed on 2024-03-01 12:34:56\n"));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_FALSE(report->already_staged);
  EXPECT_EQ(report->dump_time_ms, 1709296496000);
  EXPECT_EQ(report->chunks, 3u);
  EXPECT_EQ(report->new_chunks, 3u);
  EXPECT_EQ(report->rows, 5u);
  auto dumps = ListStagedDumps(*store_, "shop");
  ASSERT_TRUE(dumps.ok()) << dumps.status().ToString();
  ASSERT_EQ(dumps->size(), 1u);
  const StagedDump& d = (*dumps)[0];
  EXPECT_EQ(d.dump_time_ms, 1709296496000);
  EXPECT_EQ(d.file_sha256, report->file_sha256);
  ASSERT_EQ(d.tables.size(), 2u);  // the view's placeholder table is not a table
  EXPECT_EQ(d.tables[0].name, "a");
  EXPECT_EQ(d.tables[0].rows, 2u);
  EXPECT_EQ(d.tables[1].chunks.size(), 2u);
  EXPECT_NE(d.tables[0].create_sql.find("PRIMARY KEY"), std::string::npos);
  ASSERT_EQ(d.views.count("v"), 1u);
  EXPECT_NE(d.stats.find("rows=5"), std::string::npos) << d.stats;
  auto chunks = store_->OpenTable({"shop_staging", "chunks"});
  ASSERT_TRUE(chunks.ok());
  auto sql = GetChunk(**chunks, d.tables[0].chunks[0]);
  ASSERT_TRUE(sql.ok());
  EXPECT_EQ(*sql, "INSERT INTO `a` VALUES (1,'a'),(2,NULL)");
}

TEST_F(StagerTest, SameFileTwiceSaysSoAndChangesNothing) {
  std::string text = Dump("(1,'a')", "-- Dump completed on 2024-03-01 00:00:00\n");
  ASSERT_TRUE(Stage(text).ok());
  auto again = Stage(text);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->already_staged);
  EXPECT_EQ(again->new_chunks, 0u);
  EXPECT_EQ(ListStagedDumps(*store_, "shop")->size(), 1u);
}

TEST_F(StagerTest, NextDumpStoresOnlyChangedChunks) {
  ASSERT_TRUE(Stage(Dump("(1,'a')", "-- Dump completed on 2024-03-01 00:00:00\n")).ok());
  auto second = Stage(Dump("(1,'changed')", "-- Dump completed on 2024-03-02 00:00:00\n"));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->chunks, 3u);
  EXPECT_EQ(second->new_chunks, 1u);
  EXPECT_EQ(ListStagedDumps(*store_, "shop")->size(), 2u);
}

TEST_F(StagerTest, MalformedDumpLeavesNoStagedDump) {
  auto bad = Stage(Dump("(1,'a'),(2,'unclosed)", "-- Dump completed on 2024-03-01 00:00:00\n"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("dump.sql:"), std::string::npos) << bad.status().message();
  auto dumps = ListStagedDumps(*store_, "shop");
  EXPECT_TRUE(!dumps.ok() || dumps->empty());
}

TEST_F(StagerTest, MissingTrailerNeedsTimestamp) {
  std::string text = Dump("(1,'a')", "");
  Status missing = Stage(text).status();
  EXPECT_TRUE(missing.IsFailedPrecondition()) << missing.ToString();
  auto report = Stage(text, 1700000000000);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->dump_time_ms, 1700000000000);
}

TEST(ParseDumpTimeTest, AcceptsDatesDateTimesAndMillis) {
  EXPECT_EQ(*ParseDumpTime("1970-01-02"), 86400000);
  EXPECT_EQ(*ParseDumpTime("2024-03-01 12:34:56"), 1709296496000);
  EXPECT_EQ(*ParseDumpTime("1234"), 1234);
  EXPECT_TRUE(ParseDumpTime("yesterday").status().IsInvalidArgument());
}

}  // namespace
}  // namespace cellar::mysql
