// cellar_store_bench: runs each workload on the Cellar store and on raw RocksDB, with identical
// keys and values, in the same process, and prints ops/s for both and the ratio cellar/rocksdb.
//
// Why it is built this way (see docs/benchmarks.md for the figures and how to run it):
//  - The raw peer is configured like the store: sizes from Cellar's public defaults (StoreOptions,
//    ColumnFamilyDescriptor), so it follows when they change, and the table and DB options of
//    src/store (no compression, 10 bits/key bloom filter, WAL on with sync=false, ...). Where
//    Cellar's choice comes from its data model (a row-prefix bloom filter) the peer gets the flat
//    equivalent (a whole-key bloom filter).
//  - A Cellar cell (row, family "f", qualifier) maps to the raw key row + "f" + qualifier, the
//    natural flat mapping; the value bytes are the same.
//  - Each engine runs all workloads in its own temp directory and is closed and deleted before the
//    next engine starts, so no engine's background flushes or compactions run during another's
//    timed loop.
//  - Only the request loop is timed. Before the reads, each engine flushes and fully compacts
//    (untimed, but reported), so gets and scans see the same LSM shape on both sides.
//  - Every read is checked (row found, value size, cell count): a fast wrong answer fails the run.

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/version.h>
#include <rocksdb/write_batch.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench_flags.h"
#include "cellar/mutation.h"
#include "cellar/query.h"
#include "cellar/schema.h"
#include "cellar/status.h"
#include "cellar/store.h"
#include "cellar/table.h"

namespace cellar::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::string_view kFamily = "f";

// Command-line settings. Defaults run in about a minute on 2 idle cores.
struct Flags {
  int64_t puts = 500000;     // single-cell random puts (and the rows the gets read)
  int64_t rows = 100000;     // rows of "columns" cells, written one Put / one WriteBatch each
  int64_t columns = 10;      // cells per row in the batched-put workload
  int64_t gets = 500000;     // random point gets of single-cell rows
  int64_t value_size = 100;  // bytes per value
  int64_t seed = 42;
  int64_t repeat = 1;   // rounds; each figure is the best round (see docs/benchmarks.md)
  bool scope1 = true;   // also run Cellar with replication_scope = 1
  bool keep = false;    // keep the temp directories
  bool scan_only = false;  // time only the full scan (e.g. under callgrind; see docs/benchmarks.md)
  bool cpu_time = false;   // time by the calling thread's CPU time instead of the wall clock
  double target = 0.8;  // the ratio each workload should reach
  std::string dir;      // parent of the temp directories; default: the system temp dir
  std::string json;     // write machine-readable results here when set
};

// Declares the flags on "app", each writing into "f" (whose values are the defaults).
void AddFlags(CLI::App& app, Flags& f) {
  ShowDefaults(app);
  app.add_option("--puts", f.puts, "single-cell random puts (and the rows the gets read)")
      ->check(CLI::Range(int64_t{1}, int64_t{UINT32_MAX}));
  app.add_option("--rows", f.rows, "rows of --columns cells, one Put / one WriteBatch each")
      ->check(CLI::Range(int64_t{1}, int64_t{UINT32_MAX}));
  app.add_option("--columns", f.columns, "cells per row in the batched-put workload")
      ->check(CLI::Range(int64_t{1}, int64_t{1000}));
  app.add_option("--gets", f.gets, "random point gets of single-cell rows")
      ->check(CLI::Range(int64_t{1}, INT64_MAX));
  app.add_option("--value-size", f.value_size, "bytes per value")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 24));
  app.add_option("--seed", f.seed, "seed of the keys, values and get order")
      ->check(CLI::Range(int64_t{0}, INT64_MAX));
  app.add_option("--repeat", f.repeat, "rounds; each figure is the best round")
      ->check(CLI::Range(int64_t{1}, int64_t{1000}));
  app.add_flag_callback(
      "--no-scope1", [&f] { f.scope1 = false; }, "skip the Cellar run with replication_scope = 1");
  app.add_option("--target", f.target, "the ratio each workload should reach")->check(Positive());
  app.add_option("--dir", f.dir, "parent of the temp directories (default: the system temp dir)");
  app.add_flag("--keep", f.keep, "keep the temp directories");
  app.add_flag("--cpu-time", f.cpu_time,
               "time each loop by the calling thread's CPU time (user + system), which other "
               "processes do not inflate, instead of the wall clock; background flushes and "
               "compactions are then not counted on either side");
  app.add_flag("--scan-only", f.scan_only,
               "write and compact as usual, then run only the full scan (no gets); for "
               "valgrind --tool=callgrind --toggle-collect='*ScanAll*'");
  app.add_option("--json", f.json, "write machine-readable results to this file");
}

