// `cellar pg` against a real PostgreSQL 15 started by the test: bootstrap in the slot's snapshot,
// then streaming of inserts, updates (NULL, '', key changes), deletes and TRUNCATE, with source
// commit timestamps, row prefixes and composite keys; resume after a stop; config errors.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include "cellar/store.h"
#include "replicate/pg/bootstrapper.h"
#include "replicate/pg/config.h"
#include "replicate/pg/pg_replicator.h"
#include "replicate/pg/lsn.h"
#include "replicate/pg/player.h"
#include "replicate/position_table.h"
#include "store/test_util.h"
#include "util/bytes.h"
#include "pg_suite.h"

namespace cellar {
namespace {

using namespace std::chrono_literals;

class PgReplicationTest : public testing::PgSuite {
 protected:
  void SetUp() override {
    db_ = CreateDatabase("t");
    auto store = Store::Open(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  void TearDown() override {
    StopPlay();
    conn_.reset();
    (void)server_->Exec("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                        "WHERE database = '" + db_ + "'");
  }

  std::string Conninfo() { return server_->conninfo(db_); }
  Status Sql(const std::string& sql) { return Query(sql).status(); }
  // Runs "sql" in this test's database.
  Result<pg::PgRows> Query(const std::string& sql) {
    if (!conn_) {
      CELLAR_ASSIGN_OR_RETURN(conn_,
                              pg::PgConnection::Connect(Conninfo(), pg::PgConnection::Mode::kNormal));
    }
    return conn_->Query(sql);
  }
  // The first column of the first row of "sql".
  std::string Value1(const std::string& sql) {
    auto rows = Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    if (!rows.ok() || rows->rows.empty() || !rows->rows[0][0]) return "";
    return *rows->rows[0][0];
  }

  // Loads a config whose [HBaseReplic] section points at this test's database.
  pg::PgJob Job(const std::string& tables_ini) {
    std::string ini = "[HBaseReplic]\njob_name = " + db_ + "\npostgresql_db = " + Conninfo() +
                      "\nstore = " + dir_.path() + "\n" + tables_ini;
    auto config = pg::ParsePgConfig(ini, "test.ini");
    EXPECT_TRUE(config.ok()) << config.status().ToString();
    auto conn = pg::PgConnection::Connect(Conninfo(), pg::PgConnection::Mode::kNormal);
    EXPECT_TRUE(conn.ok()) << conn.status().ToString();
    auto job = pg::ResolveJob(*config, **conn, {});
    EXPECT_TRUE(job.ok()) << job.status().ToString();
    return std::move(job).value();
  }

  void InstallAndBootstrap(const pg::PgJob& job) {
    ASSERT_OK(pg::Install(*store_, job));
    auto stats = pg::Bootstrapper(*store_, job).Run();
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  }

  void StartPlay(const pg::PgJob& job) {
    job_ = job;
    stop_ = false;
    play_ = std::thread([this] { play_status_ = pg::Play(*store_, job_, stop_); });
  }

  void StopPlay() {
    if (!play_.joinable()) return;
    stop_ = true;
    play_.join();
    EXPECT_TRUE(play_status_.ok()) << play_status_.ToString();
  }

  // Waits until the replica has caught up with everything committed so far.
  void CatchUp() {
    // The insert position: with synchronous_commit off the write position may lag behind.
    const std::string lsn = Value1("SELECT pg_current_wal_insert_lsn()::text");
    auto target = pg::ParseLsn(lsn);
    ASSERT_TRUE(target.has_value()) << lsn;
    auto deadline = std::chrono::steady_clock::now() + 30s;
    replicate::PositionTable positions(*store_);
    while (std::chrono::steady_clock::now() < deadline) {
      auto pos = positions.Read(job_.PositionKey());
      if (pos.ok() && pos->count("lsn") && *pg::ParseLsn((*pos)["lsn"]) >= *target) {
        return;
      }
      // Nothing left to stream also counts: the slot confirmed everything.
      if (Value1("SELECT confirmed_flush_lsn >= '" + lsn +
                 "'::pg_lsn FROM pg_replication_slots WHERE slot_name = '" + job_.slot_name +
                 "'") == "t") {
        return;
      }
      std::this_thread::sleep_for(20ms);
    }
    FAIL() << "replica did not catch up with " << lsn;
  }

  std::unique_ptr<Table> Open(const std::string& name) {
    auto t = store_->OpenTable(*TableName::Parse(name));
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? std::move(t).value() : nullptr;
  }

  std::optional<std::string> Value(const std::string& table, const std::string& row,
                                   const std::string& family, const std::string& qualifier) {
    auto t = Open(table);
    auto r = t->Get(Get(row));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    auto v = r->Value(family, qualifier);
    return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
  }

  // The row key of an int primary key in the default (ordered) encoding.
  std::string IntKey(const std::string& prefix, int64_t id) {
    replicate::RowKeyFormat f;
    f.row_prefix = prefix;
    replicate::KeyEncoder enc(f);
    EXPECT_TRUE(enc.Append(replicate::KeyType::kSignedInt, std::to_string(id)).ok());
    return *enc.Finish();
  }

  std::string db_;
  std::unique_ptr<pg::PgConnection> conn_;
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  pg::PgJob job_;
  std::atomic<bool> stop_{false};
  std::thread play_;
  Status play_status_;
};

const char kUsersIni[] =
    "[public.users]\n"
    "psql_columns = name, dob, note\n"
    "hbase_table_name = stuff\n"
    "hbase_column_descriptors = users:name, users:dob, users:note\n"
    "hbase_row_prefix = user_id:\n";

TEST_F(PgReplicationTest, BootstrapThenStreamAppliesEveryKindOfChange) {
  ASSERT_OK(Sql("CREATE TABLE users (user_id int PRIMARY KEY, name text, dob date, note text)"));
  ASSERT_OK(Sql("INSERT INTO users VALUES (1, 'Ada', '1815-12-10', 'first'), "
                "(2, 'Grace', '1906-12-09', NULL)"));
  pg::PgJob job = Job(kUsersIni);
  InstallAndBootstrap(job);
  EXPECT_EQ(Value("stuff", IntKey("user_id:", 1), "users", "name"), "Ada");
  EXPECT_EQ(Value("stuff", IntKey("user_id:", 2), "users", "note"), std::nullopt);

  StartPlay(job);
  ASSERT_OK(Sql("INSERT INTO users VALUES (3, 'Linus', NULL, '')"));
  ASSERT_OK(Sql("UPDATE users SET note = NULL, name = '' WHERE user_id = 1"));
  ASSERT_OK(Sql("UPDATE users SET user_id = 20 WHERE user_id = 2"));
  ASSERT_OK(Sql("DELETE FROM users WHERE user_id = 3"));
  CatchUp();
  EXPECT_EQ(Value("stuff", IntKey("user_id:", 1), "users", "name"), "");  // '' is a value
  EXPECT_EQ(Value("stuff", IntKey("user_id:", 1), "users", "note"), std::nullopt);  // NULL
  EXPECT_EQ(Value("stuff", IntKey("user_id:", 1), "users", "dob"), "1815-12-10");
  EXPECT_EQ(Value("stuff", IntKey("user_id:", 2), "users", "name"), std::nullopt);  // moved
  EXPECT_EQ(Value("stuff", IntKey("user_id:", 20), "users", "name"), "Grace");
  EXPECT_EQ(Value("stuff", IntKey("user_id:", 3), "users", "name"), std::nullopt);  // deleted
  StopPlay();
  auto report = pg::Verify(*store_, job);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok()) << report->ToString();
}

TEST_F(PgReplicationTest, CellTimestampsAreCommitTimesAndOneTransactionSharesOne) {
  ASSERT_OK(Sql("CREATE TABLE users (user_id int PRIMARY KEY, name text, dob date, note text)"));
  pg::PgJob job = Job(kUsersIni);
  InstallAndBootstrap(job);
  StartPlay(job);
  auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count();
  ASSERT_OK(Sql("BEGIN; INSERT INTO users VALUES (7, 'a', NULL, 'x'); "
                "INSERT INTO users VALUES (8, 'b', NULL, 'y'); COMMIT"));
  CatchUp();
  auto t = Open("stuff");
  auto r7 = t->Get(Get(IntKey("user_id:", 7)));
  auto r8 = t->Get(Get(IntKey("user_id:", 8)));
  ASSERT_FALSE(r7->empty());
  ASSERT_FALSE(r8->empty());
  int64_t ts = r7->cells()[0].timestamp;
  EXPECT_EQ(r8->cells()[0].timestamp, ts);
  EXPECT_GE(ts, before - 1000);
  // Reading as of before the commit shows nothing.
  auto past = t->Get(Get(IntKey("user_id:", 7)).SetTimeRange({0, ts}));
  EXPECT_TRUE(past->empty());
}

TEST_F(PgReplicationTest, TruncateDeletesTheTablesColumnsEverywhere) {
  ASSERT_OK(Sql("CREATE TABLE users (user_id int PRIMARY KEY, name text, dob date, note text)"));
  ASSERT_OK(Sql("INSERT INTO users SELECT g, 'n' || g FROM generate_series(1, 50) g"));
  pg::PgJob job = Job(kUsersIni);
  InstallAndBootstrap(job);
  StartPlay(job);
  ASSERT_OK(Sql("TRUNCATE users"));
  ASSERT_OK(Sql("INSERT INTO users VALUES (99, 'after', NULL, NULL)"));
  CatchUp();
  auto sc = Open("stuff")->GetScanner(Scan());
  int rows = 0;
  for (;;) {
    auto r = (*sc)->Next();
    ASSERT_TRUE(r.ok());
    if (!r->has_value()) break;
    ++rows;
    EXPECT_EQ((*r)->row(), IntKey("user_id:", 99));
  }
  EXPECT_EQ(rows, 1);
}

TEST_F(PgReplicationTest, CompositeNumericKeysSortNumerically) {
  ASSERT_OK(Sql("CREATE TABLE m (a int, b bigint, v text, PRIMARY KEY (a, b))"));
  ASSERT_OK(Sql("INSERT INTO m VALUES (10, 1, 'x'), (9, 200, 'y'), (-5, 3, 'z'), (10, -1, 'w')"));
  pg::PgJob job = Job("[public.m]\npsql_columns = v\nhbase_table_name = m\n"
                      "hbase_column_descriptors = f:v\n");
  InstallAndBootstrap(job);
  auto sc = Open("m")->GetScanner(Scan());
  std::vector<std::string> order;
  for (;;) {
    auto r = (*sc)->Next();
    ASSERT_TRUE(r.ok());
    if (!r->has_value()) break;
    order.push_back(std::string(*(*r)->Value("f", "v")));
  }
  EXPECT_EQ(order, (std::vector<std::string>{"z", "y", "w", "x"}));
}

TEST_F(PgReplicationTest, TypesRoundTripAsPostgresTextOutput) {
  ASSERT_OK(Sql("CREATE TYPE mood AS ENUM ('sad', 'happy')"));
  ASSERT_OK(Sql(
      "CREATE TABLE ty (id bigint PRIMARY KEY, i2 int2, i4 int4, n numeric(20,5), f4 float4, "
      "f8 float8, b bool, t text, vc varchar(10), c char(3), by bytea, d date, tm time, "
      "ts timestamp, tz timestamptz, iv interval, u uuid, j json, jb jsonb, arr int[], m mood)"));
  ASSERT_OK(Sql("INSERT INTO ty VALUES (1, -3, 2147483647, 12345.67891, 1.5, -2.25e100, true, "
                "'Zoë \"quoted\" \\ back', 'abc', 'x', '\\x00ff10', '2024-02-29', '23:59:59.5', "
                "'2024-01-01 12:00:00', '2024-01-01 12:00:00+02', '1 day 02:00:00', "
                "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": [1, 2]}', '{\"b\": null}', "
                "'{1,NULL,3}', 'happy'), (2, NULL, NULL, NULL, NULL, 'NaN', NULL, '', NULL, NULL, "
                "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"));
  pg::PgJob job = Job("[public.ty]\npsql_columns = *\nhbase_table_name = ty\n"
                      "hbase_column_descriptors = f\n");
  InstallAndBootstrap(job);
  StartPlay(job);
  ASSERT_OK(Sql("INSERT INTO ty SELECT id + 10, i2, i4, n, f4, f8, b, t, vc, c, by, d, tm, ts, "
                "tz, iv, u, j, jb, arr, m FROM ty"));
  CatchUp();
  StopPlay();
  auto report = pg::Verify(*store_, job);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok()) << report->ToString();
  EXPECT_EQ(report->tables[0].source_rows, 4);
  EXPECT_EQ(Value("ty", [&] {
              replicate::KeyEncoder enc(replicate::RowKeyFormat{});
              (void)enc.Append(replicate::KeyType::kSignedInt, "11");
              return *enc.Finish();
            }(), "f", "t"), "Zoë \"quoted\" \\ back");
}

TEST_F(PgReplicationTest, PlayResumesFromItsPositionAfterAStop) {
  ASSERT_OK(Sql("CREATE TABLE users (user_id int PRIMARY KEY, name text, dob date, note text)"));
  pg::PgJob job = Job(kUsersIni);
  InstallAndBootstrap(job);
  StartPlay(job);
  ASSERT_OK(Sql("INSERT INTO users VALUES (1, 'one', NULL, NULL)"));
  CatchUp();
  StopPlay();
  ASSERT_OK(Sql("INSERT INTO users VALUES (2, 'two', NULL, NULL)"));
  ASSERT_OK(Sql("UPDATE users SET name = 'uno' WHERE user_id = 1"));
  StartPlay(job);
  CatchUp();
  StopPlay();
  EXPECT_EQ(Value("stuff", IntKey("user_id:", 1), "users", "name"), "uno");
  EXPECT_EQ(Value("stuff", IntKey("user_id:", 2), "users", "name"), "two");
  auto versions = Open("stuff")->Get(Get(IntKey("user_id:", 1)).AddColumn("users", "name")
                                         .SetMaxVersions(10));
  EXPECT_EQ(versions->size(), 1u);  // family VERSIONS default 1: no duplicate writes visible
}

TEST_F(PgReplicationTest, UnknownTableOrColumnIsReportedWithSectionAndKey) {
  ASSERT_OK(Sql("CREATE TABLE users (user_id int PRIMARY KEY, name text)"));
  auto conn = pg::PgConnection::Connect(Conninfo(), pg::PgConnection::Mode::kNormal);
  ASSERT_TRUE(conn.ok());
  std::string head = "[HBaseReplic]\njob_name = j\npostgresql_db = " + Conninfo() + "\n";
  auto cfg = pg::ParsePgConfig(head + "[public.nope]\npsql_columns = a\nhbase_table_name = t\n"
                                      "hbase_column_descriptors = f:a\n", "bad.ini");
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  auto job = pg::ResolveJob(*cfg, **conn, {});
  ASSERT_FALSE(job.ok());
  EXPECT_NE(job.status().message().find("[public.nope] psql_table_name"), std::string::npos)
      << job.status().message();
  cfg = pg::ParsePgConfig(head + "[public.users]\npsql_columns = name, shoe\nhbase_table_name = t\n"
                                 "hbase_column_descriptors = f:a, f:b\n", "bad.ini");
  ASSERT_TRUE(cfg.ok());
  job = pg::ResolveJob(*cfg, **conn, {});
  ASSERT_FALSE(job.ok());
  EXPECT_NE(job.status().message().find("psql_columns: column 'shoe'"), std::string::npos)
      << job.status().message();
}

}  // namespace
}  // namespace cellar

namespace cellar {
namespace {

const char kCodesIni[] =
    "[public.codes]\npsql_key_column = code\npsql_columns = label\nhbase_table_name = codes\n"
    "hbase_column_descriptors = f:label\n";

TEST_F(PgReplicationTest, PoisonChangeStopsPlayNamingTableKeyAndLsn) {
  ASSERT_OK(Sql("CREATE TABLE codes (id serial PRIMARY KEY, code text, label text)"));
  pg::PgJob job = Job(kCodesIni);
  InstallAndBootstrap(job);
  ASSERT_OK(Sql("INSERT INTO codes (code, label) VALUES (NULL, 'no key')"));
  std::atomic<bool> stop{false};
  Status s = pg::Play(*store_, job, stop);  // returns by itself: the change cannot be applied
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("poison change in public.codes at LSN"), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("key column 'code'"), std::string::npos) << s.message();
  auto pos = replicate::PositionTable(*store_).Read(job.PositionKey());
  EXPECT_NE((*pos)["last_error"].find("poison change"), std::string::npos);
}

TEST_F(PgReplicationTest, PoisonChangeGoesToTheDeadLetterTable) {
  ASSERT_OK(Sql("CREATE TABLE codes (id serial PRIMARY KEY, code text, label text)"));
  pg::PgJob job = Job(std::string("dead_letter_table = cellar_dead\n") + kCodesIni);
  ASSERT_TRUE(job.dead_letter_table.has_value());
  InstallAndBootstrap(job);
  StartPlay(job);
  ASSERT_OK(Sql("INSERT INTO codes (code, label) VALUES (NULL, 'no key')"));
  ASSERT_OK(Sql("INSERT INTO codes (code, label) VALUES ('A', 'fine')"));
  CatchUp();
  StopPlay();
  auto dead = Open("cellar_dead")->GetScanner(Scan());
  auto row = (*dead)->Next();
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->Value("d", "table"), "public.codes");
  EXPECT_NE(std::string((*row)->Value("d", "error").value_or("")).find("key column 'code'"),
            std::string::npos);
  EXPECT_NE(std::string((*row)->Value("d", "values").value_or("")).find("no key"),
            std::string::npos);
  auto codes = Open("codes")->GetScanner(Scan());
  auto good = (*codes)->Next();
  ASSERT_TRUE(good.ok() && good->has_value());
  EXPECT_EQ((*good)->Value("f", "label"), "fine");
}

}  // namespace
}  // namespace cellar

