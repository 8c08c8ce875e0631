// cellar_mysql_bench: `cellar mysql stage` + `publish` against restoring the same dump with
// `mariadb db < dump.sql`, in one run, on a MariaDB 10.11 it starts itself
// (tests/mariadb_server.h). Steps:
//   1. generates a mysqldump-style file of --rows rows over four tables of mixed types (ints,
//      bigints, decimals, doubles, dates, datetimes, enums, text with quotes, backslashes and
//      newlines, NULLs, hex blobs, a composite key, a table without a key), extended INSERTs of
//      about 1 MB as mysqldump writes them;
//   2. the parser alone (statement splitting and every row tokenized), in MB/s, best of --repeat;
//   3. stage + publish into a fresh embedded store (the library calls `cellar mysql` makes);
//   4. the re-stage of the unchanged file;
//   5. `mariadb bench < dump.sql` into an empty database; prints both and the ratio.
// Usage: cellar_mysql_bench [--rows=2000000] [--repeat=3] [--dir=/tmp] [--parse-only]
//        [--no-mariadb] [--keep] [--dump=FILE (one generated before with --keep, --rows
//        matching; skips step 1)]

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <string>

#include "bench_flags.h"
#include "cellar/store.h"
#include "mariadb_server.h"
#include "replicate/mysql/byte_source.h"
#include "replicate/mysql/dump_reader.h"
#include "replicate/mysql/insert_statement.h"
#include "replicate/mysql/publisher.h"
#include "replicate/mysql/stager.h"

namespace cellar::mysql {
namespace {

using SteadyClock = std::chrono::steady_clock;

double Since(SteadyClock::time_point t) {
  return std::chrono::duration<double>(SteadyClock::now() - t).count();
}

// Command-line settings. The defaults write a dump of about 119 MB and run in 1-2 minutes.
struct Flags {
  uint64_t rows = 2000000;  // rows of the generated dump, over its four tables
  int repeat = 3;           // parser rounds; the figure is the best round
  std::string dir;          // parent of the scratch directory; default: the system temp dir
  std::string dump;         // reuse this dump (kept with --keep, same --rows); skips generating
  bool parse_only = false;  // stop after the parser figure
  bool no_mariadb = false;  // skip the MariaDB restore
  bool keep = false;        // keep the scratch directory (and the dump in it)
  int threads = PublishOptions{}.threads;  // tables published at once; default: the cores
};

// Declares the flags on "app", each writing into "f" (whose values are the defaults).
void AddFlags(CLI::App& app, Flags& f) {
  bench::ShowDefaults(app);
  app.add_option("--rows", f.rows, "rows of the generated dump, over its four tables")
      ->check(bench::Positive());
  app.add_option("--repeat", f.repeat, "parser rounds; the figure is the best round")
      ->check(CLI::Range(1, 1000));
  app.add_option("--dir", f.dir, "parent of the scratch directory (default: the system temp dir)");
  app.add_option("--dump", f.dump,
                 "reuse this dump, generated before with --keep and the same --rows; skips "
                 "generating one");
  app.add_flag("--parse-only", f.parse_only, "stop after the parser figure");
  app.add_flag("--no-mariadb", f.no_mariadb, "skip the MariaDB restore");
  app.add_flag("--keep", f.keep, "keep the scratch directory (and the dump in it)");
  app.add_option("--threads", f.threads, "tables published at once (default: the cores)")
      ->check(CLI::Range(1, 64));
}

// CPU time of the process so far, all threads, in seconds.
double CpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::cerr << "cellar_mysql_bench: " << what << ": " << s.ToString() << "\n";
    std::exit(1);
  }
}

// Writes one table's rows as extended INSERTs of about 1 MB (mysqldump's net_buffer_length).
class InsertWriter {
 public:
  InsertWriter(std::ofstream& out, std::string table) : out_(out), table_(std::move(table)) {}
  ~InsertWriter() { Flush(); }
  void Row(const std::string& values) {
    if (pending_.empty()) {
      pending_ = "INSERT INTO `" + table_ + "` VALUES ";
    } else {
      pending_ += ',';
    }
    pending_ += '(';
    pending_ += values;
    pending_ += ')';
    if (pending_.size() >= (1 << 20)) Flush();
  }
  void Flush() {
    if (pending_.empty()) return;
    out_ << pending_ << ";\n";
    pending_.clear();
  }

