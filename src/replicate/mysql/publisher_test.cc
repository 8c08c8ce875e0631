#include "replicate/mysql/publisher.h"

#include <gtest/gtest.h>

#include <map>

#include "replicate/mysql/staged_dump.h"
#include "replicate/mysql/stager.h"
#include "store/test_util.h"

namespace cellar::mysql {
namespace {

// A table as read back: "id" cell -> "column=value" strings, sorted.
using Snapshot = std::map<std::string, std::map<std::string, std::string>>;

constexpr int64_t kDay = 86400000;
constexpr int64_t kT1 = 1709251200000;  // 2024-03-01
constexpr int64_t kT2 = kT1 + kDay;
constexpr int64_t kT3 = kT1 + 2 * kDay;
constexpr int64_t kT4 = kT1 + 3 * kDay;

std::string Dump(std::string_view rows, std::string_view nokey_rows = "('a',1)") {
  return "CREATE TABLE `item` (\n  `id` int(11) NOT NULL,\n  `name` varchar(20) DEFAULT NULL,\n"
         "  `price` decimal(10,2) DEFAULT NULL,\n  PRIMARY KEY (`id`)\n);\n"
         "INSERT INTO `item` VALUES " + std::string(rows) + ";\n"
         "INSERT INTO `item` VALUES (100,'stable',1.00),(101,'same',2.00);\n"
         "CREATE TABLE `log` (`msg` text, `n` int);\n"
         "INSERT INTO `log` VALUES " + std::string(nokey_rows) + ";\n";
}

// The four dumps of the tests: inserts, updates, NULLs, deletes, a re-insert.
const char* const kRows[] = {
    "(1,'apple',1.50),(2,'pear',NULL),(3,'plum',3.00)",
    "(1,'apple',1.75),(2,'pear','2.00'),(4,'kiwi',4.00)",            // 3 deleted, 4 new
    "(1,NULL,1.75),(4,'kiwi',4.00),(-5,'it''s \\\\ \\n',0.00)",      // 2 deleted, name NULL
    "(1,'apple',1.75),(3,'plum',3.00),(4,'kiwi',4.00),(-5,'x',0.00)",  // 3 is back
};
const int64_t kTimes[] = {kT1, kT2, kT3, kT4};

class PublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }
  void TearDown() override { store_.reset(); }  // before dir_ goes
  void Stage(std::string text, int64_t ts) {
    auto source = MemoryByteSource(std::move(text), "dump.sql");
    auto report = StageDump(*store_, *source, StageOptions{.ns = "shop", .timestamp_ms = ts});
    ASSERT_TRUE(report.ok()) << report.status().ToString();
  }
  void StageAll() {
    const char* logs[] = {"('a',1)", "('a',1),('b',2)", "('b',2)", "('b',2),('b',2)"};
    for (int i = 0; i < 4; ++i) Stage(Dump(kRows[i], logs[i]), kTimes[i]);
  }
  std::vector<PublishReport> Publish(std::optional<int64_t> dump, bool binary = false) {
    auto reports = mysql::Publish(
        *store_, PublishOptions{.ns = "shop", .dump_time_ms = dump, .binary_numbers = binary});
    EXPECT_TRUE(reports.ok()) << reports.status().ToString();
    return reports.ok() ? *reports : std::vector<PublishReport>{};
  }
  // The table as of "ts": a scan with the time range [0, ts + 1).
  Snapshot Read(const std::string& table, int64_t ts, const std::string& id_column = "id") {
    Snapshot out;
    auto t = store_->OpenTable(TableName{"shop", table});
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    if (!t.ok()) return out;
    auto scanner = (*t)->GetScanner(Scan().SetTimeRange({0, ts + 1}));
    EXPECT_TRUE(scanner.ok());
    while (true) {
      auto row = (*scanner)->Next();
      EXPECT_TRUE(row.ok());
      if (!row.ok() || !*row) break;
      std::map<std::string, std::string> cells;
      for (const Cell& c : (*row)->cells()) cells[c.qualifier] = c.value;
      out[cells[id_column]] = cells;
    }
    return out;
  }
  // What each dump of kRows holds (the expected snapshot), built by hand.
  static Snapshot Expected(int i) {
    auto row = [](std::string id, std::optional<std::string> name, std::string price) {
      std::map<std::string, std::string> r{{"id", id}, {"price", price}};
      if (name) r["name"] = *name;
      return std::make_pair(id, r);
    };
    Snapshot base{row("100", "stable", "1.00"), row("101", "same", "2.00")};
    switch (i) {
      case 0: base.insert({row("1", "apple", "1.50"), row("2", "pear", "-"), row("3", "plum", "3.00")});
              base["2"].erase("price");
              break;
      case 1: base.insert({row("1", "apple", "1.75"), row("2", "pear", "2.00"), row("4", "kiwi", "4.00")});
              break;
      case 2: base.insert({row("1", std::nullopt, "1.75"), row("4", "kiwi", "4.00"),
                           row("-5", "it's \\ \n", "0.00")});
              break;
      default: base.insert({row("1", "apple", "1.75"), row("3", "plum", "3.00"),
                            row("4", "kiwi", "4.00"), row("-5", "x", "0.00")});
    }
    return base;
  }
  void ExpectEveryDumpReadsBack(int published = 4) {
    for (int i = 0; i < published; ++i) {
      EXPECT_EQ(Read("item", kTimes[i]), Expected(i)) << "as of dump " << i;
    }
    EXPECT_TRUE(Read("item", kT1 - 1).empty());
  }
  cellar::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(PublisherTest, FirstPublishWritesEveryRowAtTheDumpTime) {
  Stage(Dump(kRows[0]), kT1);
  auto reports = Publish(std::nullopt);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].table, "item");
  EXPECT_EQ(reports[0].rows_new, 5u);
  EXPECT_EQ(Read("item", kT1), Expected(0));
  EXPECT_TRUE(Read("item", kT1 - 1).empty());
  auto desc = store_->admin().DescribeTable(TableName{"shop", "item"});
  ASSERT_TRUE(desc.ok());
  EXPECT_TRUE(desc->families[0].keep_deleted_cells);
  EXPECT_EQ(desc->families[0].max_versions, 2147483647);
}