namespace cellar {
namespace {

TEST_F(PgReplicationTest, NewUnmappedColumnIsIgnoredDroppedMappedColumnStopsPlay) {
  ASSERT_OK(Sql("CREATE TABLE users (user_id int PRIMARY KEY, name text, dob date, note text)"));
  pg::PgJob job = Job(kUsersIni);
  InstallAndBootstrap(job);
  StartPlay(job);
  ASSERT_OK(Sql("ALTER TABLE users ADD COLUMN extra int"));
  ASSERT_OK(Sql("INSERT INTO users VALUES (1, 'one', NULL, 'n', 42)"));
  CatchUp();
  StopPlay();
  EXPECT_EQ(Value("stuff", IntKey("user_id:", 1), "users", "name"), "one");

  ASSERT_OK(Sql("ALTER TABLE users DROP COLUMN note"));
  ASSERT_OK(Sql("INSERT INTO users VALUES (2, 'two', NULL, 7)"));
  std::atomic<bool> stop{false};
  Status s = pg::Play(*store_, job, stop);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("schema change at LSN"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("column 'note'"), std::string::npos) << s.message();
  EXPECT_EQ(Value("stuff", IntKey("user_id:", 2), "users", "name"), std::nullopt);  // nothing half-applied
}

}  // namespace
}  // namespace cellar

