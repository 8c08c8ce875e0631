// `cellar pg` with capture = trigger against a real PostgreSQL 15 that has no logical decoding
// (wal_level = replica): install creates the queue and triggers, bootstrap copies in a snapshot
// taken after them, play applies batches cut by txid snapshots. The interleaved long
// transactions, the bootstrap hand-over and the crash between a batch's write and the deletion
// of its events are the cases pgq's ticker exists for.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>
#include <thread>

#include "cellar/store.h"
#include "pg_suite.h"
#include "replicate/pg/bootstrapper.h"
#include "replicate/pg/config.h"
#include "replicate/pg/pg_replicator.h"
#include "replicate/pg/player.h"
#include "replicate/pg/trigger_queue.h"
#include "replicate/position_table.h"
#include "store/test_util.h"

namespace cellar {
namespace {

using namespace std::chrono_literals;

class PgTriggerTest : public testing::PgSuite {
 protected:
  static void SetUpTestSuite() {
    testing::PgServerOptions options;
    options.settings = {"wal_level = replica"};  // no logical decoding: what trigger mode is for
    StartServer(options);
  }

  void SetUp() override {
    db_ = CreateDatabase("trig");
    auto store = Store::Open(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  void TearDown() override { StopPlay(); }

  std::string Conninfo() { return server_->conninfo(db_); }
  std::unique_ptr<pg::PgConnection> Connect() {
    auto c = pg::PgConnection::Connect(Conninfo(), pg::PgConnection::Mode::kNormal);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? std::move(c).value() : nullptr;
  }
  Status Sql(const std::string& sql) {
    if (!conn_) conn_ = Connect();
    return conn_->Exec(sql);
  }
  std::string Value1(const std::string& sql) {
    if (!conn_) conn_ = Connect();
    auto rows = conn_->Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    if (!rows.ok() || rows->rows.empty() || !rows->rows[0][0]) return "";
    return *rows->rows[0][0];
  }

  pg::PgJob Job(const std::string& tables_ini) {
    std::string ini = "[HBaseReplic]\njob_name = " + db_ + "\npostgresql_db = " + Conninfo() +
                      "\nstore = " + dir_.path() + "\ncapture = trigger\n" + tables_ini;
    auto config = pg::ParsePgConfig(ini, "test.ini");
    EXPECT_TRUE(config.ok()) << config.status().ToString();
    auto conn = Connect();
    auto job = pg::ResolveJob(*config, *conn, {});
    EXPECT_TRUE(job.ok()) << job.status().ToString();
    job_ = std::move(job).value();
    queue_ = pg::QueueObjectNames(*conn, job_).table;
    return job_;
  }

  void Install(const pg::PgJob& job) { ASSERT_OK(pg::Install(*store_, job)); }
  void Bootstrap(const pg::PgJob& job) {
    auto stats = pg::Bootstrapper(*store_, job).Run();
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  }

  void StartPlay() {
    stop_ = false;
    play_ = std::thread([this] { play_status_ = pg::Play(*store_, job_, stop_); });
  }
  void StopPlay() {
    if (!play_.joinable()) return;
    stop_ = true;
    play_.join();
    EXPECT_TRUE(play_status_.ok()) << play_status_.ToString();
  }

  // Polls "done" every 20 ms for up to 30 s.
  template <typename F>
  bool WaitFor(F done) {
    auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (done()) return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }
  int64_t QueueLength() { return std::stoll(Value1("SELECT count(*) FROM " + queue_)); }
  // Waits until play has applied and removed every queued event (none may be left in open
  // transactions).
  void CatchUp() { ASSERT_TRUE(WaitFor([&] { return QueueLength() == 0; })) << "queue not drained"; }
  std::map<std::string, std::string> Position() {
    auto pos = replicate::PositionTable(*store_).Read(job_.PositionKey());
    EXPECT_TRUE(pos.ok()) << pos.status().ToString();
    return pos.ok() ? *pos : std::map<std::string, std::string>{};
  }
  int64_t Batch() {
    auto pos = Position();
    return pos.count("batch") ? std::stoll(pos["batch"]) : -1;
  }

  RowResult Row(const std::string& table, const std::string& row, int versions = 1) {
    auto t = store_->OpenTable(*TableName::Parse(table));
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    auto r = (*t)->Get(Get(row).SetMaxVersions(versions));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : RowResult();
  }
  std::optional<std::string> Value(const std::string& row, const std::string& qualifier) {
    auto v = Row("stuff", row).Value("users", qualifier);
    return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
  }
  int Versions(const std::string& row, const std::string& qualifier) {
    int n = 0;
    RowResult r = Row("stuff", row, 100);
    for (const Cell& c : r.cells()) n += c.qualifier == qualifier;
    return n;
  }
  static std::string Key(int64_t id) {
    replicate::RowKeyFormat f;
    f.row_prefix = "user_id:";
    replicate::KeyEncoder enc(f);
    EXPECT_TRUE(enc.Append(replicate::KeyType::kSignedInt, std::to_string(id)).ok());
    return *enc.Finish();
  }
  void ExpectVerified() {
    auto report = pg::Verify(*store_, job_);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_TRUE(report->ok()) << report->ToString();
  }

  std::string db_;
  std::string queue_;
  std::unique_ptr<pg::PgConnection> conn_;
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  pg::PgJob job_;
  std::atomic<bool> stop_{false};
  std::thread play_;
  Status play_status_;
};


const char kUsersTable[] =
    "CREATE TABLE users (user_id int PRIMARY KEY, name text, dob date, note text)";
const char kUsersIni[] =
    "[public.users]\n"
    "psql_columns = name, dob, note\n"
    "hbase_table_name = stuff\n"
    "hbase_column_descriptors = users:name, users:dob, users:note\n"
    "hbase_row_prefix = user_id:\n"
    "versions = 10\n";

TEST_F(PgTriggerTest, BootstrapThenPlayAppliesEveryKindOfChangeWithoutLogicalDecoding) {
  EXPECT_EQ(Value1("SHOW wal_level"), "replica");
  ASSERT_OK(Sql(kUsersTable));
  ASSERT_OK(Sql("INSERT INTO users VALUES (1, 'Ada', '1815-12-10', 'first'), "
                "(2, 'Grace', '1906-12-09', NULL), (4, 'Tim', NULL, 'x')"));
  pg::PgJob job = Job(kUsersIni);
  Install(job);
  Bootstrap(job);
  EXPECT_EQ(Value(Key(1), "name"), "Ada");
  StartPlay();
  ASSERT_OK(Sql("INSERT INTO users VALUES (3, 'Linus', NULL, '')"));
  ASSERT_OK(Sql("UPDATE users SET note = NULL, name = '' WHERE user_id = 1"));
  ASSERT_OK(Sql("UPDATE users SET user_id = 20 WHERE user_id = 2"));
  ASSERT_OK(Sql("DELETE FROM users WHERE user_id = 3"));
  CatchUp();
  EXPECT_EQ(Value(Key(1), "name"), "");                 // '' is a value
  EXPECT_EQ(Value(Key(1), "note"), std::nullopt);       // NULL deletes the cell
  EXPECT_EQ(Value(Key(1), "dob"), "1815-12-10");
  EXPECT_EQ(Value(Key(2), "name"), std::nullopt);       // the key change moved the row
  EXPECT_EQ(Value(Key(20), "name"), "Grace");
  EXPECT_EQ(Value(Key(3), "name"), std::nullopt);       // deleted
  ExpectVerified();

  ASSERT_OK(Sql("TRUNCATE users"));
  ASSERT_OK(Sql("INSERT INTO users VALUES (99, 'after', NULL, NULL)"));
  CatchUp();
  StopPlay();
  EXPECT_TRUE(Row("stuff", Key(1)).empty());
  EXPECT_TRUE(Row("stuff", Key(4)).empty());
  EXPECT_EQ(Value(Key(99), "name"), "after");
  ExpectVerified();
  auto status = pg::StatusReport(*store_, job);
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_NE(status->find("capture:        trigger"), std::string::npos) << *status;
  EXPECT_NE(status->find(": 0 events"), std::string::npos) << *status;
  EXPECT_NE(status->find("rows enabled, truncate enabled"), std::string::npos) << *status;
}

TEST_F(PgTriggerTest, LongTransactionCommittingAfterLaterOnesLandsInALaterBatch) {
  ASSERT_OK(Sql(kUsersTable));
  ASSERT_OK(Sql("INSERT INTO users VALUES (1, 'one', NULL, NULL)"));
  pg::PgJob job = Job(kUsersIni);
  Install(job);
  Bootstrap(job);
  StartPlay();
  // T1 begins and writes first (lower ev_ids), T2 writes later and commits first.
  auto t1 = Connect();
  auto t2 = Connect();
  ASSERT_OK(t1->Exec("BEGIN"));
  ASSERT_OK(t1->Exec("INSERT INTO users VALUES (10, 'long', NULL, NULL)"));
  ASSERT_OK(t1->Exec("UPDATE users SET note = 'by T1' WHERE user_id = 1"));
  ASSERT_OK(t2->Exec("BEGIN"));
  ASSERT_OK(t2->Exec("INSERT INTO users VALUES (20, 'short', NULL, NULL)"));
  ASSERT_OK(t2->Exec("COMMIT"));
  // A batch is consumed: T2's change is in the store, T1's events wait in the queue.
  ASSERT_TRUE(WaitFor([&] { return Value(Key(20), "name").has_value(); }));
  const int64_t batch_with_t2 = Batch();
  EXPECT_GE(batch_with_t2, 1);
  // T2's event is gone; T1's are invisible to others until it commits.
  EXPECT_TRUE(WaitFor([&] { return QueueLength() == 0; })) << "T2's event was not removed";
  EXPECT_EQ(Value(Key(10), "name"), std::nullopt);
  EXPECT_EQ(Value(Key(1), "note"), std::nullopt);

  ASSERT_OK(t1->Exec("COMMIT"));
  CatchUp();
  EXPECT_GT(Batch(), batch_with_t2);
  EXPECT_EQ(Value(Key(10), "name"), "long");
  EXPECT_EQ(Value(Key(1), "note"), "by T1");
  StopPlay();
  ExpectVerified();
}

TEST_F(PgTriggerTest, InterleavedLongTransactionsAcrossManyBatchesGiveAnEqualReplica) {
  ASSERT_OK(Sql(kUsersTable));
  ASSERT_OK(Sql("INSERT INTO users SELECT g, 'n' || g, NULL, NULL FROM generate_series(1, 200) g"));
  ASSERT_OK(Sql("INSERT INTO users VALUES (-1, 'tick', NULL, NULL)"));  // no writer touches it
  pg::PgJob job = Job(kUsersIni);
  Install(job);
  Bootstrap(job);
  StartPlay();
  // Four writers, each on its own keys (id % 4), with transactions left open while others
  // commit and batches are cut; some roll back.
  constexpr int kWriters = 4;
  std::vector<std::unique_ptr<pg::PgConnection>> writers;
  std::vector<bool> open(kWriters, false);
  for (int w = 0; w < kWriters; ++w) writers.push_back(Connect());
  std::mt19937 rng(42);
  int ticks_with_open_transactions = 0;
  for (int step = 0; step < 600; ++step) {
    const int w = static_cast<int>(rng() % kWriters);
    pg::PgConnection& c = *writers[w];
    if (!open[w]) {
      ASSERT_OK(c.Exec("BEGIN"));
      open[w] = true;
    }
    const int id = w + kWriters * static_cast<int>(rng() % 60);
    const std::string i = std::to_string(id), s = std::to_string(step);
    switch (rng() % 6) {
      case 0:
        ASSERT_OK(c.Exec("DELETE FROM users WHERE user_id = " + i));
        break;
      case 1:  // a key change to a key no one had (and the same writer's keys)
        ASSERT_OK(c.Exec("UPDATE users SET user_id = user_id + " +
                         std::to_string(kWriters * 60 * (step + 1)) + " WHERE user_id = " + i));
        break;
      case 2:
        ASSERT_OK(c.Exec("UPDATE users SET note = " + (step % 2 ? "'" + s + "'" : "NULL") +
                         ", dob = '2000-01-01'::date + " + s + " WHERE user_id = " + i));
        break;
      default:
        ASSERT_OK(c.Exec("INSERT INTO users VALUES (" + i + ", 's" + s + "', NULL, '') ON CONFLICT "
                         "(user_id) DO UPDATE SET name = EXCLUDED.name, note = users.note || 'x'"));
    }
    if (rng() % 5 == 0) {
      ASSERT_OK(c.Exec(rng() % 8 != 0 ? "COMMIT" : "ROLLBACK"));
      open[w] = false;
    }
    // Now and then let play cut a batch while other transactions stay open.
    if (step % 60 == 59) {
      ticks_with_open_transactions += std::count(open.begin(), open.end(), true) > 0;
      const int64_t before = Batch();
      ASSERT_OK(Sql("UPDATE users SET note = '" + s + "' WHERE user_id = -1"));
      ASSERT_TRUE(WaitFor([&] { return Batch() > before; }));
    }
  }
  for (int w = 0; w < kWriters; ++w) {
    if (open[w]) ASSERT_OK(writers[w]->Exec("COMMIT"));
  }
  CatchUp();
  StopPlay();
  EXPECT_GE(Batch(), 10);
  EXPECT_GE(ticks_with_open_transactions, 5);
  ExpectVerified();
}

TEST_F(PgTriggerTest, BootstrapSkipsQueuedEventsItsSnapshotContainsAndPlaysTheOthers) {
  ASSERT_OK(Sql(kUsersTable));
  ASSERT_OK(Sql("INSERT INTO users VALUES (1, 'one', NULL, NULL)"));
  pg::PgJob job = Job(kUsersIni);
  Install(job);
  // Queued before the bootstrap: one committed transaction (in the copy), one still open.
  ASSERT_OK(Sql("INSERT INTO users VALUES (2, 'two', NULL, NULL)"));
  auto open = Connect();
  ASSERT_OK(open->Exec("BEGIN"));
  ASSERT_OK(open->Exec("UPDATE users SET name = 'uno' WHERE user_id = 1"));
  ASSERT_OK(open->Exec("INSERT INTO users VALUES (3, 'three', NULL, NULL)"));
  Bootstrap(job);
  EXPECT_EQ(Value(Key(1), "name"), "one");  // the copy does not see the open transaction
  EXPECT_EQ(Value(Key(2), "name"), "two");
  EXPECT_EQ(Value(Key(3), "name"), std::nullopt);
  ASSERT_OK(open->Exec("COMMIT"));
  StartPlay();
  CatchUp();
  StopPlay();
  // Its events were written before the copy's timestamp, its cells land after it.
  EXPECT_EQ(Value(Key(1), "name"), "uno");
  EXPECT_EQ(Value(Key(3), "name"), "three");
  const int64_t bootstrap_ts = std::stoll(Position()["bootstrap_ts"]);
  EXPECT_GT(Row("stuff", Key(1)).cells()[0].timestamp, bootstrap_ts);
  // The event the copy already holds was not applied again (it would be a second version).
  EXPECT_EQ(Versions(Key(2), "name"), 1);
  EXPECT_EQ(Versions(Key(1), "name"), 2);
  ExpectVerified();
}

TEST_F(PgTriggerTest, RestartSkipsEventsOfAppliedBatchesEvenIfTheirDeletionWasLost) {
  ASSERT_OK(Sql(kUsersTable));
  pg::PgJob job = Job(kUsersIni);
  Install(job);
  Bootstrap(job);
  ASSERT_OK(Sql("INSERT INTO users VALUES (1, 'one', NULL, NULL)"));
  ASSERT_OK(Sql("INSERT INTO users VALUES (2, 'two', NULL, NULL)"));
  ASSERT_OK(Sql("CREATE TABLE saved AS SELECT * FROM " + queue_));
  StartPlay();
  CatchUp();
  ASSERT_OK(Sql("DELETE FROM users WHERE user_id = 1"));
  CatchUp();
  StopPlay();
  EXPECT_EQ(Value(Key(1), "name"), std::nullopt);
  // As if play had crashed after writing the first batch but before deleting its events.
  ASSERT_OK(Sql("INSERT INTO " + queue_ + " SELECT * FROM saved"));
  ASSERT_OK(Sql("UPDATE users SET name = 'deux' WHERE user_id = 2"));
  StartPlay();
  CatchUp();
  StopPlay();
  EXPECT_EQ(Value(Key(1), "name"), std::nullopt);  // the old insert was not replayed
  EXPECT_EQ(Value(Key(2), "name"), "deux");
  EXPECT_EQ(Versions(Key(2), "name"), 2);  // 'two' once, 'deux' once
  ExpectVerified();
}

TEST_F(PgTriggerTest, CellTimestampsAreOnePerTransactionAfterItsLastChange) {
  ASSERT_OK(Sql(kUsersTable));
  pg::PgJob job = Job(kUsersIni);
  Install(job);
  Bootstrap(job);
  StartPlay();
  const char kNowMs[] = "SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint";
  const int64_t before = std::stoll(Value1(kNowMs));
  // pg_sleep makes the second change at least 10 ms later than the first.
  ASSERT_OK(Sql("BEGIN; INSERT INTO users VALUES (7, 'a', NULL, 'x'); SELECT pg_sleep(0.01); "
                "INSERT INTO users VALUES (8, 'b', NULL, 'y'); COMMIT"));
  const int64_t after = std::stoll(Value1(kNowMs));
  CatchUp();
  StopPlay();
  RowResult r7 = Row("stuff", Key(7)), r8 = Row("stuff", Key(8));
  ASSERT_FALSE(r7.empty());
  ASSERT_FALSE(r8.empty());
  const int64_t ts = r7.cells()[0].timestamp;
  EXPECT_EQ(r8.cells()[0].timestamp, ts);
  EXPECT_GE(ts, before + 10);
  EXPECT_LE(ts, after);
  EXPECT_EQ(Position()["commit_ms"], std::to_string(ts));
}

TEST_F(PgTriggerTest, PoisonChangeStopsPlayNamingTableKeyAndQueueEvent) {
  ASSERT_OK(Sql("CREATE TABLE codes (id serial PRIMARY KEY, code text, label text)"));
  pg::PgJob job = Job("[public.codes]\npsql_key_column = code\npsql_columns = label\n"
                      "hbase_table_name = codes\nhbase_column_descriptors = f:label\n");
  Install(job);
  Bootstrap(job);
  ASSERT_OK(Sql("INSERT INTO codes (code, label) VALUES (NULL, 'no key')"));
  std::atomic<bool> stop{false};
  Status s = pg::Play(*store_, job, stop);  // returns by itself: the change cannot be applied
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("poison change in public.codes at queue event"), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("key column 'code'"), std::string::npos) << s.message();
  EXPECT_NE(Position()["last_error"].find("poison change"), std::string::npos);
  EXPECT_EQ(QueueLength(), 1);  // nothing consumed
}

TEST_F(PgTriggerTest, NewUnmappedColumnIsIgnoredDroppedMappedColumnStopsPlay) {
  ASSERT_OK(Sql(kUsersTable));
  pg::PgJob job = Job(kUsersIni);
  Install(job);
  Bootstrap(job);
  ASSERT_OK(Sql("INSERT INTO users VALUES (1, 'one', NULL, 'n')"));  // queued with 4 columns
  ASSERT_OK(Sql("ALTER TABLE users ADD COLUMN extra int"));
  ASSERT_OK(Sql("INSERT INTO users VALUES (2, 'two', NULL, 'n', 42)"));
  StartPlay();
  CatchUp();
  StopPlay();
  EXPECT_EQ(Value(Key(1), "name"), "one");
  EXPECT_EQ(Value(Key(2), "name"), "two");

  ASSERT_OK(Sql("ALTER TABLE users DROP COLUMN note"));
  ASSERT_OK(Sql("INSERT INTO users VALUES (3, 'three', NULL, 7)"));
  std::atomic<bool> stop{false};
  Status s = pg::Play(*store_, job, stop);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("schema change at queue event"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("column 'note'"), std::string::npos) << s.message();
  EXPECT_EQ(Value(Key(3), "name"), std::nullopt);  // nothing half-applied
  EXPECT_EQ(QueueLength(), 1);
}

TEST_F(PgTriggerTest, BootstrapBeforeInstallSaysToInstallAndUninstallRemovesEverything) {
  ASSERT_OK(Sql(kUsersTable));
  pg::PgJob job = Job(kUsersIni);
  auto early = pg::Bootstrapper(*store_, job).Run();
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(early.status().message().find("install"), std::string::npos)
      << early.status().message();

  Install(job);
  Install(job);  // idempotent
  EXPECT_EQ(Value1("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'users'::regclass AND "
                   "NOT tgisinternal"), "2");
  ASSERT_OK(pg::Uninstall(*store_, job));
  EXPECT_EQ(Value1("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'users'::regclass AND "
                   "NOT tgisinternal"), "0");
  EXPECT_EQ(Value1("SELECT to_regclass('" + queue_ + "') IS NULL"), "t");
  EXPECT_EQ(Value1("SELECT count(*) FROM pg_proc WHERE proname LIKE 'cellar_%'"), "0");
  ASSERT_OK(Sql("INSERT INTO users VALUES (1, 'still writable', NULL, NULL)"));
}

TEST_F(PgTriggerTest, PoisonChangeGoesToTheDeadLetterTableNamingItsQueueEvent) {
  ASSERT_OK(Sql("CREATE TABLE codes (id serial PRIMARY KEY, code text, label text)"));
  pg::PgJob job = Job("dead_letter_table = cellar_dead\n[public.codes]\npsql_key_column = code\n"
                      "psql_columns = label\nhbase_table_name = codes\n"
                      "hbase_column_descriptors = f:label\n");
  Install(job);
  Bootstrap(job);
  StartPlay();
  ASSERT_OK(Sql("INSERT INTO codes (code, label) VALUES (NULL, 'no key')"));
  ASSERT_OK(Sql("INSERT INTO codes (code, label) VALUES ('A', 'fine')"));
  CatchUp();
  StopPlay();
  auto dead = store_->OpenTable(TableName{"default", "cellar_dead"});
  ASSERT_TRUE(dead.ok()) << dead.status().ToString();
  auto scanner = (*dead)->GetScanner(Scan());
  auto row = (*scanner)->Next();
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->Value("d", "table"), "public.codes");
  EXPECT_TRUE((*row)->Value("d", "event").has_value());
  EXPECT_NE(std::string((*row)->Value("d", "values").value_or("")).find("no key"),
            std::string::npos);
  EXPECT_EQ(Row("codes", [] {
              replicate::KeyEncoder enc(replicate::RowKeyFormat{});
              (void)enc.Append(replicate::KeyType::kText, "A");
              return *enc.Finish();
            }()).Value("f", "label"), "fine");
}

// The same server with track_commit_timestamp = on: cells carry the commit time.
class PgTriggerCommitTimeTest : public PgTriggerTest {
 protected:
  static void SetUpTestSuite() {
    testing::PgServerOptions options;
    options.settings = {"wal_level = replica", "track_commit_timestamp = on"};
    StartServer(options);
  }
};

TEST_F(PgTriggerCommitTimeTest, CellTimestampsAreCommitTimesWhenPostgresTracksThem) {
  ASSERT_OK(Sql(kUsersTable));
  pg::PgJob job = Job(kUsersIni);
  Install(job);
  Bootstrap(job);
  StartPlay();
  auto t = Connect();
  ASSERT_OK(t->Exec("BEGIN"));
  ASSERT_OK(t->Exec("INSERT INTO users VALUES (7, 'a', NULL, 'x')"));
  auto xid = t->Query("SELECT pg_current_xact_id()::text");
  ASSERT_TRUE(xid.ok()) << xid.status().ToString();
  // The commit comes at least 20 ms after the last change.
  ASSERT_OK(t->Exec("SELECT pg_sleep(0.02)"));
  ASSERT_OK(t->Exec("COMMIT"));
  CatchUp();
  StopPlay();
  const std::string commit_ms = Value1(
      "SELECT floor(extract(epoch FROM pg_xact_commit_timestamp('" + *xid->rows[0][0] +
      "'::xid8::xid)) * 1000)::bigint");
  RowResult r = Row("stuff", Key(7));
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(std::to_string(r.cells()[0].timestamp), commit_ms);
}

}  // namespace
}  // namespace cellar