// The keys and values every engine writes, generated once so that all engines see the same bytes
// in the same order.
struct Dataset {
  std::vector<std::string> cell_rows;   // rows of the single-cell puts, in (shuffled) write order
  std::vector<std::string> wide_rows;   // rows of the batched puts, in (shuffled) write order
  std::vector<std::string> qualifiers;  // "c0", "c1", ...
  std::vector<uint32_t> get_order;      // indexes into cell_rows, uniformly random
  std::string value_pool;               // random bytes; values are slices of it
  size_t value_size = 0;

  // The value of the "i"-th cell written.
  std::string_view Value(size_t i) const {
    size_t span = value_pool.size() - value_size;
    return std::string_view(value_pool).substr((i * 7919) % span, value_size);
  }
  int64_t TotalCells() const {
    return static_cast<int64_t>(cell_rows.size() + wide_rows.size() * qualifiers.size());
  }
  // Row + qualifier bytes of every cell.
  int64_t TotalKeyBytes() const {
    size_t bytes = 0;
    for (const std::string& row : cell_rows) bytes += row.size() + qualifiers[0].size();
    for (const std::string& row : wide_rows) {
      for (const std::string& q : qualifiers) bytes += row.size() + q.size();
    }
    return static_cast<int64_t>(bytes);
  }
};

std::vector<std::string> ShuffledRows(const char* prefix, int64_t n, std::mt19937_64& rng) {
  std::vector<uint32_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0u);
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<std::string> rows;
  rows.reserve(order.size());
  char buf[64];
  for (uint32_t i : order) {
    std::snprintf(buf, sizeof buf, "%s%012" PRIu32, prefix, i);
    rows.emplace_back(buf);
  }
  return rows;
}

Dataset MakeDataset(const Flags& f) {
  std::mt19937_64 rng(static_cast<uint64_t>(f.seed));
  Dataset d;
  d.value_size = static_cast<size_t>(f.value_size);
  d.cell_rows = ShuffledRows("user", f.puts, rng);
  d.wide_rows = ShuffledRows("wide", f.rows, rng);
  for (int64_t c = 0; c < f.columns; ++c)
    d.qualifiers.push_back(std::string("c").append(std::to_string(c)));
  std::uniform_int_distribution<uint32_t> pick(0, static_cast<uint32_t>(f.puts - 1));
  d.get_order.resize(static_cast<size_t>(f.gets));
  for (auto& g : d.get_order) g = pick(rng);
  d.value_pool.resize((1u << 20) + d.value_size);
  for (auto& ch : d.value_pool) ch = static_cast<char>(rng());
  return d;
}

// What a full scan saw; both engines must see the same. A scan reads what tells its cells apart
// (row and qualifier: Cellar's cell views, the raw key) and the values.
struct ScanTotals {
  int64_t cells = 0;
  int64_t key_bytes = 0;  // row + qualifier of every cell
  int64_t value_bytes = 0;
};

// One store under test. Not thread-safe; the benchmark is single-threaded on purpose (it measures
// per-operation overhead, not concurrency).
class Engine {
 public:
  virtual ~Engine() = default;
  // Writes one cell (row, kFamily, "qualifier") = "value".
  virtual Status PutCell(const std::string& row, const std::string& qualifier,
                         std::string_view value) = 0;
  // Writes one row of cells (row, kFamily, qualifiers[i]) = Value(first_value + i), atomically.
  virtual Status PutRow(const std::string& row, const Dataset& d, size_t first_value) = 0;
  // Reads the row; returns the total value bytes. NotFound when the row has no cells.
  virtual Result<int64_t> GetRow(const std::string& row) = 0;
  // Flushes memtables and compacts everything, so reads hit SST files of the same shape.
  virtual Status FlushAndCompact() = 0;
  // Reads every cell with the fastest API a performance-minded user would pick.
  virtual Result<ScanTotals> ScanAll() = 0;
  // As ScanAll, with each cell copied out into memory the caller owns.
  virtual Result<ScanTotals> ScanAllOwned() = 0;
  virtual uint64_t LiveSstBytes() = 0;
};

Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return Status::Ok();
  return Status::Internal("rocksdb " + std::string(what) + ": " + s.ToString());
}