TEST_F(PublisherTest, InOrderSequenceReadsBackAsOfEachDump) {
  StageAll();
  auto reports = Publish(std::nullopt);
  ASSERT_EQ(reports.size(), 8u);
  ExpectEveryDumpReadsBack();
  // Dump 2 vs 1: 1 changed (price), 2 changed (price from NULL), 3 deleted, 4 new.
  EXPECT_EQ(reports[2].rows_new, 1u);
  EXPECT_EQ(reports[2].rows_changed, 2u);
  EXPECT_EQ(reports[2].rows_deleted, 1u);
  EXPECT_EQ(reports[2].cells_put, 2u + 3u);
  // The chunk with rows 100 and 101 is the same in every dump: never parsed again.
  EXPECT_EQ(reports[2].chunks_skipped, 2u);
  EXPECT_EQ(reports[2].chunks_parsed, 2u);
}

TEST_F(PublisherTest, OutOfOrderPublishesGiveTheSameTables) {
  StageAll();
  Publish(kT4);
  Publish(kT2);
  EXPECT_EQ(Read("item", kT2), Expected(1));
  EXPECT_EQ(Read("item", kT4), Expected(3));
  Publish(kT1);
  Publish(kT3);
  ExpectEveryDumpReadsBack();
}

TEST_F(PublisherTest, PublishingTwiceChangesNothing) {
  StageAll();
  Publish(std::nullopt);
  auto again = Publish(kT2);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_TRUE(again[0].already_published);
  ExpectEveryDumpReadsBack();
  auto dumps = ListStagedDumps(*store_, "shop");
  ASSERT_TRUE(dumps.ok());
  EXPECT_TRUE((*dumps)[1].tables[0].published);
}