 private:
  std::ofstream& out_;
  std::string table_;
  std::string pending_;
};

std::string Text(std::mt19937_64& rng, size_t max_len) {
  static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ0123456789";
  size_t n = 1 + rng() % max_len;
  std::string s;
  for (size_t i = 0; i < n; ++i) s += kAlphabet[rng() % (sizeof kAlphabet - 1)];
  switch (rng() % 16) {  // now and then the characters a dump escapes
    case 0:
      s += "\\'quoted\\'";
      break;
    case 1:
      s += "back\\\\slash";
      break;
    case 2:
      s += "line\\nbreak\\ttab";
      break;
    case 3:
      s += "\\0nul";
      break;
    default:
      break;
  }
  return "'" + s + "'";
}

std::string Date(std::mt19937_64& rng, bool time) {
  char buf[32];
  std::snprintf(buf, sizeof buf, time ? "'20%02d-%02d-%02d %02d:%02d:%02d'" : "'20%02d-%02d-%02d'",
                static_cast<int>(rng() % 25), static_cast<int>(1 + rng() % 12),
                static_cast<int>(1 + rng() % 28), static_cast<int>(rng() % 24),
                static_cast<int>(rng() % 60), static_cast<int>(rng() % 60));
  return buf;
}

// Generates the dump; returns its size in bytes.
uint64_t GenerateDump(const std::string& path, uint64_t rows) {
  std::ofstream out(path, std::ios::binary);
  out << "-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB (cellar_mysql_bench)\n"
         "/*!40101 SET NAMES utf8mb4 */;\n/*!40103 SET TIME_ZONE='+00:00' */;\n"
         "/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n"
         "/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n\n"
         "CREATE TABLE `customer` (\n  `id` int(11) NOT NULL,\n  `name` varchar(64) NOT NULL,\n"
         "  `email` varchar(128) DEFAULT NULL,\n  `balance` decimal(12,2) NOT NULL,\n"
         "  `born` date DEFAULT NULL,\n  `active` tinyint(1) NOT NULL,\n  PRIMARY KEY (`id`)\n"
         ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"
         "CREATE TABLE `orders` (\n  `id` bigint(20) unsigned NOT NULL,\n"
         "  `customer_id` int(11) NOT NULL,\n  `status` enum('new','paid','shipped') NOT NULL,\n"
         "  `total` double DEFAULT NULL,\n  `note` text,\n  `created` datetime NOT NULL,\n"
         "  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"
         "CREATE TABLE `order_line` (\n  `order_id` bigint(20) unsigned NOT NULL,\n"
         "  `line` smallint(6) NOT NULL,\n  `sku` char(12) NOT NULL,\n  `qty` int(11) NOT NULL,\n"
         "  `price` decimal(10,2) NOT NULL,\n  PRIMARY KEY (`order_id`,`line`)\n"
         ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"
         "CREATE TABLE `event_log` (\n  `at` datetime NOT NULL,\n  `kind` varchar(16) NOT NULL,\n"
         "  `payload` blob\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\n";
  std::mt19937_64 rng(42);
  // Shares of the rows: 15% customers, 25% orders, 45% order lines, 15% events.
  const uint64_t customers = rows * 15 / 100, orders = rows * 25 / 100;
  const uint64_t events = rows * 15 / 100, lines = rows - customers - orders - events;
  {
    InsertWriter w(out, "customer");
    for (uint64_t i = 1; i <= customers; ++i) {
      w.Row(std::to_string(i) + "," + Text(rng, 24) + "," +
            (rng() % 5 == 0 ? "NULL" : "'user" + std::to_string(i) + "@example.com'") + "," +
            std::to_string(rng() % 1000000) + "." + std::to_string(10 + rng() % 90) + "," +
            (rng() % 7 == 0 ? "NULL" : Date(rng, false)) + "," + std::to_string(rng() % 2));
    }
  }
  {
    static const char* const kStatus[] = {"'new'", "'paid'", "'shipped'"};
    InsertWriter w(out, "orders");
    for (uint64_t i = 1; i <= orders; ++i) {
      w.Row(std::to_string(1000000000000ULL + i) + "," + std::to_string(1 + rng() % customers) +
            "," + kStatus[rng() % 3] + "," + std::to_string((rng() % 100000) / 7.0) + "," +
            (rng() % 3 == 0 ? "NULL" : Text(rng, 60)) + "," + Date(rng, true));
    }
  }
  {
    InsertWriter w(out, "order_line");
    for (uint64_t i = 0; i < lines; ++i) {
      w.Row(std::to_string(1000000000001ULL + i / 3) + "," + std::to_string(i % 3 + 1) + ",'SKU" +
            std::to_string(100000 + rng() % 900000) + "'," + std::to_string(1 + rng() % 9) + "," +
            std::to_string(rng() % 10000) + ".99");
    }
  }
  {
    InsertWriter w(out, "event_log");
    for (uint64_t i = 0; i < events; ++i) {
      char hex[40];
      std::snprintf(hex, sizeof hex, "0x%016llX%08X", static_cast<unsigned long long>(rng()),
                    static_cast<unsigned>(i));
      w.Row(Date(rng, true) + ",'kind" + std::to_string(rng() % 20) + "'," +
            (rng() % 4 == 0 ? std::string("NULL") : std::string(hex)));
    }
  }
  out << "\n-- Dump completed on 2024-03-01 12:00:00\n";
  out.close();
  return std::filesystem::file_size(path);
}