namespace cellar {
namespace {

TEST_F(PgReplicationTest, BootstrapCopiesMoreTablesThanThreadsInOneSnapshot) {
  std::string ini;
  const int kTables = static_cast<int>(pg::Bootstrapper::kMaxParallelTables) + 2;
  for (int t = 0; t < kTables; ++t) {
    const std::string name = "p" + std::to_string(t);
    ASSERT_OK(Sql("CREATE TABLE " + name + " (id int PRIMARY KEY, v text)"));
    ASSERT_OK(Sql("INSERT INTO " + name + " SELECT g, '" + name +
                  "-' || g FROM generate_series(1, " + std::to_string(1000 * (t + 1)) + ") g"));
    ini += "[public." + name + "]\npsql_columns = v\nhbase_table_name = " + name +
           "\nhbase_column_descriptors = f:v\n";
  }
  pg::PgJob job = Job(ini);
  ASSERT_OK(pg::Install(*store_, job));
  auto stats = pg::Bootstrapper(*store_, job).Run();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->rows, 1000 * kTables * (kTables + 1) / 2);
  for (int t = 0; t < kTables; ++t) {
    const std::string name = "p" + std::to_string(t);
    EXPECT_EQ(Value(name, IntKey("", 1000 * (t + 1)), "f", "v"),
              name + "-" + std::to_string(1000 * (t + 1)));
  }
  auto report = pg::Verify(*store_, job);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok()) << report->ToString();
}