TEST_F(PublisherTest, TablesWithoutPrimaryKeyAreKeyedByRowHash) {
  StageAll();
  Publish(std::nullopt);
  EXPECT_EQ(Read("log", kT1, "msg").size(), 1u);
  EXPECT_EQ(Read("log", kT2, "msg").size(), 2u);
  auto t3 = Read("log", kT3, "msg");
  ASSERT_EQ(t3.size(), 1u);
  EXPECT_EQ(t3.begin()->first, "b");
  EXPECT_EQ(Read("log", kT4, "msg").size(), 1u);  // duplicate rows collapse
}

TEST_F(PublisherTest, IncludeAndExcludeChooseTables) {
  StageAll();
  auto reports = mysql::Publish(*store_, PublishOptions{.ns = "shop", .exclude = {"item"}});
  ASSERT_TRUE(reports.ok());
  EXPECT_EQ(reports->size(), 4u);
  auto exists = store_->admin().TableExists(TableName{"shop", "item"});
  EXPECT_FALSE(*exists);
  reports = mysql::Publish(*store_, PublishOptions{.ns = "shop", .include = {"item"}});
  ASSERT_TRUE(reports.ok());
  ExpectEveryDumpReadsBack();
}

TEST_F(PublisherTest, BinaryNumbersUseHBaseBytesEncodings) {
  Stage(Dump(kRows[0]), kT1);
  Publish(std::nullopt, /*binary=*/true);
  auto t = store_->OpenTable(TableName{"shop", "log"});
  ASSERT_TRUE(t.ok());
  auto scanner = (*t)->GetScanner(Scan());
  auto row = (*scanner)->Next();
  ASSERT_TRUE(row.ok() && *row);
  EXPECT_EQ((*row)->Value("f", "n"), std::string("\0\0\0\1", 4));  // int -> Bytes.toBytes(int)
  EXPECT_EQ((*row)->Value("f", "msg"), "a");
}

TEST_F(PublisherTest, SameTableInTwoDatabasesPublishesTwoTables) {
  Stage("USE `a`;\nCREATE TABLE `t` (`id` int NOT NULL, PRIMARY KEY (`id`));\n"
        "INSERT INTO `t` VALUES (1),(2);\n"
        "USE `b`;\nCREATE TABLE `t` (`id` int NOT NULL, `s` text, PRIMARY KEY (`id`));\n"
        "INSERT INTO `t` VALUES (1,'b one');\n",
        kT1);
  auto reports = Publish(std::nullopt);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].table, "a.t");
  EXPECT_EQ(reports[1].table, "b.t");
  Snapshot a = Read("a.t", kT1);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a["1"].count("s"), 0u);
  Snapshot b = Read("b.t", kT1);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b["1"]["s"], "b one");
}

TEST_F(PublisherTest, ChunksCutFromOneStatementPublishEveryRow) {
  std::string sql = "CREATE TABLE `big` (`id` int NOT NULL, `n` int, PRIMARY KEY (`id`));\n"
                    "INSERT INTO `big` VALUES ";
  const size_t n = kMaxChunkRows + 3;
  for (size_t i = 0; i < n; ++i) sql += (i ? "," : "") + ("(" + std::to_string(i) + ",1)");
  Stage(sql + ";\n", kT1);
  Stage(sql.substr(0, sql.size() - 2) + "2);\n", kT2);  // the last row changes
  auto reports = Publish(std::nullopt);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].rows_new, n);
  EXPECT_EQ(reports[1].rows_changed, 1u);
  EXPECT_EQ(reports[1].chunks_skipped, 2u);  // the first chunk, in both dumps
  EXPECT_EQ(reports[1].chunks_parsed, 2u);   // the last chunk of each
  EXPECT_EQ(Read("big", kT1).size(), n);
  EXPECT_EQ(Read("big", kT2)[std::to_string(n - 1)]["n"], "2");
  EXPECT_EQ(Read("big", kT1)[std::to_string(n - 1)]["n"], "1");
}

