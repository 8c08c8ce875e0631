// `cellar pg` as users run it: the real program in child processes against a real PostgreSQL 15.
// hbrep's example ini replicates as written (only its connection string points at the test
// server) into the Thrift v2 gateway it names (`cellar serve` on localhost:9090), and play
// survives kill -9 at random moments under a write load.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <thread>

#include "pg_suite.h"
#include "replicate/pg/pg_connection.h"
#include "serve/serve_process.h"
#include "store/test_util.h"

namespace cellar {
namespace {

using namespace std::chrono_literals;

// Runs `cellar ARGS` in "dir"; returns the pid (not waited for).
pid_t Start(const std::string& dir, const std::vector<std::string>& args) {
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(dir.c_str()) != 0) _exit(126);
    std::string log = dir + "/cellar.out";
    FILE* out = std::fopen(log.c_str(), "a");
    if (out) {
      dup2(fileno(out), 1);
      dup2(fileno(out), 2);
    }
    std::vector<char*> argv = {const_cast<char*>(CELLAR_PROGRAM)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(CELLAR_PROGRAM, argv.data());
    _exit(127);
  }
  return pid;
}

int Wait(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int RunCellar(const std::string& dir, const std::vector<std::string>& args) {
  return Wait(Start(dir, args));
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class PgCliTest : public testing::PgSuite {
 protected:
  void SetUp() override {
    db_ = CreateDatabase("cli");
    auto conn = pg::PgConnection::Connect(server_->conninfo(db_), pg::PgConnection::Mode::kNormal);
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    conn_ = std::move(conn).value();
  }
  void Sql(const std::string& sql) {
    Status s = conn_->Exec(sql);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  // hbrep's example ini with only its postgresql_db line replaced.
  std::string WriteHbrepIni() {
    std::string ini = ReadFile(CELLAR_PG_TESTDATA_DIR "/hbrep.ini");
    ini = std::regex_replace(ini, std::regex("postgresql_db = [^\n]*"),
                             "postgresql_db = " + server_->conninfo(db_));
    std::string path = dir_.path() + "/hbrep.ini";
    std::ofstream(path) << ini;
    return path;
  }

  std::string db_;
  std::unique_ptr<pg::PgConnection> conn_;
  testing::TempDir dir_;
};


TEST_F(PgCliTest, HbrepExampleIniReplicatesAsWritten) {
  Sql("CREATE TABLE users (user_id int PRIMARY KEY, dob date, name text)");
  Sql("INSERT INTO users VALUES (1, '1970-01-02', 'a'), (2, NULL, 'b')");
  std::string ini = WriteHbrepIni();
  // The ini's hbase_hostname = localhost, hbase_port = 9090: a Thrift v2 gateway there.
  const std::string served = dir_.path() + "/served";
  auto serve = testing::ServeProcess::Start(
      CELLAR_PROGRAM, {"--data", served, "--thrift2-port", "9090", "--no-thrift", "--no-rest"},
      dir_.path() + "/serve.err");
  ASSERT_TRUE(serve.ok()) << serve.status().ToString();
  ASSERT_EQ(RunCellar(dir_.path(), {"pg", ini, "install", "public.users"}), 0)
      << ReadFile(dir_.path() + "/cellar.out");
  ASSERT_EQ(RunCellar(dir_.path(), {"pg", ini, "bootstrap", "public.users"}), 0)
      << ReadFile(dir_.path() + "/cellar.out");
  pid_t play = Start(dir_.path(), {"pg", ini, "play", "public.users"});
  Sql("INSERT INTO users VALUES (3, '2000-02-29', 'c')");
  Sql("UPDATE users SET dob = '1999-12-31' WHERE user_id = 2");
  // Wait until the slot has confirmed everything, then stop play with SIGTERM.
  std::string lsn;
  auto rows = conn_->Query("SELECT pg_current_wal_insert_lsn()::text");
  ASSERT_TRUE(rows.ok());
  lsn = *rows->rows[0][0];
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    auto done = conn_->Query("SELECT confirmed_flush_lsn >= '" + lsn +
                             "' FROM pg_replication_slots WHERE slot_name = "
                             "'cellar_hbase_replic_job'");
    if (done.ok() && !done->rows.empty() && done->rows[0][0] == "t") break;
    std::this_thread::sleep_for(50ms);
  }
  kill(play, SIGTERM);
  EXPECT_EQ(Wait(play), 0) << ReadFile(dir_.path() + "/cellar.out");
  EXPECT_EQ(RunCellar(dir_.path(), {"pg", ini, "verify"}), 0) << ReadFile(dir_.path() + "/cellar.out");
  auto stopped = (*serve)->Stop(SIGTERM);
  ASSERT_TRUE(stopped.ok()) << stopped.status().ToString();
  EXPECT_EQ(*stopped, 0) << (*serve)->StderrText();
  // Everything went through the gateway: no embedded store next to the ini.
  EXPECT_FALSE(std::filesystem::exists(dir_.path() + "/cellar-data"));
  auto store = Store::Open(served);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto table = (*store)->OpenTable(TableName{"default", "stuff"});
  ASSERT_TRUE(table.ok());
  auto sc = (*table)->GetScanner(Scan());
  std::vector<std::string> dobs;
  for (;;) {
    auto r = (*sc)->Next();
    ASSERT_TRUE(r.ok());
    if (!r->has_value()) break;
    EXPECT_EQ((*r)->row().rfind("user_id:", 0), 0u);  // the prefix, in bootstrap and play alike
    dobs.push_back(std::string((*r)->Value("users", "dob").value_or("-")));
  }
  EXPECT_EQ(dobs, (std::vector<std::string>{"1970-01-02", "1999-12-31", "2000-02-29"}));
  // hbrep's logfile key is honoured for play.
  EXPECT_NE(ReadFile(dir_.path() + "/hbase_replic_job.log").find("streaming"), std::string::npos);
}

// Writes acct rows in small transactions while `play` of "ini" is killed with SIGKILL at random
// moments five times; then a last play catches up (polled with "caught_up" once the load has
// stopped) and stops with SIGTERM, and verify must find the replica equal to the source.
void KillPlayUnderLoad(const std::string& dir, const std::string& conninfo, const std::string& ini,
                       const std::function<bool(pg::PgConnection&)>& caught_up) {
  std::atomic<bool> writing{true};
  std::thread load([&] {
    auto c = pg::PgConnection::Connect(conninfo, pg::PgConnection::Mode::kNormal);
    std::mt19937 rng(7);
    for (int i = 0; writing; ++i) {
      int id = 1 + static_cast<int>(rng() % 250);
      std::string sql = (i % 7 == 0)
          ? "DELETE FROM acct WHERE id = " + std::to_string(id)
          : "INSERT INTO acct VALUES (" + std::to_string(id) + ", " + std::to_string(i) +
                ", 'x') ON CONFLICT (id) DO UPDATE SET balance = acct.balance + 1, note = NULL";
      if (!(*c)->Exec("BEGIN; " + sql + "; UPDATE acct SET balance = balance + 1 WHERE id = " +
                      std::to_string(1 + rng() % 200) + "; COMMIT").ok()) {
        break;
      }
    }
  });
  std::mt19937 rng(11);
  for (int round = 0; round < 5; ++round) {
    pid_t play = Start(dir, {"pg", ini, "play"});
    std::this_thread::sleep_for(std::chrono::milliseconds(200 + rng() % 600));
    kill(play, SIGKILL);
    EXPECT_EQ(Wait(play), 128 + SIGKILL);
  }
  writing = false;
  load.join();
  // A last play catches up and stops cleanly; the replica then equals the source.
  pid_t play = Start(dir, {"pg", ini, "play"});
  auto conn = pg::PgConnection::Connect(conninfo, pg::PgConnection::Mode::kNormal);
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline && !caught_up(**conn)) {
    std::this_thread::sleep_for(50ms);
  }
  kill(play, SIGTERM);
  EXPECT_EQ(Wait(play), 0) << ReadFile(dir + "/cellar.out");
  EXPECT_EQ(RunCellar(dir, {"pg", ini, "verify"}), 0) << ReadFile(dir + "/cellar.out");
}

// "sql"'s first value is "expected".
bool Returns(pg::PgConnection& conn, const std::string& sql, const std::string& expected) {
  auto rows = conn.Query(sql);
  return rows.ok() && !rows->rows.empty() && rows->rows[0][0] == expected;
}

TEST_F(PgCliTest, PlaySurvivesKillNineUnderLoad) {
  Sql("CREATE TABLE acct (id int PRIMARY KEY, balance bigint, note text)");
  Sql("INSERT INTO acct SELECT g, 0, 'n' FROM generate_series(1, 200) g");
  std::string ini = dir_.path() + "/acct.ini";
  std::ofstream(ini) << "[HBaseReplic]\njob_name = crash\npostgresql_db = " << server_->conninfo(db_)
                     << "\nmax_batch_size = 50\n\n[public.acct]\npsql_columns = balance, note\n"
                        "hbase_table_name = acct\nhbase_column_descriptors = f:balance, f:note\n";
  ASSERT_EQ(RunCellar(dir_.path(), {"pg", ini, "install"}), 0) << ReadFile(dir_.path() + "/cellar.out");
  ASSERT_EQ(RunCellar(dir_.path(), {"pg", ini, "bootstrap"}), 0) << ReadFile(dir_.path() + "/cellar.out");
  std::string lsn;
  KillPlayUnderLoad(dir_.path(), server_->conninfo(db_), ini, [&](pg::PgConnection& c) {
    if (lsn.empty()) lsn = *c.Query("SELECT pg_current_wal_insert_lsn()::text")->rows[0][0];
    return Returns(c, "SELECT confirmed_flush_lsn >= '" + lsn +
                          "' FROM pg_replication_slots WHERE slot_name = 'cellar_crash'", "t");
  });
}

TEST_F(PgCliTest, TriggerCapturePlaySurvivesKillNineUnderLoad) {
  Sql("CREATE TABLE acct (id int PRIMARY KEY, balance bigint, note text)");
  Sql("INSERT INTO acct SELECT g, 0, 'n' FROM generate_series(1, 200) g");
  std::string ini = dir_.path() + "/acct.ini";
  std::ofstream(ini) << "[HBaseReplic]\njob_name = crash\npostgresql_db = " << server_->conninfo(db_)
                     << "\ncapture = trigger\nmax_batch_size = 50\n\n[public.acct]\n"
                        "psql_columns = balance, note\nhbase_table_name = acct\n"
                        "hbase_column_descriptors = f:balance, f:note\n";
  ASSERT_EQ(RunCellar(dir_.path(), {"pg", ini, "install"}), 0) << ReadFile(dir_.path() + "/cellar.out");
  ASSERT_EQ(RunCellar(dir_.path(), {"pg", ini, "bootstrap"}), 0) << ReadFile(dir_.path() + "/cellar.out");
  // No slot: the trigger queue carries the changes.
  EXPECT_TRUE(Returns(*conn_,
                      "SELECT count(*) FROM pg_replication_slots WHERE database = "
                      "current_database()",
                      "0"));
  KillPlayUnderLoad(dir_.path(), server_->conninfo(db_), ini, [](pg::PgConnection& c) {
    return Returns(c, "SELECT count(*) FROM cellar_crash_queue", "0");
  });
  EXPECT_TRUE(Returns(*conn_, "SELECT count(*) FROM cellar_crash_queue", "0"));
}

}  // namespace
}  // namespace cellar