TEST_F(PgReplicationTest, VerifyNamesMissingExtraAndChangedRowsAmongManyEqualOnes) {
  ASSERT_OK(Sql("CREATE TABLE users (user_id int PRIMARY KEY, name text, dob date, note text)"));
  ASSERT_OK(Sql("INSERT INTO users SELECT g, 'n' || g, NULL, NULL FROM generate_series(1, 5000) g"));
  pg::PgJob job = Job(kUsersIni);
  InstallAndBootstrap(job);
  auto clean = pg::Verify(*store_, job);
  ASSERT_TRUE(clean.ok()) << clean.status().ToString();
  EXPECT_TRUE(clean->ok()) << clean->ToString();
  // Tamper with the replica: a row gone, a cell changed, a row that the source does not have.
  auto table = store_->OpenTable(TableName{"default", "stuff"});
  ASSERT_TRUE(table.ok());
  ASSERT_OK((*table)->Delete(Delete(IntKey("user_id:", 17))));
  ASSERT_OK((*table)->Put(Put(IntKey("user_id:", 4242)).AddColumn("users", "name", "changed")));
  ASSERT_OK((*table)->Put(Put(IntKey("user_id:", 9999)).AddColumn("users", "name", "n9999")));
  auto report = pg::Verify(*store_, job);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_FALSE(report->ok());
  const auto& t = report->tables.at(0);
  EXPECT_EQ(t.source_rows, 5000);
  EXPECT_EQ(t.replica_rows, 5000);  // one missing, one extra
  EXPECT_EQ(t.differing_rows, 3);
  std::vector<std::string> expected;
  for (int id : {17, 4242, 9999}) expected.push_back(ToStringBinary(IntKey("user_id:", id)));
  std::vector<std::string> keys = t.differing_keys;
  std::sort(keys.begin(), keys.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(keys, expected) << report->ToString();
}

TEST_F(PgReplicationTest, FirstCopyErrorStopsTheOtherTablesAndIsReported) {
  ASSERT_OK(Sql("CREATE TABLE big (id int PRIMARY KEY, v text)"));
  ASSERT_OK(Sql("INSERT INTO big SELECT g, repeat('x', 100) FROM generate_series(1, 300000) g"));
  ASSERT_OK(Sql("CREATE TABLE codes (id serial PRIMARY KEY, code text, label text)"));
  ASSERT_OK(Sql("INSERT INTO codes (code, label) VALUES ('a', 'fine'), (NULL, 'no key')"));
  pg::PgJob job = Job(std::string("[public.big]\npsql_columns = v\nhbase_table_name = big\n"
                                  "hbase_column_descriptors = f:v\n") + kCodesIni);
  ASSERT_OK(pg::Install(*store_, job));
  auto stats = pg::Bootstrapper(*store_, job).Run();
  ASSERT_FALSE(stats.ok());
  EXPECT_NE(stats.status().message().find("key column 'code'"), std::string::npos)
      << stats.status().ToString();
  EXPECT_EQ(stats.status().message().find("cancelled"), std::string::npos)
      << stats.status().ToString();
  // No position: play refuses until bootstrap runs again.
  auto pos = replicate::PositionTable(*store_).Read(job.PositionKey());
  EXPECT_TRUE(!pos.ok() || !pos->count("state")) << (pos.ok() ? (*pos)["state"] : "");
  // The cancelled copy of "big" was a bulk load: nothing of it is left.
  auto scanner = Open("big")->GetScanner(Scan());
  ASSERT_TRUE(scanner.ok());
  auto first = (*scanner)->Next();
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->has_value());
}