// Rows are written many per store write; a key twice in one dump (REPLACE) goes in two writes,
// the later row winning as in MySQL.
TEST_F(PublisherTest, RepeatedKeyInOneDumpKeepsTheLaterRow) {
  Stage("CREATE TABLE `item` (`id` int NOT NULL, `name` text, PRIMARY KEY (`id`));\n"
        "INSERT INTO `item` VALUES (1,'first'),(2,'two');\n"
        "REPLACE INTO `item` VALUES (1,'second');\n",
        kT1);
  auto reports = Publish(std::nullopt);
  ASSERT_EQ(reports.size(), 1u);
  Snapshot got = Read("item", kT1);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got["1"]["name"], "second");
  EXPECT_EQ(got["2"]["name"], "two");
}

// A first publish into an empty table is bulk loaded; a table that already holds cells (here a
// stray row; after a crash, the cells of a publish that was not marked) takes the write path.
TEST_F(PublisherTest, FirstPublishIntoANonEmptyTableTakesTheWritePath) {
  ASSERT_TRUE(store_->admin().CreateNamespace("shop").ok());
  TableDescriptor desc{TableName{"shop", "item"},
                       {ColumnFamilyDescriptor{.name = "f", .keep_deleted_cells = true}}};
  ASSERT_TRUE(store_->admin().CreateTable(desc).ok());
  auto table = store_->OpenTable(TableName{"shop", "item"});
  ASSERT_TRUE(table.ok());
  ASSERT_TRUE((*table)->Put(Put("stray", kT1).AddColumn("f", "id", "stray")).ok());
  Stage(Dump(kRows[0]), kT1);
  Publish(std::nullopt);
  Snapshot got = Read("item", kT1);
  EXPECT_EQ(got.size(), Expected(0).size() + 1);
  got.erase("stray");
  EXPECT_EQ(got, Expected(0));
}

// Every cell and marker of every version of "table" in "store": (row, qualifier, ts, type, value).
std::vector<std::string> RawCells(Store& store, const std::string& table) {
  std::vector<std::string> out;
  auto t = store.OpenTable(TableName{"shop", table});
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  if (!t.ok()) return out;
  auto scanner = (*t)->GetScanner(Scan().SetRaw(true).SetMaxVersions(1000));
  EXPECT_TRUE(scanner.ok());
  while (true) {
    auto row = (*scanner)->Next();
    EXPECT_TRUE(row.ok());
    if (!row.ok() || !*row) break;
    for (const Cell& c : (*row)->cells()) {
      out.push_back(c.row + "/" + c.qualifier + "/" + std::to_string(c.timestamp) + "/" +
                    std::string(CellTypeName(c.type)) + "/" + c.value);
    }
  }
  return out;
}