// The peer: plain RocksDB, default column family, configured like the store.
class RawRocksDb final : public Engine {
 public:
  // Tuning knobs copy the store's (src/store/rocks_options.cc, engine.cc); data-model choices get
  // the flat equivalent: a whole-key bloom filter where Cellar filters on the row prefix.
  static Result<std::unique_ptr<RawRocksDb>> Open(const std::string& dir) {
    StoreOptions store_defaults;
    ColumnFamilyDescriptor family_defaults;
    rocksdb::BlockBasedTableOptions table;
    table.block_cache = rocksdb::NewLRUCache(store_defaults.block_cache_bytes);
    table.block_size = static_cast<size_t>(family_defaults.block_size);
    table.format_version = 5;
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10, /*use_block_based_builder=*/false));
    table.whole_key_filtering = true;
    table.cache_index_and_filter_blocks = true;
    table.cache_index_and_filter_blocks_with_high_priority = true;
    rocksdb::Options options;
    options.create_if_missing = true;
    options.compression = rocksdb::kNoCompression;
    options.bottommost_compression = rocksdb::kNoCompression;
    options.write_buffer_size = store_defaults.write_buffer_bytes;
    options.memtable_prefix_bloom_size_ratio = 0.05;
    options.memtable_whole_key_filtering = true;
    options.level_compaction_dynamic_level_bytes = true;
    options.max_background_jobs = std::max(2, store_defaults.background_threads);
    options.max_total_wal_size = 512u << 20;
    options.bytes_per_sync = 1u << 20;
    options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    rocksdb::DB* db = nullptr;
    CELLAR_RETURN_IF_ERROR(FromRocks(rocksdb::DB::Open(options, dir, &db), "open " + dir));
    return std::unique_ptr<RawRocksDb>(new RawRocksDb(std::unique_ptr<rocksdb::DB>(db)));
  }

  Status PutCell(const std::string& row, const std::string& qualifier,
                 std::string_view value) override {
    MakeKey(row, qualifier);
    return FromRocks(db_->Put(write_options_, key_, value), "put");
  }

  Status PutRow(const std::string& row, const Dataset& d, size_t first_value) override {
    batch_.Clear();
    for (size_t i = 0; i < d.qualifiers.size(); ++i) {
      MakeKey(row, d.qualifiers[i]);
      CELLAR_RETURN_IF_ERROR(FromRocks(batch_.Put(key_, d.Value(first_value + i)), "batch put"));
    }
    return FromRocks(db_->Write(write_options_, &batch_), "write");
  }

  // A single-cell row is one key, so a Get of the row is one db->Get (bloom filter included).
  Result<int64_t> GetRow(const std::string& row) override {
    MakeKey(row, "c0");
    rocksdb::Status s = db_->Get(read_options_, key_, &value_);
    if (s.IsNotFound()) return Status::NotFound("rocksdb: no key for row " + row);
    CELLAR_RETURN_IF_ERROR(FromRocks(s, "get"));
    return static_cast<int64_t>(value_.size());
  }

  Status FlushAndCompact() override {
    CELLAR_RETURN_IF_ERROR(FromRocks(db_->Flush(rocksdb::FlushOptions()), "flush"));
    rocksdb::CompactRangeOptions compact;
    compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForceOptimized;
    return FromRocks(db_->CompactRange(compact, nullptr, nullptr), "compact");
  }

  Result<ScanTotals> ScanAll() override { return Iterate("scan"); }

  // The raw iterator's key and value are already the bytes a caller reads, and copying them out
  // is not what a raw user does: the same loop as ScanAll.
  Result<ScanTotals> ScanAllOwned() override { return Iterate("second scan"); }

  uint64_t LiveSstBytes() override {
    uint64_t bytes = 0;
    db_->GetIntProperty(rocksdb::DB::Properties::kLiveSstFilesSize, &bytes);
    return bytes;
  }

 private:
  explicit RawRocksDb(std::unique_ptr<rocksdb::DB> db) : db_(std::move(db)) {
    // As Cellar's data families: no range deletions are ever written, so none are looked for.
    read_options_.ignore_range_deletions = true;
  }

  // Not named *ScanAll*, so that callgrind's --toggle-collect='*ScanAll*' toggles once per scan;
  // "what" names the scan in errors (and keeps ScanAll and ScanAllOwned apart for callgrind).
  [[gnu::noinline]] Result<ScanTotals> Iterate(const char* what) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options_));
    ScanTotals totals;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ++totals.cells;
      totals.key_bytes += static_cast<int64_t>(it->key().size() - kFamily.size());
      totals.value_bytes += static_cast<int64_t>(it->value().size());
    }
    CELLAR_RETURN_IF_ERROR(FromRocks(it->status(), what));
    return totals;
  }

  void MakeKey(const std::string& row, std::string_view qualifier) {
    key_.assign(row);
    key_.append(kFamily);
    key_.append(qualifier);
  }

  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::WriteOptions write_options_;  // WAL on, sync=false: RocksDB's (and Cellar's) default
  rocksdb::ReadOptions read_options_;
  rocksdb::WriteBatch batch_;            // reused across rows, as a careful raw user would
  std::string key_;
  std::string value_;
};

