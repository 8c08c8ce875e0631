// cellar_repl_bench: REPL DUMP and LOAD speeds between two embedded stores on this machine:
// a bootstrap dump and load of one table (default 2,000,000 rows x 500-byte values, about 1 GB),
// as records (the portable default) and as handed-over table files (dump --files), each into its
// own replica, then an incremental dump and load of --events single-cell put events into the
// last replica. Prints MB/s and events/s.
// Usage: cellar_repl_bench [--rows=2000000] [--value-size=500] [--events=1000000] [--dir=PARENT]
//                          [--modes=records,files] [--dump-dir=DIR] [--cold]

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
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
  std::string modes = "records,files";  // bootstrap modes to measure, in this order
  std::string dump_dir;                 // where the dumps go; default: beside the stores
  bool cold = false;                    // evict the files read from the page cache before each step
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
  app.add_option("--modes", f.modes,
                 "bootstrap modes to measure: records (the default dump), "
                 "files (dump --files)")
      ->check(bench::ListOf({"records", "files"}));
  app.add_option("--dump-dir", f.dump_dir,
                 "where the dumps go (default: beside the stores); on another file system, "
                 "files are copied instead of linked");
  app.add_flag("--cold", f.cold,
               "before each bootstrap step, drop the files it reads from the page cache "
               "(posix_fadvise DONTNEED on those files only)");
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

// Asks the kernel to drop the cached pages of every file under "dir" (clean pages only, which
// they are after a flush or a synced write).
void EvictFromPageCache(const std::string& dir) {
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    int fd = ::open(e.path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    (void)::fdatasync(fd);
    (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
  }
}

struct BootstrapRun {
  uint64_t last_event_id = 0;
  double mb = 0;  // the dump's size
  double dump_s = 0, load_s = 0;
};

// Dumps "target" of "src" as records or table files into "dir" and loads it into "dst".
BootstrapRun Bootstrap(Store& src, Store& dst, const repl::ReplTarget& target,
                       const std::string& src_dir, const std::string& dir, bool files, bool cold) {
  BootstrapRun run;
  repl::DumpOptions o;
  o.dir = dir;
  o.files = files;
  if (cold) EvictFromPageCache(src_dir);
  auto t = SteadyClock::now();
  run.last_event_id = Must(repl::Dump(src, target, o), "bootstrap dump").last_event_id;
  run.dump_s = Since(t);
  run.mb = DirBytes(dir) / 1e6;
  if (cold) EvictFromPageCache(dir);
  t = SteadyClock::now();
  Must(repl::Load(dst, dir, {}), "bootstrap load");
  run.load_s = Since(t);
  return run;
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
  const std::string dumps =
      flags.dump_dir.empty() ? root
                             : flags.dump_dir + "/cellar_repl_bench." + std::to_string(::getpid());
  fs::create_directories(dumps);
  auto src = Must(Store::Open(root + "/src"), "open source");
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

  // Each mode loads into its own replica; the incremental goes to the last one.
  std::vector<std::pair<std::string, BootstrapRun>> boots;
  std::unique_ptr<Store> dst;
  std::stringstream modes(flags.modes);
  for (std::string mode; std::getline(modes, mode, ',');) {
    dst.reset();
    dst = Must(Store::Open(root + "/dst-" + mode), "open replica");
    boots.emplace_back(mode, Bootstrap(*src, *dst, target, root + "/src", dumps + "/boot-" + mode,
                                       mode == "files", flags.cold));
  }

  std::cout << "writing " << events << " events ..." << std::endl;
  {  // one put per event (an atomic write of many rows is one event)
    auto table = Must(src->OpenTable(name), "open table");
    for (int64_t i = 0; i < events; ++i) {
      char row[32];
      std::snprintf(row, sizeof(row), "ev%012lld", static_cast<long long>(i));
      Must(table->Put(Put(row).AddColumn("f", "v", std::string(100, 'e'))), "event put");
    }
  }
  auto t = SteadyClock::now();
  repl::DumpOptions inc_opts;
  inc_opts.from = boots.back().second.last_event_id;
  inc_opts.dir = dumps + "/inc";
  auto inc = Must(repl::Dump(*src, target, inc_opts), "incremental dump");
  const double inc_dump_s = Since(t);
  t = SteadyClock::now();
  auto loaded = Must(repl::Load(*dst, inc_opts.dir, {}), "incremental load");
  const double inc_load_s = Since(t);

  std::printf("\ncellar_repl_bench  rows=%lld value=%zuB events=%lld\n",
              static_cast<long long>(rows), value_size, static_cast<long long>(events));
  for (const auto& [mode, run] : boots) {
    std::printf("%-34s %8.1f MB in %6.2f s  %8.1f MB/s\n",
                ("bootstrap dump (" + mode + ")").c_str(), run.mb, run.dump_s, run.mb / run.dump_s);
    std::printf("%-34s %8.1f MB in %6.2f s  %8.1f MB/s\n",
                ("bootstrap load (" + mode + ")").c_str(), run.mb, run.load_s, run.mb / run.load_s);
  }
  std::printf("%-34s %8llu ev in %6.2f s  %8.0f events/s\n", "incremental dump",
              static_cast<unsigned long long>(inc.records), inc_dump_s, inc.records / inc_dump_s);
  std::printf("%-34s %8llu ev in %6.2f s  %8.0f events/s\n", "incremental load",
              static_cast<unsigned long long>(loaded.applied), inc_load_s,
              loaded.applied / inc_load_s);
  src.reset();
  dst.reset();
  fs::remove_all(root);
  fs::remove_all(dumps);
  return 0;
}

}  // namespace
}  // namespace cellar

int main(int argc, char** argv) { return cellar::Main(argc, argv); }