// The tables of a dump are published by several threads at once: the same cells and markers,
// and the same reports in the same order, as one table after the other.
TEST_F(PublisherTest, TablesPublishedInParallelEqualOneAfterTheOther) {
  auto dump = [](int i) {
    std::string sql = Dump(kRows[i], i % 2 ? "('a',1),('b',2)" : "('b',2)");
    for (int t = 0; t < 6; ++t) {
      std::string name = "`extra" + std::to_string(t) + "`";
      sql += "CREATE TABLE " + name + " (`id` int NOT NULL, `v` text, PRIMARY KEY (`id`));\n";
      sql += "INSERT INTO " + name + " VALUES ";
      for (int r = 0; r < 50 * (t + 1); ++r) {
        sql +=
            (r ? "," : "") + ("(" + std::to_string(r) + ",'" + std::to_string(r % (i + 2)) + "')");
      }
      sql += ";\n";
    }
    return sql;
  };
  cellar::testing::TempDir serial_dir;
  auto serial = Store::Open(serial_dir.path());
  ASSERT_TRUE(serial.ok()) << serial.status().ToString();
  const int64_t order[] = {kT1, kT4, kT2, kT3};  // in and out of order
  for (int i = 0; i < 4; ++i) {
    for (Store* store : {store_.get(), serial->get()}) {
      auto source = MemoryByteSource(dump(i), "dump.sql");
      ASSERT_TRUE(
          StageDump(*store, *source, StageOptions{.ns = "shop", .timestamp_ms = kTimes[i]}).ok());
    }
  }
  for (int64_t ts : order) {
    auto parallel =
        mysql::Publish(*store_, PublishOptions{.ns = "shop", .dump_time_ms = ts, .threads = 4});
    auto one =
        mysql::Publish(**serial, PublishOptions{.ns = "shop", .dump_time_ms = ts, .threads = 1});
    ASSERT_TRUE(parallel.ok()) << parallel.status().ToString();
    ASSERT_TRUE(one.ok()) << one.status().ToString();
    ASSERT_EQ(parallel->size(), 8u);
    ASSERT_EQ(parallel->size(), one->size());
    for (size_t i = 0; i < one->size(); ++i) {
      EXPECT_EQ((*parallel)[i].table, (*one)[i].table);
      EXPECT_EQ((*parallel)[i].cells_put, (*one)[i].cells_put);
      EXPECT_EQ((*parallel)[i].cells_deleted, (*one)[i].cells_deleted);
    }
  }
  for (std::string table : {"item", "log", "extra0", "extra3", "extra5"}) {
    std::vector<std::string> cells = RawCells(*store_, table);
    EXPECT_FALSE(cells.empty()) << table;
    EXPECT_EQ(cells, RawCells(**serial, table)) << table;
  }
  ExpectEveryDumpReadsBack();
}

// The first publish of a table into an empty embedded table is bulk loaded (BulkLoader::AddCells)
// and must write the very cells and markers that the write path writes: the write path is forced
// here by tables created beforehand with REPLICATION_SCOPE 1, which a BulkLoader refuses. NULLs,
// a table without a primary key, a composite key, a key repeated by REPLACE, escapes and NUL
// bytes; values as text and in the binary number encodings.
TEST_F(PublisherTest, BulkLoadWritesWhatTheWritePathWrites) {
  const std::string dump =
      Dump(kRows[2], "('b',2),('b',2),(NULL,3),('',NULL)") +
      "CREATE TABLE `num` (`k` bigint NOT NULL, `s` varchar(5) NOT NULL, `t` tinyint, "
      "`d` double, `x` text, PRIMARY KEY (`s`,`k`));\n"
      "INSERT INTO `num` VALUES (-1,'a',-128,1.5e300,'x\\0y'),(7,'',NULL,-0.5,NULL),"
      "(7,'b',127,NULL,'');\n"
      "REPLACE INTO `num` VALUES (7,'',3,2.5,'later');\n";
  const std::vector<std::string> tables = {"item", "log", "num"};
  for (bool binary : {false, true}) {
    SCOPED_TRACE(binary ? "binary numbers" : "text");
    cellar::testing::TempDir bulk_dir, write_dir;
    auto bulk = Store::Open(bulk_dir.path());
    auto write = Store::Open(write_dir.path());
    ASSERT_TRUE(bulk.ok() && write.ok());
    for (Store* store : {bulk->get(), write->get()}) {
      auto source = MemoryByteSource(dump, "dump.sql");
      auto staged = StageDump(*store, *source, StageOptions{.ns = "shop", .timestamp_ms = kT1});
      ASSERT_TRUE(staged.ok()) << staged.status().ToString();
    }
    ASSERT_TRUE((*write)->admin().CreateNamespace("shop").ok());
    for (const std::string& table : tables) {
      ColumnFamilyDescriptor family{.name = "f", .keep_deleted_cells = true};
      family.replication_scope = 1;
      ASSERT_TRUE((*write)->admin().CreateTable({TableName{"shop", table}, {family}}).ok());
    }
    auto bulk_reports =
        mysql::Publish(**bulk, PublishOptions{.ns = "shop", .binary_numbers = binary});
    auto write_reports =
        mysql::Publish(**write, PublishOptions{.ns = "shop", .binary_numbers = binary});
    ASSERT_TRUE(bulk_reports.ok()) << bulk_reports.status().ToString();
    ASSERT_TRUE(write_reports.ok()) << write_reports.status().ToString();
    ASSERT_EQ(bulk_reports->size(), tables.size());
    ASSERT_EQ(write_reports->size(), tables.size());
    for (size_t i = 0; i < tables.size(); ++i) {
      const PublishReport& b = (*bulk_reports)[i];
      const PublishReport& w = (*write_reports)[i];
      EXPECT_TRUE(b.bulk_loaded) << b.table;
      EXPECT_FALSE(w.bulk_loaded) << w.table;
      EXPECT_EQ(b.rows_new, w.rows_new) << b.table;
      EXPECT_EQ(b.cells_put, w.cells_put) << b.table;
    }
    for (const std::string& table : tables) {
      std::vector<std::string> cells = RawCells(**bulk, table);
      EXPECT_FALSE(cells.empty()) << table;
      EXPECT_EQ(cells, RawCells(**write, table)) << table;
    }
  }
}

