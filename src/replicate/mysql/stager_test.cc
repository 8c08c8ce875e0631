#include "replicate/mysql/stager.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "replicate/mysql/staged_dump.h"
#include "store/test_util.h"

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
    auto store = Store::Open(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }
  void TearDown() override { store_.reset(); }  // before dir_ goes
  Result<StageReport> Stage(std::string text, std::optional<int64_t> ts = std::nullopt) {
    auto source = MemoryByteSource(std::move(text), "dump.sql");
    StageOptions options{.ns = "shop", .timestamp_ms = ts};
    return StageDump(*store_, *source, options);
  }
  cellar::testing::TempDir dir_;
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

TEST_F(StagerTest, StagingTablesKeepABloomFilterOnlyOnTheChunks) {
  ASSERT_TRUE(Stage(Dump("(1,'a')", ""), 1000).ok());
  auto bloom = [&](const char* table) {
    auto desc = store_->admin().DescribeTable({"shop_staging", table});
    EXPECT_TRUE(desc.ok()) << desc.status().ToString();
    std::vector<BloomFilter> out;
    if (desc.ok()) {
      for (const ColumnFamilyDescriptor& f : desc->families) out.push_back(f.bloom_filter);
    }
    return out;
  };
  EXPECT_EQ(bloom("chunks"), std::vector<BloomFilter>{BloomFilter::kRow});
  EXPECT_EQ(bloom("dumps"), std::vector<BloomFilter>(4, BloomFilter::kNone));
  EXPECT_EQ(bloom("files"), std::vector<BloomFilter>{BloomFilter::kNone});
}

// The staging format's hashes, pinned: computed independently with sha256sum over the file and
// over "a\0INSERT INTO `a` VALUES (1,'a'),(2,NULL)" and "b\0INSERT INTO `b` VALUES ('z')".
// Staged dumps of earlier versions must keep their keys, and the same file must be recognised.
TEST_F(StagerTest, KeysAreSha256OfTheFileAndOfTableNulChunk) {
  auto report = Stage(Dump("(1,'a'),(2,NULL)", "-- Dump completed on 2024-03-01 12:34:56\n"));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->file_sha256,
            "4bae643562bef7ed5b706282f25860bad70f350061cf1c98eeb6736ffbbad1c8");
  auto dumps = ListStagedDumps(*store_, "shop");
  ASSERT_TRUE(dumps.ok()) << dumps.status().ToString();
  ASSERT_EQ(dumps->size(), 1u);
  const StagedDump& d = (*dumps)[0];
  EXPECT_EQ(d.file_sha256, report->file_sha256);
  ASSERT_EQ(d.tables.size(), 2u);
  ASSERT_EQ(d.tables[0].chunks.size(), 1u);
  EXPECT_EQ(d.tables[0].chunks[0],
            "1f5ecba8a81af86d51a00db98f04debcace7bed01f0e638e94ed127711de357c");
  ASSERT_EQ(d.tables[1].chunks.size(), 2u);
  EXPECT_EQ(d.tables[1].chunks[1],
            "dbc62c9512e296622e63c5d1649448ed3ef005356ee09cced3998efe995d8d4f");
  EXPECT_EQ(ChunkKey("b", "INSERT INTO `b` VALUES ('z')"), d.tables[1].chunks[1]);
}

// The files of the open store right after a stage are what a kill -9 then leaves: the dump's
// record and every chunk it refers to must be among them (chunks are written without the WAL,
// so this needs the flush before the record).
TEST_F(StagerTest, StagedDumpAndItsChunksSurviveACrashRightAfter) {
  ASSERT_TRUE(Stage(Dump("(1,'a'),(2,NULL)", "-- Dump completed on 2024-03-01 12:34:56\n")).ok());
  cellar::testing::TempDir crashed;
  std::filesystem::copy(dir_.path(), crashed.path(),
                        std::filesystem::copy_options::recursive |
                            std::filesystem::copy_options::overwrite_existing);
  std::filesystem::remove(std::filesystem::path(crashed.path()) / "LOCK");
  auto store = Store::Open(crashed.path());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto dumps = ListStagedDumps(**store, "shop");
  ASSERT_TRUE(dumps.ok()) << dumps.status().ToString();
  ASSERT_EQ(dumps->size(), 1u);
  auto chunks = (*store)->OpenTable({"shop_staging", "chunks"});
  ASSERT_TRUE(chunks.ok()) << chunks.status().ToString();
  size_t found = 0;
  for (const StagedTable& t : (*dumps)[0].tables) {
    for (const std::string& key : t.chunks) {
      auto sql = GetChunk(**chunks, key);
      EXPECT_TRUE(sql.ok()) << t.name << " " << key << ": " << sql.status().ToString();
      ++found;
    }
  }
  EXPECT_EQ(found, 3u);
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

// "n" rows (i, 'v<i>') in one extended INSERT, rows separated by ",\n" or ",".
std::string BigInsert(size_t n) {
  std::string sql = "INSERT INTO `a` VALUES ";
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) sql += i % 7 == 0 ? ",\n" : ",";
    sql += "(" + std::to_string(i) + ",'v" + std::to_string(i) + "')";
  }
  return sql;
}