// The Cellar store, table "bench:t" with one family "f" of the given replication scope, used
// through the public API only, with default options.
class CellarStore final : public Engine {
 public:
  static Result<std::unique_ptr<CellarStore>> Open(const std::string& dir, int32_t scope) {
    std::unique_ptr<CellarStore> engine(new CellarStore());
    CELLAR_ASSIGN_OR_RETURN(engine->store_, Store::Open(dir));
    engine->name_ = TableName{"bench", "t"};
    CELLAR_RETURN_IF_ERROR(engine->store_->admin().CreateNamespace("bench"));
    TableDescriptor desc;
    desc.name = engine->name_;
    ColumnFamilyDescriptor family;
    family.name = std::string(kFamily);
    family.replication_scope = scope;
    desc.families.push_back(family);
    CELLAR_RETURN_IF_ERROR(engine->store_->admin().CreateTable(desc));
    CELLAR_ASSIGN_OR_RETURN(engine->table_, engine->store_->OpenTable(engine->name_));
    return engine;
  }

  Status PutCell(const std::string& row, const std::string& qualifier,
                 std::string_view value) override {
    cellar::Put put(row);
    put.AddColumn(std::string(kFamily), qualifier, std::string(value));
    return table_->Put(put);
  }

  Status PutRow(const std::string& row, const Dataset& d, size_t first_value) override {
    cellar::Put put(row);
    for (size_t i = 0; i < d.qualifiers.size(); ++i) {
      put.AddColumn(std::string(kFamily), d.qualifiers[i], std::string(d.Value(first_value + i)));
    }
    return table_->Put(put);
  }

  // Into one reused RowResult (Table::GetInto), as the raw side reads into one reused string.
  Result<int64_t> GetRow(const std::string& row) override {
    CELLAR_RETURN_IF_ERROR(table_->GetInto(cellar::Get(row), &got_));
    if (got_.empty()) return Status::NotFound("cellar: no cells for row " + row);
    int64_t bytes = 0;
    for (const Cell& cell : got_.cells()) bytes += static_cast<int64_t>(cell.value.size());
    return bytes;
  }

  Status FlushAndCompact() override {
    CELLAR_RETURN_IF_ERROR(store_->admin().Flush(name_));
    return store_->admin().MajorCompact(name_);
  }

  // ResultScanner::NextView: the cells are views into the scanner's per-row buffer.
  Result<ScanTotals> ScanAll() override {
    CELLAR_ASSIGN_OR_RETURN(std::unique_ptr<ResultScanner> scanner, table_->GetScanner(Scan()));
    ScanTotals totals;
    RowView row;
    while (true) {
      CELLAR_ASSIGN_OR_RETURN(bool found, scanner->NextView(&row));
      if (!found) break;
      for (const CellView& cell : row.cells()) {
        ++totals.cells;
        totals.key_bytes += static_cast<int64_t>(cell.row.size() + cell.qualifier.size());
        totals.value_bytes += static_cast<int64_t>(cell.value.size());
      }
    }
    return totals;
  }

  // ResultScanner::NextInto: each cell copied into a Cell of owned strings.
  Result<ScanTotals> ScanAllOwned() override {
    CELLAR_ASSIGN_OR_RETURN(std::unique_ptr<ResultScanner> scanner, table_->GetScanner(Scan()));
    ScanTotals totals;
    RowResult row;  // reused: the scanner refills its cells' buffers (ResultScanner::NextInto)
    while (true) {
      CELLAR_ASSIGN_OR_RETURN(bool found, scanner->NextInto(&row));
      if (!found) break;
      for (const Cell& cell : row.cells()) {
        ++totals.cells;
        totals.key_bytes += static_cast<int64_t>(cell.row.size() + cell.qualifier.size());
        totals.value_bytes += static_cast<int64_t>(cell.value.size());
      }
    }
    return totals;
  }

  uint64_t LiveSstBytes() override {
    Result<StoreStats> stats = store_->Stats();
    return stats.ok() ? stats->live_sst_bytes : 0;
  }

 private:
  CellarStore() = default;

  TableName name_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Table> table_;  // declared after store_: destroyed first, as Store requires
  RowResult got_;                 // the gets' result, refilled by each
};

