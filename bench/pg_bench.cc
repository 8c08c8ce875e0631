// cellar_pg_bench: `cellar pg` against PostgreSQL's own COPY, in one run, on a PostgreSQL 15 it
// starts itself (tests/pg_server.h):
//   1. bootstrap of pgbench_accounts (pgbench -i -s SCALE) versus
//      COPY pgbench_accounts TO '/dev/null' (FORMAT binary): rows/s and the ratio;
//   2. applying a backlog of changes made by pgbench while play was stopped: changes/s;
//   3. the lag while pgbench runs with play streaming: bytes behind, sampled every 100 ms.
// Usage: cellar_pg_bench [--scale=20] [--backlog=300000] [--lag-seconds=10]

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "bench_flags.h"
#include "cellar/store.h"
#include "pg_server.h"
#include "replicate/pg/bootstrapper.h"
#include "replicate/pg/config.h"
#include "replicate/pg/pg_replicator.h"
#include "replicate/pg/player.h"
#include "store/test_util.h"

namespace cellar {
namespace {

using SteadyClock = std::chrono::steady_clock;

double Since(SteadyClock::time_point t) {
  return std::chrono::duration<double>(SteadyClock::now() - t).count();
}

// CPU seconds (user + system) used so far by all threads of this process, i.e. the client side
// of a bootstrap: PostgreSQL's backends are other processes.
double ProcessCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(u.ru_utime) + seconds(u.ru_stime);
}

// Command-line settings. The defaults run in about a minute.
struct Flags {
  int64_t scale = 20;        // pgbench -i -s: 100,000 pgbench_accounts rows per unit
  int64_t backlog = 300000;  // changes made by pgbench while play is stopped; at least 6, as
                             // two clients each run backlog / 6 transactions of 3 changes
  int64_t lag_seconds = 10;  // how long pgbench runs while the lag is sampled
};

// Declares the flags on "app", each writing into "f" (whose values are the defaults).
void AddFlags(CLI::App& app, Flags& f) {
  bench::ShowDefaults(app);
  app.add_option("--scale", f.scale, "pgbench -i -s: 100,000 pgbench_accounts rows per unit")
      ->check(bench::Positive());
  app.add_option("--backlog", f.backlog,
                 "changes made by pgbench while play is stopped (at least 6)")
      ->check(CLI::Range(int64_t{6}, INT64_MAX));
  app.add_option("--lag-seconds", f.lag_seconds, "how long pgbench runs while the lag is sampled")
      ->check(bench::Positive());
}

void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::cerr << "cellar_pg_bench: " << what << ": " << s.ToString() << "\n";
    std::exit(1);
  }
}

int Shell(const std::string& cmd) {
  int rc = std::system(cmd.c_str());
  if (rc != 0) {
    std::cerr << "cellar_pg_bench: '" << cmd << "' failed\n";
    std::exit(1);
  }
  return rc;
}

int64_t Int(testing::PgServer& pg, const std::string& sql) {
  auto v = pg.QueryValue(sql);
  Check(v.status(), sql.c_str());
  return std::stoll(*v);
}