// The first publish of a table reaches its BulkLoader in key order, which the loader streams into
// one file (BulkLoadStats::streamed_runs) instead of sorting at its Finish: a table with a
// primary key in the dump's key order, and one without, whose row-hash keys are sorted first (its
// repeated rows collapse into one). Each holds over the loader's first MiB, after which it
// decides to stream.
TEST_F(PublisherTest, FirstPublishStreamsKeysAscendingIntoTheLoader) {
  std::string keyed = "CREATE TABLE `big` (`id` int NOT NULL, `v` text, PRIMARY KEY (`id`));\n";
  std::string hashed = "CREATE TABLE `heap` (`msg` text, `n` int);\n";
  const std::string pad(40, 'p');
  constexpr int kRowsPerStatement = 1000, kStatements = 30;
  for (int st = 0; st < kStatements; ++st) {
    keyed += "INSERT INTO `big` VALUES ";
    hashed += "INSERT INTO `heap` VALUES ";
    for (int r = 0; r < kRowsPerStatement; ++r) {
      std::string n = std::to_string(st * kRowsPerStatement + r);
      keyed += (r ? ",(" : "(") + n + ",'" + pad + n + "')";
      hashed += (r ? ",('" : "('") + pad + n + "'," + (r % 2 ? "NULL" : n) + ")";
    }
    keyed += ";\n";
    hashed += ";\n";
  }
  hashed += "INSERT INTO `heap` VALUES ('" + pad + "0',0),('" + pad + "0',0);\n";  // repeats
  Stage(keyed + hashed, kT1);
  auto reports = Publish(kT1);
  ASSERT_EQ(reports.size(), 2u);
  constexpr uint64_t kRows = kRowsPerStatement * kStatements;
  for (const PublishReport& r : reports) {
    EXPECT_TRUE(r.bulk_loaded) << r.table;
    EXPECT_EQ(r.bulk_streamed_runs, 1) << r.table;
    EXPECT_EQ(r.bulk_files, 1) << r.table;  // nothing left to sort at Finish
    EXPECT_EQ(r.rows_new, r.table == "big" ? kRows : kRows + 2) << r.table;
  }
  auto heap = Read("heap", kT1, "msg");
  ASSERT_EQ(heap.size(), kRows);
  EXPECT_EQ(heap[pad + "0"]["n"], "0");
  EXPECT_EQ(heap[pad + "1"].count("n"), 0u);  // NULL: no cell
  EXPECT_EQ(heap[pad + "29999"].size(), 1u);
  EXPECT_EQ(Read("big", kT1).size(), kRows);
  EXPECT_EQ(Read("big", kT1)["29999"]["v"], pad + "29999");
}

TEST_F(PublisherTest, UnknownDumpIsNotFound) {
  StageAll();
  auto reports = mysql::Publish(*store_, PublishOptions{.ns = "shop", .dump_time_ms = 5});
  EXPECT_TRUE(reports.status().IsNotFound()) << reports.status().ToString();
}

}  // namespace
}  // namespace cellar::mysql