// The figures of one engine over all workloads.
struct EngineRun {
  double put_cell_s = 0;  // seconds for all single-cell puts
  double put_row_s = 0;   // seconds for all row puts
  double get_s = 0;
  double scan_first_s = 0;  // ScanAll, the first scan: blocks the gets did not read are uncached
  double scan_s = 0;        // ScanAll again, every block cached
  double scan_owned_s = 0;  // ScanAllOwned, every block cached
  double compact_s = 0;     // untimed setup before reads, reported for information
  uint64_t sst_bytes = 0;
};

// Measures the seconds since it was made: of the wall clock, or of the calling thread's CPU time
// (user + system; time the thread waits for the CPU while other processes run is not counted).
class Stopwatch {
 public:
  explicit Stopwatch(bool cpu_time) : cpu_time_(cpu_time), start_(Now()) {}
  double Seconds() const { return Now() - start_; }

 private:
  double Now() const {
    if (cpu_time_) {
      timespec ts;
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
      return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
    }
    return std::chrono::duration<double>(SteadyClock::now().time_since_epoch()).count();
  }

  bool cpu_time_;
  double start_;
};

// Runs "op" once per index in [0, n) and returns the seconds taken; stops at the first error.
Result<double> TimeLoop(size_t n, const std::function<Status(size_t)>& op, bool cpu_time) {
  Stopwatch watch(cpu_time);
  for (size_t i = 0; i < n; ++i) CELLAR_RETURN_IF_ERROR(op(i));
  return watch.Seconds();
}

Status RunWrites(Engine& e, const Dataset& d, bool cpu_time, EngineRun& run) {
  const std::string& q0 = d.qualifiers[0];
  CELLAR_ASSIGN_OR_RETURN(
      run.put_cell_s,
      TimeLoop(
          d.cell_rows.size(), [&](size_t i) { return e.PutCell(d.cell_rows[i], q0, d.Value(i)); },
          cpu_time));
  size_t cols = d.qualifiers.size();
  CELLAR_ASSIGN_OR_RETURN(
      run.put_row_s,
      TimeLoop(
          d.wide_rows.size(),
          [&](size_t i) { return e.PutRow(d.wide_rows[i], d, d.cell_rows.size() + i * cols); },
          cpu_time));
  return Status::Ok();
}

Status RunGets(Engine& e, const Dataset& d, bool cpu_time, EngineRun& run) {
  CELLAR_ASSIGN_OR_RETURN(
      run.get_s,
      TimeLoop(
          d.get_order.size(),
          [&](size_t i) -> Status {
            CELLAR_ASSIGN_OR_RETURN(int64_t bytes, e.GetRow(d.cell_rows[d.get_order[i]]));
            if (bytes != static_cast<int64_t>(d.value_size)) {
              return Status::Internal("get returned " + std::to_string(bytes) +
                                      " value bytes, expected " + std::to_string(d.value_size));
            }
            return Status::Ok();
          },
          cpu_time));
  return Status::Ok();
}

// Times "scan" into "seconds" and checks that it saw every cell.
Status TimeScan(const std::function<Result<ScanTotals>()>& scan, const Dataset& d, bool cpu_time,
                double* seconds) {
  Stopwatch watch(cpu_time);
  CELLAR_ASSIGN_OR_RETURN(ScanTotals totals, scan());
  *seconds = watch.Seconds();
  if (totals.cells != d.TotalCells() || totals.key_bytes != d.TotalKeyBytes() ||
      totals.value_bytes != d.TotalCells() * static_cast<int64_t>(d.value_size)) {
    return Status::Internal("scan saw " + std::to_string(totals.cells) + " cells with " +
                            std::to_string(totals.key_bytes) + " row + qualifier bytes, expected " +
                            std::to_string(d.TotalCells()) + " with " +
                            std::to_string(d.TotalKeyBytes()));
  }
  return Status::Ok();
}

// Three scans: the first reads the blocks the gets left uncached from the table files; the owned
// and the second view scan find every block cached, so the two read APIs compare like for like.
Status RunScans(Engine& e, const Dataset& d, bool cpu_time, EngineRun& run) {
  CELLAR_RETURN_IF_ERROR(TimeScan([&] { return e.ScanAll(); }, d, cpu_time, &run.scan_first_s));
  CELLAR_RETURN_IF_ERROR(
      TimeScan([&] { return e.ScanAllOwned(); }, d, cpu_time, &run.scan_owned_s));
  return TimeScan([&] { return e.ScanAll(); }, d, cpu_time, &run.scan_s);
}