int Main(int argc, char** argv) {
  Flags flags;
  CLI::App app{"`cellar pg` against PostgreSQL's COPY, on a PostgreSQL 15 it starts itself",
               "cellar_pg_bench"};
  AddFlags(app, flags);
  if (std::optional<int> code = bench::ParseBenchFlags(app, argc, argv)) return *code;
  const int64_t scale = flags.scale;
  const int64_t backlog = flags.backlog;
  const int64_t lag_seconds = flags.lag_seconds;
  auto server = testing::PgServer::Start();
  Check(server.status(), "starting PostgreSQL");
  testing::PgServer& pg = **server;
  const std::string conninfo = pg.conninfo("postgres");
  const std::string pgbench = "/usr/lib/postgresql/15/bin/pgbench \"" + conninfo + "\"";
  std::cout << "pgbench -i -s " << scale << " ..." << std::endl;
  Shell(pgbench + " -i -q -s " + std::to_string(scale) + " >/dev/null 2>&1");
  const int64_t rows = Int(pg, "SELECT count(*) FROM pgbench_accounts");

  // 1. COPY to /dev/null, then our bootstrap of the same table.
  auto t = SteadyClock::now();
  Check(pg.Exec("COPY pgbench_accounts TO '/dev/null' (FORMAT binary)"), "COPY");
  const double copy_s = Since(t);

  testing::TempDir dir;
  std::string ini = "[HBaseReplic]\njob_name = bench\npostgresql_db = " + conninfo +
                    "\nstore = " + dir.path() + "\n";
  for (const char* table : {"accounts", "tellers", "branches"}) {
    ini += std::string("[public.pgbench_") + table + "]\npsql_columns = *\nhbase_table_name = " +
           table + "\nhbase_column_descriptors = f\n";
  }
  auto config = pg::ParsePgConfig(ini, "bench.ini");
  Check(config.status(), "config");
  auto conn = pg::PgConnection::Connect(conninfo, pg::PgConnection::Mode::kNormal);
  Check(conn.status(), "connect");
  auto job = pg::ResolveJob(*config, **conn, {});
  Check(job.status(), "resolve");
  FILE* devnull = std::fopen("/dev/null", "w");
  job->log = devnull;
  auto store = Store::Open(dir.path());
  Check(store.status(), "store");
  Check(pg::Install(**store, *job), "install");
  t = SteadyClock::now();
  const double cpu_before = ProcessCpuSeconds();
  auto boot = pg::Bootstrapper(**store, *job).Run();
  Check(boot.status(), "bootstrap");
  const double boot_s = Since(t);
  const double boot_cpu_s = ProcessCpuSeconds() - cpu_before;

  // 2. A backlog made while play is stopped (3 published changes per pgbench transaction).
  const int64_t txns = backlog / 3;
  std::cout << "pgbench -t " << txns << " (backlog) ..." << std::endl;
  Shell(pgbench + " -n -c 2 -j 2 -t " + std::to_string(txns / 2) + " >/dev/null 2>&1");
  const std::string end_lsn = *pg.QueryValue("SELECT pg_current_wal_insert_lsn()::text");
  std::atomic<bool> stop{false};
  Status play_status;
  t = SteadyClock::now();
  std::thread play([&] { play_status = pg::Play(**store, *job, stop); });
  auto caught_up = [&](const std::string& lsn) {
    auto v = pg.QueryValue("SELECT confirmed_flush_lsn >= '" + lsn +
                           "' FROM pg_replication_slots WHERE slot_name = 'cellar_bench'");
    return v.ok() && *v == "t";
  };
  while (!caught_up(end_lsn)) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const double apply_s = Since(t);

  // 3. Lag while pgbench runs.
  std::atomic<bool> loading{true};
  std::thread load([&] {
    std::system((pgbench + " -n -c 2 -j 2 -T " + std::to_string(lag_seconds) +
                 " >/dev/null 2>&1").c_str());
    loading = false;
  });
  int64_t samples = 0, sum = 0, worst = 0;
  testing::PgServer& probe = pg;
  while (loading) {
    auto lag = probe.QueryValue(
        "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), confirmed_flush_lsn)::bigint "
        "FROM pg_replication_slots WHERE slot_name = 'cellar_bench'");
    if (lag.ok()) {
      int64_t b = std::stoll(*lag);
      sum += b;
      worst = std::max(worst, b);
      ++samples;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  load.join();
  const std::string final_lsn = *pg.QueryValue("SELECT pg_current_wal_insert_lsn()::text");
  t = SteadyClock::now();
  while (!caught_up(final_lsn)) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const double drain_s = Since(t);
  stop = true;
  play.join();
  Check(play_status, "play");

  std::printf("\ncellar_pg_bench  scale=%lld  rows=%lld\n", static_cast<long long>(scale),
              static_cast<long long>(rows));
  std::printf("%-44s %12.0f rows/s\n", "COPY pgbench_accounts TO '/dev/null' binary", rows / copy_s);
  std::printf("%-44s %12.0f rows/s  (%lld rows of 3 tables in %.1f s)\n",
              "cellar pg bootstrap (all 3 tables)",
              boot->rows / boot_s, static_cast<long long>(boot->rows), boot_s);
  std::printf("%-44s %12.2f\n", "ratio bootstrap / COPY (rows/s)", (boot->rows / boot_s) /
              (rows / copy_s));
  std::printf("%-44s %12.2f us/row  (%.2f s of CPU, all threads)\n", "bootstrap client CPU",
              boot_cpu_s * 1e6 / boot->rows, boot_cpu_s);
  std::printf("%-44s %12.0f changes/s  (%lld changes in %.1f s)\n",
              "backlog applied by play", (txns / 2 * 2 * 3) / apply_s,
              static_cast<long long>(txns / 2 * 2 * 3), apply_s);
  std::printf("%-44s %12.0f bytes avg, %lld max, over %lld samples; drained in %.2f s\n",
              "lag while pgbench -c 2 runs", samples ? double(sum) / samples : 0.0,
              static_cast<long long>(worst), static_cast<long long>(samples), drain_s);
  return 0;
}

}  // namespace
}  // namespace cellar

int main(int argc, char** argv) { return cellar::Main(argc, argv); }