// Every stored cell of "table" (markers too, all versions) with its timestamp replaced by "T" if
// it is "ts", so that two bootstraps (each with its own cell time) can be compared.
std::vector<std::string> RawCellsAt(Table& table, int64_t ts) {
  std::vector<std::string> out;
  auto sc = table.GetScanner(Scan().SetRaw(true).SetMaxVersions(100));
  EXPECT_TRUE(sc.ok());
  for (;;) {
    auto r = (*sc)->Next();
    EXPECT_TRUE(r.ok());
    if (!r.ok() || !r->has_value()) break;
    for (const Cell& c : (*r)->cells()) {
      out.push_back(ToStringBinary(c.row) + "/" + c.family + ":" + c.qualifier + "@" +
                    (c.timestamp == ts ? "T" : std::to_string(c.timestamp)) + " " +
                    std::string(CellTypeName(c.type)) + "=" + c.value);
    }
  }
  return out;
}

TEST_F(PgReplicationTest, BulkLoadedBootstrapStoresTheSameCellsAsWrittenOne) {
  ASSERT_OK(Sql("CREATE TABLE users (user_id int PRIMARY KEY, name text, dob date, note text)"));
  ASSERT_OK(Sql("INSERT INTO users SELECT g, 'n' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE "
                "'2000-01-01'::date + g END, CASE WHEN g % 5 = 0 THEN '' END "
                "FROM generate_series(1, 3000) g"));
  // Updated rows move to the end of the heap: COPY returns them out of key order.
  ASSERT_OK(Sql("UPDATE users SET name = 'moved' WHERE user_id % 7 = 0"));
  pg::PgJob job = Job(kUsersIni);
  char* log_text = nullptr;
  size_t log_size = 0;
  FILE* log = open_memstream(&log_text, &log_size);
  job.log = log;
  InstallAndBootstrap(job);
  std::fclose(log);
  const std::string bulk_log(log_text, log_size);
  std::free(log_text);
  EXPECT_NE(bulk_log.find("bulk loaded"), std::string::npos) << bulk_log;
  auto bulk_ts = replicate::PositionTable(*store_).Read(job.PositionKey());
  ASSERT_TRUE(bulk_ts.ok());
  auto bulk_cells = RawCellsAt(*Open("stuff"), std::stoll((*bulk_ts)["bootstrap_ts"]));

  // The same job into a second store whose target table holds a row already: written with
  // MutateAtomically. Apart from that row the stored cells are the same.
  testing::TempDir other_dir;
  auto other = Store::Open(other_dir.path());
  ASSERT_TRUE(other.ok());
  job.log = stderr;
  ASSERT_OK(pg::Install(**other, job));
  ASSERT_OK(pg::EnsureTargetTables(**other, job));
  auto stuff = (*other)->OpenTable(TableName{"default", "stuff"});
  ASSERT_TRUE(stuff.ok());
  ASSERT_OK((*stuff)->Put(Put("~sentinel", 1).AddColumn("users", "name", "x")));
  auto written = pg::Bootstrapper(**other, job).Run();
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  auto written_ts = replicate::PositionTable(**other).Read(job.PositionKey());
  ASSERT_TRUE(written_ts.ok());
  auto written_cells = RawCellsAt(**stuff, std::stoll((*written_ts)["bootstrap_ts"]));
  ASSERT_FALSE(written_cells.empty());
  EXPECT_EQ(written_cells.back(), "~sentinel/users:name@1 Put=x");
  written_cells.pop_back();
  EXPECT_GT(bulk_cells.size(), 8000u);
  EXPECT_EQ(bulk_cells, written_cells);
  auto report = pg::Verify(*store_, job);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok()) << report->ToString();
}