Result<EngineRun> RunEngine(Engine& e, const Dataset& d, const Flags& f) {
  EngineRun run;
  CELLAR_RETURN_IF_ERROR(RunWrites(e, d, f.cpu_time, run));
  auto start = SteadyClock::now();
  CELLAR_RETURN_IF_ERROR(e.FlushAndCompact());
  run.compact_s = std::chrono::duration<double>(SteadyClock::now() - start).count();
  if (!f.scan_only) CELLAR_RETURN_IF_ERROR(RunGets(e, d, f.cpu_time, run));
  CELLAR_RETURN_IF_ERROR(RunScans(e, d, f.cpu_time, run));
  run.sst_bytes = e.LiveSstBytes();
  return run;
}

using EngineOpener = std::function<Result<std::unique_ptr<Engine>>(const std::string& dir)>;

// One engine under test: how to open it, and its best figures so far.
struct Contender {
  std::string label;
  std::string subdir;  // of the temp directory; one per round
  EngineOpener open;
  std::optional<EngineRun> best;
};

// Keeps, for each figure, the fastest round: the one least disturbed by other load on the machine.
void KeepBest(std::optional<EngineRun>& best, const EngineRun& run) {
  if (!best) {
    best = run;
    return;
  }
  best->put_cell_s = std::min(best->put_cell_s, run.put_cell_s);
  best->put_row_s = std::min(best->put_row_s, run.put_row_s);
  best->get_s = std::min(best->get_s, run.get_s);
  best->scan_first_s = std::min(best->scan_first_s, run.scan_first_s);
  best->scan_s = std::min(best->scan_s, run.scan_s);
  best->scan_owned_s = std::min(best->scan_owned_s, run.scan_owned_s);
  best->compact_s = std::min(best->compact_s, run.compact_s);
}

// Opens the engine in "dir", runs it, closes it and deletes "dir" (unless "keep"), then syncs,
// so that none of its I/O overlaps the next engine's timed loops.
Status RunContender(Contender& c, const std::string& dir, const Flags& f, const Dataset& d) {
  std::fprintf(stderr, "running %s in %s ...\n", c.label.c_str(), dir.c_str());
  Result<EngineRun> run = [&]() -> Result<EngineRun> {
    CELLAR_ASSIGN_OR_RETURN(std::unique_ptr<Engine> engine, c.open(dir));
    return RunEngine(*engine, d, f);  // the engine closes here, before the next starts
  }();
  std::error_code ignored;
  if (!f.keep) std::filesystem::remove_all(dir, ignored);
  ::sync();
  if (!run.ok()) return run.status().WithContext(c.label);
  KeepBest(c.best, *run);
  return Status::Ok();
}

// One line of the report.
struct Row {
  std::string key;    // for JSON
  std::string label;  // for the table
  int64_t ops;
  double cellar_s, rocksdb_s;
  std::optional<double> scope1_s;
};

// Everything printed: the rows and what the machine looked like.
struct Report {
  std::vector<Row> rows;
  EngineRun raw, c0;
  std::optional<EngineRun> c1;
  std::string date;        // when the run started
  std::string load_start;  // 1-minute load average when the run started
  std::string load_end;
};

std::vector<Row> MakeRows(const Dataset& d, const EngineRun& raw, const EngineRun& c0,
                          const std::optional<EngineRun>& c1) {
  auto s1 = [&](double EngineRun::*field) -> std::optional<double> {
    return c1 ? std::optional<double>((*c1).*field) : std::nullopt;
  };
  int64_t puts = static_cast<int64_t>(d.cell_rows.size());
  int64_t rows = static_cast<int64_t>(d.wide_rows.size());
  int64_t gets = static_cast<int64_t>(d.get_order.size());
  std::string row_label = "put row of " + std::to_string(d.qualifiers.size()) + " cells";
  return {
      {"put_cell", "put 1 cell, random row", puts, c0.put_cell_s, raw.put_cell_s,
       s1(&EngineRun::put_cell_s)},
      {"put_row", row_label, rows, c0.put_row_s, raw.put_row_s, s1(&EngineRun::put_row_s)},
      {"get_row", "get random row (SST)", gets, c0.get_s, raw.get_s, s1(&EngineRun::get_s)},
      {"scan_cells_first", "first full scan (views)", d.TotalCells(), c0.scan_first_s,
       raw.scan_first_s, s1(&EngineRun::scan_first_s)},
      {"scan_cells", "full scan (cells, views)", d.TotalCells(), c0.scan_s, raw.scan_s,
       s1(&EngineRun::scan_s)},
      {"scan_cells_owned", "full scan (cells, owned)", d.TotalCells(), c0.scan_owned_s,
       raw.scan_owned_s, s1(&EngineRun::scan_owned_s)},
  };
}

// The 1-minute load average, to judge how busy the machine was; "null" where unknown.
std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  return in >> one ? one : "null";
}