// Splits every statement and tokenizes every row, as staging does, without storing anything.
uint64_t ParseOnly(const std::string& path) {
  auto source = OpenByteSource(path);
  Check(source.status(), "open");
  DumpReader reader(**source);
  Statement st;
  Row row;
  uint64_t rows = 0;
  while (true) {
    auto more = reader.Next(st);
    Check(more.status(), "parse");
    if (!*more) break;
    if (st.kind != StatementKind::kInsert) continue;
    InsertHeader header;
    Check(ParseInsertHeader(st.text, header), "insert header");
    RowReader rr(st.text, header.rows_offset);
    while (true) {
      auto r = rr.Next(row);
      Check(r.status(), "row");
      if (!*r) break;
    }
    rows += rr.rows();
  }
  return rows;
}

}  // namespace
}  // namespace cellar::mysql

int main(int argc, char** argv) {
  using namespace cellar;
  using namespace cellar::mysql;
  Flags flags;
  CLI::App app{"`cellar mysql stage` + `publish` against `mariadb db < dump.sql`",
               "cellar_mysql_bench"};
  AddFlags(app, flags);
  if (std::optional<int> code = bench::ParseBenchFlags(app, argc, argv)) return *code;
  const uint64_t rows = flags.rows;
  const int repeat = flags.repeat;
  const std::string parent =
      flags.dir.empty() ? std::filesystem::temp_directory_path().string() : flags.dir;
  const std::string dir = parent + "/cellar_mysql_bench_" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  const std::string given = flags.dump;
  const std::string dump = given.empty() ? dir + "/dump.sql" : given;

  auto t = SteadyClock::now();
  const uint64_t bytes =
      given.empty() ? GenerateDump(dump, rows) : std::filesystem::file_size(given);
  const double mb = bytes / 1e6;
  std::printf("dump: %llu rows, %.1f MB, generated in %.1f s (%s)\n",
              static_cast<unsigned long long>(rows), mb, Since(t), dump.c_str());

  double best = 1e9, best_cpu = 1e9;
  for (int i = 0; i < repeat; ++i) {
    t = SteadyClock::now();
    std::clock_t cpu = std::clock();
    uint64_t parsed = ParseOnly(dump);
    double s = Since(t);
    best = std::min(best, s);
    best_cpu = std::min(best_cpu, static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC);
    if (parsed != rows) {
      std::cerr << "cellar_mysql_bench: parsed " << parsed << " rows, expected " << rows << "\n";
      return 1;
    }
  }
  std::printf(
      "parser (split + tokenize every row): best of %d %.2f s, %.0f MB/s, %.2f M rows/s; "
      "CPU %.2f s, %.0f MB/s per core\n",
      repeat, best, mb / best, rows / best / 1e6, best_cpu, mb / best_cpu);
  if (flags.parse_only) {
    if (!flags.keep) std::filesystem::remove_all(dir);
    return 0;
  }

  double cellar_seconds = 0;
  {
    auto store = Store::Open(dir + "/store");
    Check(store.status(), "open store");
    auto source = OpenByteSource(dump);
    Check(source.status(), "open dump");
    t = SteadyClock::now();
    double cpu = CpuSeconds();
    auto staged = StageDump(**store, **source, StageOptions{.ns = "bench"});
    Check(staged.status(), "stage");
    double stage_s = Since(t), stage_cpu = CpuSeconds() - cpu;
    t = SteadyClock::now();
    cpu = CpuSeconds();
    auto published = Publish(**store, PublishOptions{.ns = "bench", .threads = flags.threads});
    Check(published.status(), "publish");
    double publish_s = Since(t), publish_cpu = CpuSeconds() - cpu;
    cellar_seconds = stage_s + publish_s;
    std::printf("cellar mysql stage:   %.2f s (%.0f MB/s, %llu chunks); CPU %.2f s\n", stage_s,
                mb / stage_s, static_cast<unsigned long long>(staged->chunks), stage_cpu);
    std::printf("cellar mysql publish: %.2f s (%.2f M rows/s, %d threads); CPU %.2f s\n", publish_s,
                rows / publish_s / 1e6, flags.threads, publish_cpu);
    int64_t files = 0, streamed = 0;
    for (const PublishReport& r : *published) {
      files += r.bulk_files;
      streamed += r.bulk_streamed_runs;
    }
    std::printf("  loaded into %lld table files, %lld of them streamed (keys ascending)\n",
                static_cast<long long>(files), static_cast<long long>(streamed));
    auto again = OpenByteSource(dump);
    Check(again.status(), "open dump");
    t = SteadyClock::now();
    auto restaged = StageDump(**store, **again, StageOptions{.ns = "bench"});
    Check(restaged.status(), "re-stage");
    std::printf("re-stage of the unchanged file: %.2f s (%s)\n", Since(t),
                restaged->already_staged ? "already staged, nothing written" : "STAGED AGAIN?");
  }
  std::printf("cellar stage + publish: %.2f s\n", cellar_seconds);

  if (!flags.no_mariadb) {
    auto server = testing::MariadbServer::Start();
    Check(server.status(), "start MariaDB");
    Check((*server)->Sql("CREATE DATABASE bench").status(), "create database");
    std::string restore = "/usr/bin/mariadb --no-defaults --socket=" + (*server)->socket() +
                          " -uroot --default-character-set=utf8mb4 bench < " + dump;
    t = SteadyClock::now();
    if (std::system(restore.c_str()) != 0) {
      std::cerr << "cellar_mysql_bench: '" << restore << "' failed\n";
      return 1;
    }
    double restore_s = Since(t);
    auto count = (*server)->Sql(
        "SELECT (SELECT COUNT(*) FROM customer) + (SELECT COUNT(*) FROM orders) + "
        "(SELECT COUNT(*) FROM order_line) + (SELECT COUNT(*) FROM event_log)",
        "bench");
    Check(count.status(), "count rows");
    std::printf("mariadb bench < dump.sql: %.2f s (%.2f M rows/s; %s rows restored)\n", restore_s,
                rows / restore_s / 1e6, count->substr(0, count->find('\n')).c_str());
    std::printf("ratio restore / cellar: %.2fx (target: at least 5x)\n",
                restore_s / cellar_seconds);
  }
  if (!flags.keep) std::filesystem::remove_all(dir);
  return 0;
}