// Bootstrap reads a binary COPY (integers and booleans in their binary form, text types as
// sent, every other type turned into its text output by the server) and play reads pgoutput's
// text output: for every type both store the same cell, with either value encoding, whether
// bootstrap bulk loads or writes.
class PgBootstrapTypesTest : public PgReplicationTest,
                             public ::testing::WithParamInterface<const char*> {};

TEST_P(PgBootstrapTypesTest, BinaryCopyStoresWhatStreamingStoresForEveryType) {
  const std::string variant = GetParam();
  ASSERT_OK(Sql("CREATE TYPE mood AS ENUM ('sad', 'happy')"));
  ASSERT_OK(Sql("CREATE DOMAIN flag AS bool"));
  const std::vector<std::string> columns = {
      "i2", "i4", "i8", "n", "f4", "f8", "b", "t", "vc", "c", "by", "d", "tm", "ts", "tz", "iv",
      "u", "j", "jb", "arr", "m", "ip", "fl", "nm", "ch"};
  ASSERT_OK(Sql(
      "CREATE TABLE ty (id bigint PRIMARY KEY, i2 int2, i4 int4, i8 int8, n numeric(20,5), "
      "f4 float4, f8 float8, b bool, t text, vc varchar(10), c char(3), by bytea, d date, "
      "tm time, ts timestamp, tz timestamptz, iv interval, u uuid, j json, jb jsonb, arr text[], "
      "m mood, ip inet, fl flag, nm name, ch \"char\")"));
  ASSERT_OK(Sql("INSERT INTO ty VALUES (1, -32768, -2147483648, -9223372036854775808, "
                "-12345.67891, 1.5e-7, -2.25e100, true, 'Zoë \"q\" \\ b\ttab\nline', 'abc', "
                "'x', '\\x00ff10', '2024-02-29', '23:59:59.5', '2024-01-01 12:00:00', "
                "'2024-01-01 12:00:00+02', '1 day 02:00:00', "
                "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": [1, 2]}', '{\"b\": null}', "
                "'{\"a b\",NULL,c}', 'happy', '10.0.0.1', true, 'nm', 'z'), "
                "(2, 32767, 2147483647, 9223372036854775807, 0, 'Infinity', 'NaN', false, '', "
                "'', '', '', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{}', NULL, "
                "'::1/128', false, '', NULL), (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                "NULL, NULL, NULL, NULL, NULL)"));
  pg::PgJob job = Job(std::string("[public.ty]\npsql_columns = *\nhbase_table_name = ty\n"
                                  "hbase_column_descriptors = f\nvalue_encoding = ") +
                      (variant == "binary" ? "binary" : "text") + "\n");
  ASSERT_OK(pg::Install(*store_, job));
  if (variant == "writes") {  // a row in the target already: no bulk load
    ASSERT_OK(pg::EnsureTargetTables(*store_, job));
    ASSERT_OK(Open("ty")->Put(Put("~sentinel", 1).AddColumn("f", "t", "x")));
  }
  auto stats = pg::Bootstrapper(*store_, job).Run();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->rows, 3);
  StartPlay(job);
  ASSERT_OK(Sql("INSERT INTO ty SELECT id + 10, " + [&] {
    std::string list;
    for (const std::string& c : columns) list += (list.empty() ? "" : ", ") + c;
    return list;
  }() + " FROM ty"));
  CatchUp();
  StopPlay();
  for (int64_t id : {1, 2, 3}) {
    for (const std::string& c : columns) {
      EXPECT_EQ(Value("ty", IntKey("", id), "f", c), Value("ty", IntKey("", id + 10), "f", c))
          << "column " << c << " of row " << id;
    }
  }
  if (variant != "binary") {  // the text output, where ::text would differ
    EXPECT_EQ(Value("ty", IntKey("", 1), "f", "c"), "x  ");
    EXPECT_EQ(Value("ty", IntKey("", 1), "f", "b"), "t");
    EXPECT_EQ(Value("ty", IntKey("", 1), "f", "fl"), "t");
    EXPECT_EQ(Value("ty", IntKey("", 1), "f", "ip"), "10.0.0.1");
    EXPECT_EQ(Value("ty", IntKey("", 1), "f", "i8"), "-9223372036854775808");
    EXPECT_EQ(Value("ty", IntKey("", 2), "f", "i2"), "32767");
  } else {
    EXPECT_EQ(Value("ty", IntKey("", 1), "f", "i4"), std::string("\x80\0\0\0", 4));
  }
  EXPECT_EQ(Value("ty", IntKey("", 3), "f", "t"), std::nullopt);
  EXPECT_EQ(Value("ty", IntKey("", 2), "f", "t"), "");
}