std::string Now() {
  std::time_t t = std::time(nullptr);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %Z", std::localtime(&t));
  return buf;
}

void PrintTable(const Flags& f, const Report& report) {
  const auto& [rows, raw, c0, c1, date, load_start, load_end] = report;
  std::printf("cellar_store_bench  %s  cores=%u  load %s at start, %s at end  rocksdb %d.%d.%d\n",
              date.c_str(), std::thread::hardware_concurrency(), load_start.c_str(),
              load_end.c_str(), ROCKSDB_MAJOR, ROCKSDB_MINOR, ROCKSDB_PATCH);
  std::printf("puts=%" PRId64 " rows=%" PRId64 "x%" PRId64 " gets=%" PRId64 " value=%" PRId64
              "B seed=%" PRId64 " repeat=%" PRId64 " (best round)  timed by %s\n\n",
              f.puts, f.rows, f.columns, f.gets, f.value_size, f.seed, f.repeat,
              f.cpu_time ? "thread CPU time" : "wall clock");
  std::printf("%-26s %10s %14s %14s %7s\n", "workload (scope 0)", "ops", "cellar ops/s",
              "rocksdb ops/s", "ratio");
  for (const Row& r : rows) {
    double ratio = r.rocksdb_s / r.cellar_s;
    std::printf("%-26s %10" PRId64 " %14.0f %14.0f %7.2f%s\n", r.label.c_str(), r.ops,
                r.ops / r.cellar_s, r.ops / r.rocksdb_s, ratio,
                ratio < f.target ? "  < target" : "");
  }
  if (c1) {
    std::printf("\n%-26s %10s %14s %14s %7s %9s\n", "workload (scope 1)", "ops", "cellar ops/s",
                "rocksdb ops/s", "ratio", "vs scope0");
    for (const Row& r : rows) {
      std::printf("%-26s %10" PRId64 " %14.0f %14.0f %7.2f %9.2f\n", r.label.c_str(), r.ops,
                  r.ops / *r.scope1_s, r.ops / r.rocksdb_s, r.rocksdb_s / *r.scope1_s,
                  r.cellar_s / *r.scope1_s);
    }
  }
  std::printf("\nuntimed flush + full compaction before reads: rocksdb %.2f s, cellar %.2f s",
              raw.compact_s, c0.compact_s);
  if (c1) std::printf(", cellar scope 1 %.2f s", c1->compact_s);
  std::printf("\nlive SST bytes after compaction: rocksdb %" PRIu64 ", cellar %" PRIu64,
              raw.sst_bytes, c0.sst_bytes);
  if (c1) std::printf(", cellar scope 1 %" PRIu64, c1->sst_bytes);
  std::printf("\n");
}