TEST_F(StagerTest, LargeStatementIsCutIntoChunksOfBoundedRows) {
  std::string text = "CREATE TABLE `a` (`id` int NOT NULL, `s` text, PRIMARY KEY (`id`));\n" +
                     BigInsert(2 * kMaxChunkRows + 5) + ";\n";
  auto report = Stage(text, 1000);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->chunks, 3u);
  EXPECT_EQ(report->rows, 2 * kMaxChunkRows + 5);
  auto dumps = ListStagedDumps(*store_, "shop");
  ASSERT_TRUE(dumps.ok());
  const StagedTable& t = (*dumps)[0].tables[0];
  ASSERT_EQ(t.chunks.size(), 3u);
  auto chunks = store_->OpenTable({"shop_staging", "chunks"});
  ASSERT_TRUE(chunks.ok());
  std::string last = *GetChunk(**chunks, t.chunks[2]);
  EXPECT_EQ(last.substr(0, 30), "INSERT INTO `a` VALUES (20000,");
  EXPECT_TRUE(last.ends_with("(20003,'v20003'),(20004,'v20004')")) << last.substr(0, 100);
  std::string first = *GetChunk(**chunks, t.chunks[0]);
  EXPECT_TRUE(first.ends_with("(9998,'v9998'),(9999,'v9999')")) << first.substr(first.size() - 40);

  // The same statement in another dump gives the same chunks: nothing new is stored.
  auto again = Stage(text + "-- another file\n", 2000);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->chunks, 3u);
  EXPECT_EQ(again->new_chunks, 0u);
}

TEST_F(StagerTest, StatementAtTheBoundIsOneChunkAsWritten) {
  std::string insert = BigInsert(kMaxChunkRows);
  auto report = Stage("CREATE TABLE `a` (`id` int, `s` text);\n" + insert + ";\n", 1000);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->chunks, 1u);
  auto dumps = ListStagedDumps(*store_, "shop");
  auto chunks = store_->OpenTable({"shop_staging", "chunks"});
  EXPECT_EQ(*GetChunk(**chunks, (*dumps)[0].tables[0].chunks[0]), insert);
}

constexpr std::string_view kTwoDatabases =
    "CREATE DATABASE `a`;\nUSE `a`;\n"
    "CREATE TABLE `t` (`id` int NOT NULL, PRIMARY KEY (`id`));\n"
    "INSERT INTO `t` VALUES (1),(2);\n"
    "CREATE TABLE `only_a` (`x` int);\n"
    "CREATE DATABASE `b`;\nUSE b;\n"
    "CREATE TABLE `t` (`id` int NOT NULL, `s` text, PRIMARY KEY (`id`));\n"
    "INSERT INTO `t` VALUES (7,'seven');\n"
    "INSERT INTO `a`.`t` VALUES (3);\n"
    "/*!50001 CREATE VIEW `v` AS select 1 AS `one` */;\n";

TEST_F(StagerTest, SameTableInTwoDatabasesIsStagedAsDatabaseDotTable) {
  auto report = Stage(std::string(kTwoDatabases), 1000);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  auto dumps = ListStagedDumps(*store_, "shop");
  ASSERT_TRUE(dumps.ok());
  const StagedDump& d = (*dumps)[0];
  ASSERT_EQ(d.tables.size(), 3u);
  EXPECT_EQ(d.tables[0].name, "a.t");
  EXPECT_EQ(d.tables[0].rows, 3u);  // (1),(2) and the qualified INSERT INTO `a`.`t`
  EXPECT_EQ(d.tables[0].chunks.size(), 2u);
  EXPECT_EQ(d.tables[1].name, "a.only_a");
  EXPECT_EQ(d.tables[2].name, "b.t");
  EXPECT_EQ(d.tables[2].rows, 1u);
  EXPECT_NE(d.tables[2].create_sql.find("`s` text"), std::string::npos);
  EXPECT_EQ(d.views.count("b.v"), 1u);
}

TEST_F(StagerTest, OneDatabaseKeepsBareNamesAndSkipTablesTakesQualifiedNames) {
  auto one = Stage("USE `a`;\nCREATE TABLE `t` (`id` int);\nINSERT INTO `t` VALUES (1);\n", 1000);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ((*ListStagedDumps(*store_, "shop"))[0].tables[0].name, "t");

  auto source = MemoryByteSource(std::string(kTwoDatabases), "dump.sql");
  auto two = StageDump(*store_, *source,
                       StageOptions{.ns = "shop", .timestamp_ms = 2000, .skip_tables = {"a.t"}});
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  auto dumps = ListStagedDumps(*store_, "shop");
  ASSERT_TRUE(dumps.ok() && dumps->size() == 2u);
  const StagedDump& d = (*dumps)[1];
  ASSERT_EQ(d.tables.size(), 2u);
  EXPECT_EQ(d.tables[0].name, "a.only_a");
  EXPECT_EQ(d.tables[1].name, "b.t");
}

TEST(ParseDumpTimeTest, AcceptsDatesDateTimesAndMillis) {
  EXPECT_EQ(*ParseDumpTime("1970-01-02"), 86400000);
  EXPECT_EQ(*ParseDumpTime("2024-03-01 12:34:56"), 1709296496000);
  EXPECT_EQ(*ParseDumpTime("1234"), 1234);
  EXPECT_TRUE(ParseDumpTime("yesterday").status().IsInvalidArgument());
}

}  // namespace
}  // namespace cellar::mysql
