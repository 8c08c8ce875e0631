// cellar_repl_bench: REPL DUMP and LOAD speeds between two embedded stores on this machine:
// a bootstrap dump and load of one table (default 2,000,000 rows x 500-byte values, about 1 GB),
// then an incremental dump and load of --events single-cell put events. Prints MB/s and events/s.
// Usage: cellar_repl_bench [--rows=2000000] [--value-size=500] [--events=1000000] [--dir=PARENT]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "bench_flags.h"
#include "cellar/store.h"
#include "replicate/repl/repl.h"

namespace cellar {
namespace {

using SteadyClock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double Since(SteadyClock::time_point t) {
  return std::chrono::duration<double>(SteadyClock::now() - t).count();
}

// Command-line settings. The defaults write about 1 GB.
struct Flags {
  int64_t rows = 2'000'000;    // rows of the bootstrap dump, one cell each
  int64_t value_size = 500;    // bytes per bootstrap value
  int64_t events = 1'000'000;  // single-cell puts of the incremental dump
  std::string dir;             // parent of the scratch stores; default: the system temp dir
};

// Declares the flags on "app", each writing into "f" (whose values are the defaults).
void AddFlags(CLI::App& app, Flags& f) {
  bench::ShowDefaults(app);
  app.add_option("--rows", f.rows, "rows of the bootstrap dump, one cell each")
      ->check(bench::Positive());
  app.add_option("--value-size", f.value_size, "bytes per bootstrap value")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 24));
  app.add_option("--events", f.events, "single-cell puts of the incremental dump")
      ->check(bench::Positive());
  app.add_option("--dir", f.dir, "parent of the scratch stores (default: the system temp dir)");
}

template <typename T>
T Must(Result<T> r, const char* what) {
  if (!r.ok()) {
    std::cerr << "cellar_repl_bench: " << what << ": " << r.status().ToString() << "\n";
    std::exit(1);
  }
  return std::move(r).value();
}

void Must(const Status& s, const char* what) {
  if (!s.ok()) {
    std::cerr << "cellar_repl_bench: " << what << ": " << s.ToString() << "\n";
    std::exit(1);
  }
}

uint64_t DirBytes(const std::string& dir) {
  uint64_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) n += e.file_size();
  }
  return n;
}

// Writes "rows" rows of one "value_size" cell each, in atomic batches of 1000 rows.
void Fill(Store& store, const TableName& name, int64_t first, int64_t rows, size_t value_size) {
  std::string value(value_size, 'v');
  std::vector<TableRowMutations> batch;
  for (int64_t i = first; i < first + rows; ++i) {
    char row[32];
    std::snprintf(row, sizeof(row), "row%012lld", static_cast<long long>(i));
    value[i % value_size] = static_cast<char>('a' + i % 26);
    RowMutations m(row);
    m.Add(Put(row).AddColumn("f", "v", value));
    batch.push_back(TableRowMutations{name, std::move(m)});
    if (batch.size() == 1000) {
      Must(store.MutateAtomically(batch, Durability::kSkipWal), "fill");
      batch.clear();
    }
  }
  if (!batch.empty()) Must(store.MutateAtomically(batch, Durability::kSkipWal), "fill");
}

int Main(int argc, char** argv) {
  Flags flags;
  CLI::App app{"REPL DUMP and LOAD speeds between two embedded stores", "cellar_repl_bench"};
  AddFlags(app, flags);
  if (std::optional<int> code = bench::ParseBenchFlags(app, argc, argv)) return *code;
  const int64_t rows = flags.rows;
  const size_t value_size = static_cast<size_t>(flags.value_size);
  const int64_t events = flags.events;
  const std::string parent = flags.dir.empty() ? fs::temp_directory_path().string() : flags.dir;
  const std::string root = parent + "/cellar_repl_bench." + std::to_string(::getpid());
  fs::create_directories(root);
  auto src = Must(Store::Open(root + "/src"), "open source");
  auto dst = Must(Store::Open(root + "/dst"), "open replica");
  ColumnFamilyDescriptor f;
  f.name = "f";
  f.replication_scope = 1;
  Must(src->admin().CreateNamespace("bench"), "namespace");
  const TableName name{"bench", "t"};
  Must(src->admin().CreateTable(TableDescriptor{name, {f}}), "table");
  std::cout << "filling " << rows << " rows ..." << std::endl;
  Fill(*src, name, 0, rows, value_size);
  Must(src->admin().Flush(name), "flush");
  const auto target = Must(repl::ReplTarget::Parse("bench"), "target");

  auto t = SteadyClock::now();
  repl::DumpOptions boot_opts;
  boot_opts.dir = root + "/boot";
  auto boot = Must(repl::Dump(*src, target, boot_opts), "bootstrap dump");
  const double dump_s = Since(t);
  const double boot_mb = DirBytes(boot_opts.dir) / 1e6;
  t = SteadyClock::now();
  Must(repl::Load(*dst, boot_opts.dir, {}), "bootstrap load");
  const double load_s = Since(t);

  std::cout << "writing " << events << " events ..." << std::endl;
  {  // one put per event (an atomic write of many rows is one event)
    auto table = Must(src->OpenTable(name), "open table");
    for (int64_t i = 0; i < events; ++i) {
      char row[32];
      std::snprintf(row, sizeof(row), "ev%012lld", static_cast<long long>(i));
      Must(table->Put(Put(row).AddColumn("f", "v", std::string(100, 'e'))), "event put");
    }
  }
  t = SteadyClock::now();
  repl::DumpOptions inc_opts;
  inc_opts.from = boot.last_event_id;
  inc_opts.dir = root + "/inc";
  auto inc = Must(repl::Dump(*src, target, inc_opts), "incremental dump");
  const double inc_dump_s = Since(t);
  t = SteadyClock::now();
  auto loaded = Must(repl::Load(*dst, inc_opts.dir, {}), "incremental load");
  const double inc_load_s = Since(t);

  std::printf("\ncellar_repl_bench  rows=%lld value=%zuB events=%lld\n",
              static_cast<long long>(rows), value_size, static_cast<long long>(events));
  std::printf("%-34s %8.1f MB in %6.2f s  %8.1f MB/s\n", "bootstrap dump", boot_mb, dump_s,
              boot_mb / dump_s);
  std::printf("%-34s %8.1f MB in %6.2f s  %8.1f MB/s\n", "bootstrap load", boot_mb, load_s,
              boot_mb / load_s);
  std::printf("%-34s %8llu ev in %6.2f s  %8.0f events/s\n", "incremental dump",
              static_cast<unsigned long long>(inc.records), inc_dump_s, inc.records / inc_dump_s);
  std::printf("%-34s %8llu ev in %6.2f s  %8.0f events/s\n", "incremental load",
              static_cast<unsigned long long>(loaded.applied), inc_load_s,
              loaded.applied / inc_load_s);
  src.reset();
  dst.reset();
  fs::remove_all(root);
  return 0;
}

}  // namespace
}  // namespace cellar

int main(int argc, char** argv) { return cellar::Main(argc, argv); }