std::string JsonNumber(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string JsonRow(const Row& r) {
  std::string s = "    {\"workload\": \"" + r.key + "\", \"ops\": " + std::to_string(r.ops) +
                  ", \"cellar_ops_per_s\": " + JsonNumber(r.ops / r.cellar_s) +
                  ", \"rocksdb_ops_per_s\": " + JsonNumber(r.ops / r.rocksdb_s) +
                  ", \"ratio\": " + JsonNumber(r.rocksdb_s / r.cellar_s);
  if (r.scope1_s) {
    s += ", \"cellar_scope1_ops_per_s\": " + JsonNumber(r.ops / *r.scope1_s) +
         ", \"scope1_ratio\": " + JsonNumber(r.rocksdb_s / *r.scope1_s) +
         ", \"scope1_vs_scope0\": " + JsonNumber(r.cellar_s / *r.scope1_s);
  }
  return s + "}";
}

std::string JsonEngine(const char* name, const EngineRun& e) {
  return std::string("    \"") + name + "\": {\"flush_compact_s\": " + JsonNumber(e.compact_s) +
         ", \"live_sst_bytes\": " + std::to_string(e.sst_bytes) + "}";
}

Status WriteJson(const Flags& f, const Report& report) {
  const auto& [rows, raw, c0, c1, date, load_start, load_end] = report;
  std::ofstream out(f.json);
  if (!out) return Status::InvalidArgument("cannot write --json file " + f.json);
  out << "{\n  \"date\": \"" << date << "\",\n  \"cores\": " << std::thread::hardware_concurrency()
      << ",\n  \"load_average_1m\": {\"start\": " << load_start << ", \"end\": " << load_end
      << "},\n  \"rocksdb_version\": \"" << ROCKSDB_MAJOR << "." << ROCKSDB_MINOR << "."
      << ROCKSDB_PATCH << "\",\n  \"params\": {\"puts\": " << f.puts << ", \"rows\": " << f.rows
      << ", \"columns\": " << f.columns << ", \"gets\": " << f.gets
      << ", \"value_size\": " << f.value_size << ", \"seed\": " << f.seed
      << ", \"repeat\": " << f.repeat << ", \"target_ratio\": " << JsonNumber(f.target)
      << ", \"timing\": \"" << (f.cpu_time ? "thread_cpu" : "wall") << "\""
      << "},\n  \"workloads\": [\n";
  for (size_t i = 0; i < rows.size(); ++i)
    out << JsonRow(rows[i]) << (i + 1 < rows.size() ? ",\n" : "\n");
  out << "  ],\n  \"setup\": {\n"
      << JsonEngine("rocksdb", raw) << ",\n"
      << JsonEngine("cellar", c0);
  if (c1) out << ",\n" << JsonEngine("cellar_scope1", *c1);
  out << "\n  }\n}\n";
  out.close();
  if (!out) return Status::Internal("error writing --json file " + f.json);
  return Status::Ok();
}

Result<std::string> MakeTempDir(const Flags& f) {
  std::filesystem::path parent =
      f.dir.empty() ? std::filesystem::temp_directory_path() : std::filesystem::path(f.dir);
  std::string tmpl = (parent / "cellar_store_bench.XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) {
    return Status::InvalidArgument("cannot create a temp directory under " + parent.string() +
                                   "; pass --dir=PARENT");
  }
  return tmpl;
}

// Deletes a directory tree when it goes out of scope, unless "keep".
class TempDir {
 public:
  TempDir(std::string path, bool keep) : path_(std::move(path)), keep_(keep) {}
  ~TempDir() {
    std::error_code ignored;
    if (!keep_) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool keep_;
};

template <typename T>
EngineOpener Opener(std::function<Result<std::unique_ptr<T>>(const std::string&)> open) {
  return [open](const std::string& dir) -> Result<std::unique_ptr<Engine>> {
    CELLAR_ASSIGN_OR_RETURN(std::unique_ptr<T> engine, open(dir));
    return std::unique_ptr<Engine>(std::move(engine));
  };
}

Status Run(const Flags& f) {
  Report report;
  report.date = Now();
  report.load_start = LoadAverage();
  Dataset d = MakeDataset(f);
  CELLAR_ASSIGN_OR_RETURN(std::string base_path, MakeTempDir(f));
  TempDir temp(base_path, f.keep);
  using CellarOpen = std::function<Result<std::unique_ptr<CellarStore>>(const std::string&)>;
  std::vector<Contender> contenders;
  contenders.push_back({"rocksdb", "rocksdb", Opener<RawRocksDb>(&RawRocksDb::Open), {}});
  for (int32_t scope : {0, 1}) {
    if (scope == 1 && !f.scope1) continue;
    CellarOpen open = [scope](const std::string& dir) { return CellarStore::Open(dir, scope); };
    contenders.push_back({"cellar scope " + std::to_string(scope),
                          "cellar" + std::to_string(scope),
                          Opener<CellarStore>(open),
                          {}});
  }
  for (int64_t round = 0; round < f.repeat; ++round) {
    // Odd rounds run in reverse order, so that no engine always goes first.
    for (size_t i = 0; i < contenders.size(); ++i) {
      size_t k = round % 2 == 0 ? i : contenders.size() - 1 - i;
      std::string dir = temp.path() + "/" + contenders[k].subdir + "." + std::to_string(round);
      CELLAR_RETURN_IF_ERROR(RunContender(contenders[k], dir, f, d));
    }
  }
  report.load_end = LoadAverage();
  report.raw = *contenders[0].best;
  report.c0 = *contenders[1].best;
  if (f.scope1) report.c1 = contenders[2].best;
  report.rows = MakeRows(d, report.raw, report.c0, report.c1);
  if (f.scan_only) {
    std::erase_if(report.rows, [](const Row& r) { return !r.key.starts_with("scan"); });
  }
  PrintTable(f, report);
  if (!f.json.empty()) CELLAR_RETURN_IF_ERROR(WriteJson(f, report));
  return Status::Ok();
}

}  // namespace
}  // namespace cellar::bench

int main(int argc, char** argv) {
  cellar::bench::Flags flags;
  CLI::App app{"Cellar store against raw RocksDB, same keys and values, in one run",
               "cellar_store_bench"};
  cellar::bench::AddFlags(app, flags);
  if (std::optional<int> code = cellar::bench::ParseBenchFlags(app, argc, argv)) return *code;
  cellar::Status s = cellar::bench::Run(flags);
  if (!s.ok()) {
    std::fprintf(stderr, "cellar_store_bench: %s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}
