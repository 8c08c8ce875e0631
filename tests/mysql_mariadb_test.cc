// `cellar mysql` against a real MariaDB: tables covering the column types and nasty values are
// dumped with mariadb-dump under several option sets, staged and published, and the published
// table must equal what MariaDB returns, row for row; a sequence of dumps with inserts, updates
// and deletes must read back as of each dump (also when published out of order).

#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "cellar/store.h"
#include "mariadb_server.h"
#include "replicate/mysql/byte_source.h"
#include "replicate/mysql/publisher.h"
#include "replicate/mysql/stager.h"

namespace cellar::mysql {
namespace {

using cellar::testing::MariadbServer;
// id (hex of its text) -> one entry per column: hex of the value's bytes, or "NULL".
using Snapshot = std::map<std::string, std::vector<std::string>>;

const std::vector<std::string> kColumns = {
    "id", "ti", "bu", "dec", "f", "d", "bt", "y", "dt", "dtm", "ts", "tm", "c", "vc",
    "tx", "bn", "vb", "bl", "e", "st", "j", "u"};

constexpr char kSchema[] = R"sql(
CREATE DATABASE shop;
USE shop;
CREATE TABLE t (
  id int NOT NULL, ti tinyint, bu bigint unsigned, `dec` decimal(12,4), f float, d double,
  bt bit(10), y year, dt date, dtm datetime(6), ts timestamp NULL DEFAULT NULL, tm time,
  c char(5), vc varchar(100), tx text, bn binary(3), vb varbinary(20), bl blob,
  e enum('a','b'), st set('x','y'), j json, u varchar(50) CHARACTER SET utf8mb4,
  PRIMARY KEY (id)
) DEFAULT CHARSET=utf8mb4;
SET time_zone = '+00:00';
INSERT INTO t VALUES
 (1, -128, 18446744073709551615, -12345678.1234, 1.5, -2.25e-300, b'1010000001', 2024,
  '2024-03-01', '2024-03-01 12:00:00.000001', '2024-03-01 12:00:00', '-838:59:59', 'ab',
  'it''s', 'back\\slash', 0x000102, 0x00FF275C22, 0x0D0A1A00, 'a', 'x,y', '{"k": "v\\"q"}',
  'ünï 漢字 😀'),
 (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL),
 (3, 0, 0, 0, 0, 0, b'0', 1901, '1000-01-01', '1000-01-01 00:00:00', '1970-01-01 00:00:01',
  '00:00:00', '', '', '', '', '', '', 'b', '', '[]', ''),
 (4, 127, 1, 0.0001, -3.4e38, 1e308, b'1', 2155, '9999-12-31', '9999-12-31 23:59:59.999999',
  '2038-01-19 03:14:07', '838:59:59', 'NULL', 'NULL', 'new\nline\r\ttab', 'a\0b',
  'nul\0byte', 'x', NULL, 'y', 'null', 'NULL'),
 (-5, 1, 2, 3, 4, 5, b'11', 2000, '2000-02-29', '2000-02-29 00:00:00', NULL, '-00:00:01',
  '\'', '\\', '%_\\%\\_', '"', 0x27, 0x5C, 'a', 'x', '{}', '\'"\\');
)sql";

class MysqlMariadbTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto server = MariadbServer::Start();
    if (!server.ok()) {
      start_error_ = new std::string(server.status().ToString());
      return;
    }
    server_ = server->release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (server_ == nullptr) GTEST_SKIP() << "no MariaDB: " << *start_error_;
    dir_ = ::testing::TempDir() + "mysql_mariadb_test_" + std::to_string(getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    OpenStore();
    auto created = server_->Sql("DROP DATABASE IF EXISTS shop;\n" + std::string(kSchema));
    ASSERT_TRUE(created.ok()) << created.status().ToString();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void OpenStore() {
    store_.reset();
    std::filesystem::remove_all(dir_);
    auto store = Store::Open(dir_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }
  void Sql(const std::string& sql) {
    auto out = server_->Sql(sql, "shop");
    ASSERT_TRUE(out.ok()) << out.status().ToString();
  }
  // What MariaDB returns now: every column as HEX(CONCAT(col)) (its text form, or its bytes).
  Snapshot FromMariadb() {
    std::string select = "SET time_zone = '+00:00'; SELECT ";
    for (size_t i = 0; i < kColumns.size(); ++i) {
      select += (i ? ", " : "") + std::string("IFNULL(HEX(CONCAT(`") + kColumns[i] +
                "`)), 'NULL')";
    }
    select += " FROM t;";
    auto out = server_->Sql(select, "shop");
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    Snapshot snap;
    std::istringstream lines(out.ok() ? *out : "");
    std::string line;
    while (std::getline(lines, line)) {
      std::vector<std::string> values;  // split by hand: getline drops a trailing empty field
      for (size_t start = 0;;) {
        size_t tab = line.find('\t', start);
        values.push_back(line.substr(start, tab - start));
        if (tab == std::string::npos) break;
        start = tab + 1;
      }
      snap[values[0]] = values;
    }
    return snap;
  }
  // NS:"table" in Cellar as of "ts", in the same form.
  Snapshot FromCellar(int64_t ts, const std::string& table_name = "t") {
    Snapshot snap;
    auto table = store_->OpenTable(TableName{"shop", table_name});
    EXPECT_TRUE(table.ok()) << table.status().ToString();
    if (!table.ok()) return snap;
    auto scanner = (*table)->GetScanner(Scan().SetTimeRange({0, ts + 1}));
    EXPECT_TRUE(scanner.ok());
    while (true) {
      auto row = (*scanner)->Next();
      EXPECT_TRUE(row.ok());
      if (!row.ok() || !*row) break;
      std::vector<std::string> values;
      for (const std::string& c : kColumns) {
        auto v = (*row)->Value("f", c);
        values.push_back(v ? Hex(*v) : "NULL");
      }
      snap[values[0]] = values;
    }
    return snap;
  }
  static std::string Hex(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : bytes) out += kHex[c >> 4], out += kHex[c & 15];
    return out;
  }
  void StageAndPublish(const std::string& options, int64_t ts, bool publish = true) {
    auto path = server_->Dump("shop", options);
    ASSERT_TRUE(path.ok()) << path.status().ToString();
    auto source = OpenByteSource(*path);
    ASSERT_TRUE(source.ok());
    auto staged = StageDump(*store_, **source, StageOptions{.ns = "shop", .timestamp_ms = ts});
    ASSERT_TRUE(staged.ok()) << options << ": " << staged.status().ToString();
    if (!publish) return;
    auto published = Publish(*store_, PublishOptions{.ns = "shop", .dump_time_ms = ts});
    ASSERT_TRUE(published.ok()) << options << ": " << published.status().ToString();
  }
  static std::string Describe(const Snapshot& s) {
    std::string out;
    for (const auto& [id, values] : s) {
      for (size_t i = 0; i < values.size(); ++i) out += kColumns[i] + "=" + values[i] + " ";
      out += "\n";
    }
    return out;
  }

  static MariadbServer* server_;
  static std::string* start_error_;
  std::string dir_;
  std::unique_ptr<Store> store_;
};

MariadbServer* MysqlMariadbTest::server_ = nullptr;
std::string* MysqlMariadbTest::start_error_ = nullptr;

constexpr int64_t kT1 = 1709251200000;
constexpr int64_t kDay = 86400000;

// mariadbd deletes every #sql* file of its tmpdir when it starts. With a shared /tmp, the start
// of one test's server deleted the temporary tables of another test's server mid-query (tests
// run at once by ctest -j failed now and then, or skipped when two install-db runs collided):
// a server's start must leave a running server's temporary files alone.
TEST(MariadbServerTest, StartingAServerLeavesAnotherServersTemporaryFilesAlone) {
  auto first = MariadbServer::Start();
  if (first.status().IsFailedPrecondition()) GTEST_SKIP() << first.status().ToString();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto tmpdir = (*first)->Sql("SELECT @@tmpdir");
  ASSERT_TRUE(tmpdir.ok()) << tmpdir.status().ToString();
  while (!tmpdir->empty() && tmpdir->back() == '\n') tmpdir->pop_back();
  // A temporary table file as the running server leaves it: owned by the server's user.
  const std::string probe = *tmpdir + "/#sql-probe-" + std::to_string(getpid()) + ".MAI";
  std::ofstream(probe) << "temporary table";
  ASSERT_TRUE(std::filesystem::exists(probe));
  if (geteuid() == 0) {
    struct passwd* pw = getpwnam("mysql");
    ASSERT_NE(pw, nullptr);
    ASSERT_EQ(chown(probe.c_str(), pw->pw_uid, pw->pw_gid), 0);
  }
  auto second = MariadbServer::Start();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_TRUE(std::filesystem::exists(probe)) << probe << " was deleted by another server's start";
  std::filesystem::remove(probe);
}

TEST_F(MysqlMariadbTest, EveryOptionSetPublishesWhatMariadbReturns) {
  Snapshot expected = FromMariadb();
  ASSERT_EQ(expected.size(), 5u);
  for (const std::string options :
       {"", "--skip-extended-insert", "--complete-insert", "--hex-blob", "--compact",
        "--skip-extended-insert --complete-insert --hex-blob --skip-dump-date",
        "--insert-ignore --skip-comments", "--replace --no-create-db --tz-utc"}) {
    SCOPED_TRACE("mariadb-dump " + options);
    OpenStore();
    StageAndPublish(options, kT1);
    Snapshot got = FromCellar(kT1);
    EXPECT_EQ(got, expected) << "cellar:\n" << Describe(got) << "mariadb:\n" << Describe(expected);
  }
}

TEST_F(MysqlMariadbTest, SameTableNameInTwoDatabasesPublishesDatabaseDotTable) {
  auto other = server_->Sql(
      "DROP DATABASE IF EXISTS other; CREATE DATABASE other; USE other;"
      "CREATE TABLE t (id int PRIMARY KEY, note varchar(10));"
      "INSERT INTO t VALUES (1, 'other one'), (2, NULL);");
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  Snapshot expected = FromMariadb();
  auto path = server_->Dump("", "--databases shop other");
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  auto source = OpenByteSource(*path);
  ASSERT_TRUE(source.ok());
  auto staged = StageDump(*store_, **source, StageOptions{.ns = "shop", .timestamp_ms = kT1});
  ASSERT_TRUE(staged.ok()) << staged.status().ToString();
  auto published = Publish(*store_, PublishOptions{.ns = "shop"});
  ASSERT_TRUE(published.ok()) << published.status().ToString();
  EXPECT_EQ(FromCellar(kT1, "shop.t"), expected);
  auto table = store_->OpenTable(TableName{"shop", "other.t"});
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  auto scanner = (*table)->GetScanner(Scan());
  ASSERT_TRUE(scanner.ok());
  std::vector<std::string> rows;
  while (true) {
    auto row = (*scanner)->Next();
    ASSERT_TRUE(row.ok());
    if (!*row) break;
    rows.push_back(std::string((*row)->Value("f", "id").value_or("?")) + "=" +
                   std::string((*row)->Value("f", "note").value_or("NULL")));
  }
  EXPECT_EQ(rows, (std::vector<std::string>{"1=other one", "2=NULL"}));
  auto bare = store_->admin().TableExists(TableName{"shop", "t"});
  ASSERT_TRUE(bare.ok());
  EXPECT_FALSE(*bare);  // no merged table under the bare name
}

TEST_F(MysqlMariadbTest, SequenceOfDumpsReadsBackAsOfEachDump) {
  std::vector<Snapshot> states;
  const char* changes[] = {
      "UPDATE t SET vc = 'changed', tx = NULL WHERE id = 1; DELETE FROM t WHERE id = 3;"
      "INSERT INTO t (id, vc) VALUES (6, 'new');",
      "UPDATE t SET vc = NULL, ti = 5 WHERE id = 6; DELETE FROM t WHERE id IN (1, 2);"
      "INSERT INTO t (id, u) VALUES (3, 'back');",
      "DELETE FROM t; INSERT INTO t (id) VALUES (1);",
  };
  for (int i = 0; i < 4; ++i) {
    states.push_back(FromMariadb());
    StageAndPublish("--skip-extended-insert", kT1 + i * kDay, /*publish=*/false);
    if (i < 3) Sql(changes[i]);
  }
  // Out of order: the last, the first, then the two between.
  for (int i : {3, 0, 2, 1}) {
    auto published = Publish(*store_, PublishOptions{.ns = "shop", .dump_time_ms = kT1 + i * kDay});
    ASSERT_TRUE(published.ok()) << published.status().ToString();
  }
  for (int i = 0; i < 4; ++i) {
    Snapshot got = FromCellar(kT1 + i * kDay);
    EXPECT_EQ(got, states[i]) << "as of dump " << i << "\ncellar:\n"
                              << Describe(got) << "mariadb:\n" << Describe(states[i]);
  }
  EXPECT_TRUE(FromCellar(kT1 - 1).empty());
}

}  // namespace
}  // namespace cellar::mysql