INSTANTIATE_TEST_SUITE_P(Paths, PgBootstrapTypesTest,
                         ::testing::Values("text", "binary", "writes"));

}  // namespace
}  // namespace cellar

namespace cellar {
namespace {

// Upsert(SourceRow&&) moves the values out of the row, except from a column that a later target
// still reads; the result is the same as the copying Upsert.
TEST(PgRowMapperTest, MovingUpsertMatchesCopyingUpsertWithAColumnMappedTwice) {
  pg::TableSpec spec;
  spec.section = "public.t";
  spec.schema = "public";
  spec.table = "t";
  spec.key_columns = {"id"};
  spec.columns = {"name", "name", "n"};
  spec.targets = {{"f", "a"}, {"g", "b"}, {"f", "n"}};
  spec.target_table = *TableName::Parse("t");
  auto mapper = pg::RowMapper::Create(spec, {{"id", 23}, {"name", 25}, {"n", 25}});
  ASSERT_TRUE(mapper.ok()) << mapper.status().ToString();
  pg::SourceRow row(3);
  row[0].text = "7";
  row[1].text = "seven";
  row[2].text = std::nullopt;  // NULL: a delete marker
  auto copied = mapper->Upsert(row, 5);
  ASSERT_TRUE(copied.ok());
  auto moved = mapper->Upsert(std::move(row), 5);
  ASSERT_TRUE(moved.ok());
  ASSERT_EQ(copied->row(), moved->row());
  ASSERT_EQ(moved->mutations().size(), 2u);  // the delete of f:n, then the put
  const Put& put = std::get<Put>(moved->mutations()[1]);
  ASSERT_EQ(put.cells().size(), 2u);
  for (const Cell& c : put.cells()) EXPECT_EQ(c.value, "seven") << c.family << ":" << c.qualifier;
  EXPECT_EQ(std::get<Put>(copied->mutations()[1]).cells().size(), 2u);
  EXPECT_TRUE(std::holds_alternative<Delete>(moved->mutations()[0]));
}

}  // namespace
}  // namespace cellar
