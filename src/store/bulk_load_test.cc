// BulkLoader (cellar/bulk_loader.h): a load reads back exactly as the same mutations written with
// MutateRow (raw cells, versions, time ranges, NEW_VERSION_BEHAVIOR, KEEP_DELETED_CELLS, later
// writes and deletes over loaded rows, major compaction), whether it fits in memory or is spilled
// and merged; it is refused where it would not be safe; Abort and failures leave no trace; and
// readers see all of it or none. The crash cases are in tests/durability_test.cc.

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <random>
#include <thread>

#include "store/bulk_runs.h"
#include "store/test_util.h"

namespace cellar {
namespace {

using testing::Family;
using testing::StoreFixture;
using V = std::vector<std::string>;

const TableName kPut{"default", "by_put"};
const TableName kBulk{"default", "by_bulk"};

// Every cell "scan" returns, as one string each ("with_type": its type name too).
V ScanCells(Table& table, const Scan& scan, bool with_type) {
  V out;
  auto sc = table.GetScanner(scan);
  EXPECT_TRUE(sc.ok()) << sc.status().ToString();
  if (!sc.ok()) return {"<error>"};
  for (;;) {
    auto r = (*sc)->Next();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok() || !r->has_value()) break;
    for (const Cell& c : (*r)->cells()) {
      out.push_back(c.row + "/" + c.family + ":" + c.qualifier + "@" + std::to_string(c.timestamp) +
                    (with_type ? " " + std::string(CellTypeName(c.type)) : std::string()) + "=" +
                    c.value);
    }
  }
  return out;
}

// Every stored cell (raw: markers too), all versions, as one string each.
V RawDump(Table& table, TimeRange range = {}) {
  return ScanCells(table, Scan().SetRaw(true).SetMaxVersions(1000).SetTimeRange(range), true);
}

// What reads see: a scan with "versions" versions in "range".
V Visible(Table& table, int32_t versions, TimeRange range = {}) {
  return ScanCells(table, Scan().SetMaxVersions(versions).SetTimeRange(range), false);
}

// Random mutations of a few rows: puts of several versions (some at one timestamp, some at
// "now"), version / column / family / row deletes at explicit timestamps, in a shuffled row
// order with rows repeated, so that same-key replacement and marker ordering both matter.
std::vector<RowMutations> RandomMutations(uint32_t seed, int count) {
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint32_t>(n)); };
  const char* families[] = {"a", "b"};
  std::vector<RowMutations> out;
  for (int i = 0; i < count; ++i) {
    std::string row = "row" + std::to_string(pick(40));
    if (pick(10) == 0) row += std::string(1, '\0') + "x";  // an escaped byte in the key
    RowMutations m(row);
    const int64_t ts = 100 + pick(8);
    std::string fam = families[pick(2)];
    std::string qual = "q" + std::to_string(pick(3));
    switch (pick(8)) {
      case 0:
        m.Add(Delete(row).AddColumn(fam, qual, ts));
        break;
      case 1:
        m.Add(Delete(row).AddColumns(fam, qual, ts));
        break;
      case 2:
        m.Add(Delete(row).AddFamily(fam, ts));
        break;
      case 3:
        m.Add(Delete(row).AddFamilyVersion(fam, ts));
        break;
      case 4:
        m.Add(Delete(row, ts));
        break;
      case 5:  // a column set to NULL and another written, as `cellar pg` maps a row
        m.Add(Delete(row).AddColumns(fam, qual, ts));
        m.Add(Put(row, ts).AddColumn(fam, qual + "x", "v" + std::to_string(i)));
        break;
      case 6:
        m.Add(Put(row).AddColumn(fam, qual, "now" + std::to_string(i)));  // at the clock's now
        break;
      default:
        m.Add(Put(row, ts)
                  .AddColumn(fam, qual, "v" + std::to_string(i))
                  .AddColumn(families[pick(2)], "q" + std::to_string(pick(3)), ts + 1,
                             "w" + std::to_string(i)));
    }
    out.push_back(std::move(m));
  }
  return out;
}

struct Variant {
  const char* name;
  bool new_version_behavior;
  bool keep_deleted_cells;
  size_t memory_budget;  // small: many overlapping runs, merged at Finish
  int spill_threads = 2;
};
void PrintTo(const Variant& v, std::ostream* os) { *os << v.name; }

class BulkLoadTest : public StoreFixture, public ::testing::WithParamInterface<Variant> {
 protected:
  std::vector<ColumnFamilyDescriptor> Families() const {
    std::vector<ColumnFamilyDescriptor> fams = {Family("a", 3), Family("b", 2)};
    for (auto& f : fams) {
      f.new_version_behavior = GetParam().new_version_behavior;
      f.keep_deleted_cells = GetParam().keep_deleted_cells;
    }
    return fams;
  }

  // Creates by_put and by_bulk with Families() and opens them.
  void CreateBoth() {
    ASSERT_OK(store_->admin().CreateTable(TableDescriptor{kPut, Families()}));
    ASSERT_OK(store_->admin().CreateTable(TableDescriptor{kBulk, Families()}));
    put_ = std::move(store_->OpenTable(kPut)).value();
    bulk_ = std::move(store_->OpenTable(kBulk)).value();
  }

  // A loader into by_bulk with the variant's memory budget and spill threads; nullptr (and a
  // failure) if the store refuses one.
  std::unique_ptr<BulkLoader> NewLoader() {
    BulkLoadOptions opts;
    opts.memory_budget_bytes = GetParam().memory_budget;
    opts.spill_threads = GetParam().spill_threads;
    auto loader = store_->NewBulkLoader(kBulk, opts);
    EXPECT_TRUE(loader.ok()) << loader.status().ToString();
    return loader.ok() ? std::move(*loader) : nullptr;
  }

  void ExpectSameReads() {
    EXPECT_EQ(RawDump(*bulk_), RawDump(*put_));
    for (int32_t versions : {1, 2, 5}) {
      EXPECT_EQ(Visible(*bulk_, versions), Visible(*put_, versions)) << versions << " versions";
    }
    for (TimeRange range : {TimeRange{0, 104}, TimeRange{103, 106}, TimeRange::At(105)}) {
      EXPECT_EQ(Visible(*bulk_, 5, range), Visible(*put_, 5, range))
          << "[" << range.min << ", " << range.max << ")";
    }
    for (int r = 0; r < 40; r += 7) {
      Get get("row" + std::to_string(r));
      get.SetMaxVersions(3);
      auto a = bulk_->Get(get);
      auto b = put_->Get(get);
      ASSERT_TRUE(a.ok() && b.ok());
      EXPECT_EQ(Cells(*a), Cells(*b)) << "row" << r;
    }
  }

  std::unique_ptr<Table> put_;
  std::unique_ptr<Table> bulk_;
};

TEST_P(BulkLoadTest, ReadsBackAsMutateRowWrote) {
  CreateBoth();
  const auto mutations = RandomMutations(7, 600);
  auto loader = NewLoader();
  ASSERT_NE(loader, nullptr);
  for (const auto& m : mutations) {
    ASSERT_OK(put_->MutateRow(m));
    ASSERT_OK(loader->Add(m));
  }
  EXPECT_TRUE(RawDump(*bulk_).empty()) << "visible before Finish";
  auto stats = loader->Finish();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->rows_added, 600);
  EXPECT_GT(RawDump(*put_).size(), 150u);  // the mutations leave plenty to compare
  if (GetParam().memory_budget < 4096) {
    EXPECT_GT(stats->merged_runs, 1);
  }
  ExpectSameReads();

  // Later writes and deletes over the loaded rows, then a compaction and a reopen.
  clock_.Advance(1000);
  for (const auto& m : RandomMutations(8, 200)) {
    ASSERT_OK(put_->MutateRow(m));
    ASSERT_OK(bulk_->MutateRow(m));
  }
  ExpectSameReads();
  ASSERT_OK(store_->admin().MajorCompact(kPut));
  ASSERT_OK(store_->admin().MajorCompact(kBulk));
  ExpectSameReads();
  put_.reset();
  bulk_.reset();
  Reopen();
  put_ = std::move(store_->OpenTable(kPut)).value();
  bulk_ = std::move(store_->OpenTable(kBulk)).value();
  ExpectSameReads();
}

// AddCells (views, one timestamp per row) against the RowMutations it stands for, written with
// MutateRow: puts and DeleteColumn markers, rows repeated out of order and with escaped bytes.
TEST_P(BulkLoadTest, AddCellsReadsBackAsTheSameMutationsWrittenWithMutateRow) {
  CreateBoth();
  auto loader = NewLoader();
  ASSERT_NE(loader, nullptr);
  std::mt19937 rng(11);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint32_t>(n)); };
  for (int i = 0; i < 500; ++i) {
    std::string row = "row" + std::to_string(pick(40));
    if (pick(10) == 0) row += std::string(1, '\0') + "x";
    const int64_t ts = 100 + pick(8);
    const std::string value = "v" + std::to_string(i);
    std::vector<BulkCell> cells;
    std::optional<Put> put;
    std::optional<Delete> del;
    for (std::string_view family : {"a", "b"}) {
      for (std::string_view qualifier : {std::string_view("q0"), std::string_view("q\0z", 3)}) {
        if (pick(3) == 0) continue;
        if (pick(5) == 0) {
          cells.push_back(BulkCell{family, qualifier, "", CellType::kDeleteColumn});
          if (!del) del.emplace(row, ts);
          del->AddColumns(std::string(family), std::string(qualifier), ts);
        } else {
          cells.push_back(BulkCell{family, qualifier, value});
          if (!put) put.emplace(row, ts);
          put->AddColumn(std::string(family), std::string(qualifier), value);
        }
      }
    }
    if (cells.empty()) continue;
    RowMutations m(row);
    if (del) m.Add(std::move(*del));
    if (put) m.Add(std::move(*put));
    ASSERT_OK(put_->MutateRow(m));
    ASSERT_OK(loader->AddCells(row, ts, cells));
  }
  auto stats = loader->Finish();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_GT(RawDump(*put_).size(), 150u);
  ExpectSameReads();
}

// AddCells makes each key suffix (qualifier, timestamp, type) once and finds it again by the
// cell's position or near it: rows of random subsets of 40 columns (so positions move by up to
// 40), at 150 timestamps (over 4096 distinct suffixes: the cache starts over), read back as
// the same mutations written with MutateRow.
TEST_P(BulkLoadTest, AddCellsOfShiftingColumnsReadBackAsMutateRow) {
  CreateBoth();
  auto loader = NewLoader();
  ASSERT_NE(loader, nullptr);
  std::mt19937 rng(12);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint32_t>(n)); };
  std::vector<std::string> qualifiers;
  for (int q = 0; q < 40; ++q) qualifiers.push_back("c" + std::to_string(100 + q));
  for (int i = 0; i < 400; ++i) {
    const std::string row = "row" + std::to_string(1000 + i);
    const int64_t ts = 100 + pick(150);
    const int keep = 1 + pick(10);  // of 10: dense and sparse rows
    std::vector<BulkCell> cells;
    Put put(row, ts);
    Delete del(row, ts);
    for (const std::string& q : qualifiers) {
      if (pick(10) >= keep) continue;
      if (pick(8) == 0) {
        cells.push_back(BulkCell{"a", q, "", CellType::kDeleteColumn});
        del.AddColumns("a", q, ts);
      } else {
        const std::string& value = q;  // the qualifier's bytes: a wrong suffix shows
        cells.push_back(BulkCell{"a", q, value});
        put.AddColumn("a", q, value);
      }
    }
    if (cells.empty()) continue;
    RowMutations m(row);
    if (!del.IsWholeRow()) m.Add(std::move(del));  // markers were added
    if (!put.empty()) m.Add(std::move(put));
    ASSERT_OK(put_->MutateRow(m));
    ASSERT_OK(loader->AddCells(row, ts, cells));
  }
  auto stats = loader->Finish();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_GT(RawDump(*put_).size(), 4096u);
  ExpectSameReads();
}

INSTANTIATE_TEST_SUITE_P(Families, BulkLoadTest,
                         ::testing::Values(Variant{"Default", false, false, 256u << 20},
                                           Variant{"DefaultSpilled", false, false, 2048},
                                           Variant{"NewVersionBehavior", true, false, 256u << 20},
                                           Variant{"NewVersionBehaviorSpilled", true, false, 1024, 3},
                                           Variant{"KeepDeletedCells", false, true, 256u << 20},
                                           Variant{"KeepDeletedCellsSpilled", false, true, 1536, 1}),
                         [](const ::testing::TestParamInfo<Variant>& info) {
                           return std::string(info.param.name);
                         });

class BulkLoaderTest : public StoreFixture {
 protected:
  std::unique_ptr<BulkLoader> NewLoader(size_t budget = 256u << 20) {
    BulkLoadOptions o;
    o.memory_budget_bytes = budget;
    auto l = store_->NewBulkLoader(TableName{"default", "t"}, o);
    EXPECT_TRUE(l.ok()) << l.status().ToString();
    return l.ok() ? std::move(l).value() : nullptr;
  }
  // Files left in the store's scratch directory.
  int ScratchFiles() {
    int n = 0;
    std::error_code ec;
    auto dir = std::filesystem::path(dir_.path()) / "bulk-tmp";
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      n += it->is_regular_file() ? 1 : 0;
    }
    return n;
  }
  void AddRows(BulkLoader& l, int from, int to, const std::string& value = "v") {
    for (int i = from; i < to; ++i) {
      ASSERT_OK(l.Add(Put("r" + std::to_string(i), 10).AddColumn("f", "q", value)));
    }
  }
};

TEST_F(BulkLoaderTest, NewVersionBehaviorOrdersCellsByAddOrder) {
  auto f = Family("f", 5);
  f.new_version_behavior = true;
  CreateTable("t", {f});
  auto l = NewLoader();
  ASSERT_OK(l->Add(Put("r", 10).AddColumn("f", "q", "before")));
  ASSERT_OK(l->Add(RowMutations("r").Add(Delete("r", 10))));
  ASSERT_OK(l->Add(Put("r", 10).AddColumn("f", "q", "after")));
  ASSERT_OK(l->Add(Put("s", 10).AddColumn("f", "q", "masked")));
  ASSERT_OK(l->Add(RowMutations("s").Add(Delete("s").AddColumns("f", "q", 10))));
  ASSERT_TRUE(l->Finish().ok());
  EXPECT_EQ(GetCells(Get("r")), V{"f:q@10=after"});
  EXPECT_TRUE(GetCells(Get("s")).empty());
  // A delete written after the load masks loaded cells of its timestamp; a re-put shows again.
  ASSERT_OK(table_->Delete(Delete("r", 10)));
  EXPECT_TRUE(GetCells(Get("r")).empty());
  ASSERT_OK(table_->Put(Put("r", 10).AddColumn("f", "q", "again")));
  EXPECT_EQ(GetCells(Get("r")), V{"f:q@10=again"});
}

TEST_F(BulkLoaderTest, LaterAddOfTheSameCellWins) {
  CreateTable("t", {Family("f", 3)});
  auto l = NewLoader(/*budget=*/64);  // every few rows a run: the copies land in different runs
  for (int i = 0; i < 20; ++i) {
    ASSERT_OK(l->Add(Put("r", 10).AddColumn("f", "q", "v" + std::to_string(i))));
    AddRows(*l, i * 3, i * 3 + 3);
  }
  ASSERT_TRUE(l->Finish().ok());
  EXPECT_EQ(GetCells(Get("r").SetMaxVersions(3)), V{"f:q@10=v19"});
  EXPECT_EQ(ScanRows(Scan()).size(), 61u);
}

TEST_F(BulkLoaderTest, SpillWritesPartsOfTheKeyRangeInParallelNeverSplittingAKey) {
  CreateTable("t", {Family("f", 3)});
  BulkLoadOptions o;
  o.spill_threads = 3;
  auto l = store_->NewBulkLoader(TableName{"default", "t"}, o);
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  for (int i = 0; i < 900; ++i) {  // ascending, but too few bytes to be streamed
    ASSERT_OK((*l)->Add(Put("r" + std::to_string(1000 + i), 10).AddColumn("f", "q", "v")));
  }
  auto stats = (*l)->Finish();  // one chunk, written at Finish in three disjoint parts
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->files, 3);
  EXPECT_EQ(stats->merged_runs, 0);
  EXPECT_EQ(stats->streamed_runs, 0);
  EXPECT_EQ(stats->cells, 900);
  EXPECT_EQ(ScanRows(Scan()).size(), 900u);

  // One cell written 40 times: its copies cannot be cut apart, so one file holds the newest.
  CreateTable("u", {Family("f", 3)});
  auto one = store_->NewBulkLoader(TableName{"default", "u"}, o);
  ASSERT_TRUE(one.ok());
  for (int i = 0; i < 40; ++i) {
    ASSERT_OK((*one)->Add(Put("r", 10).AddColumn("f", "q", "v" + std::to_string(i))));
  }
  auto single = (*one)->Finish();
  ASSERT_TRUE(single.ok()) << single.status().ToString();
  EXPECT_EQ(single->files, 1);
  auto u = store_->OpenTable(TableName{"default", "u"});
  ASSERT_TRUE(u.ok());
  auto r = (*u)->Get(Get("r").SetMaxVersions(3));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Cells(*r), V{"f:q@10=v39"});
}

TEST_F(BulkLoaderTest, AscendingKeysStreamIntoDisjointFilesThatReadAsTheSortedLoad) {
  // The same cells, two versions of each column, in key order and in a shuffled order.
  std::vector<Put> puts;
  for (int i = 0; i < 3000; ++i) {  // about 2.5 MB: streamed after the first MiB
    char row[16];
    std::snprintf(row, sizeof(row), "r%05d", i);
    puts.push_back(Put(row)
                       .AddColumn("f", "a", 20, "new" + std::to_string(i))
                       .AddColumn("f", "a", 10, "old")
                       .AddColumn("f", "b", 10, std::string(i % 1500, 'x')));
  }
  CreateTable("sorted", {Family("f", 3)});
  CreateTable("t", {Family("f", 3)});             // table_
  // The first MiB buffered, then streamed by two threads, each stream 1 MiB (a quarter of the
  // budget) to its own file.
  auto streamed = NewLoader(/*budget=*/4 << 20);
  for (const Put& p : puts) ASSERT_OK(streamed->Add(p));
  auto stats = streamed->Finish();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_GE(stats->streamed_runs, 2);
  EXPECT_EQ(stats->files, stats->streamed_runs);  // the streams' files do not overlap
  EXPECT_EQ(stats->merged_runs, 0);
  EXPECT_EQ(stats->cells, 9000);

  std::shuffle(puts.begin(), puts.end(), std::mt19937(7));
  BulkLoadOptions o;
  o.memory_budget_bytes = 64 << 10;  // many spilled chunks, merged
  auto sorted = store_->NewBulkLoader(TableName{"default", "sorted"}, o);
  ASSERT_TRUE(sorted.ok());
  for (const Put& p : puts) ASSERT_OK((*sorted)->Add(p));
  auto sorted_stats = (*sorted)->Finish();
  ASSERT_TRUE(sorted_stats.ok()) << sorted_stats.status().ToString();
  EXPECT_GT(sorted_stats->merged_runs, 1);

  auto other = store_->OpenTable(TableName{"default", "sorted"});
  ASSERT_TRUE(other.ok());
  const V loaded = RawDump(*table_);
  EXPECT_EQ(loaded.size(), 9000u);
  EXPECT_EQ(loaded, RawDump(**other));
  EXPECT_EQ(GetCells(Get("r00042").SetMaxVersions(3)),
            (V{"f:a@20=new42", "f:a@10=old", "f:b@10=" + std::string(42, 'x')}));
}

TEST_F(BulkLoaderTest, KeysArrivingLateAfterAStreamAreMergedWithIt) {
  CreateTable("t", {Family("f", 3)});
  auto l = NewLoader(/*budget=*/8 << 20);
  const std::string value(30000, 'v');
  AddRows(*l, 100, 200, value);  // r100..r199 ascending, 3 MB: streamed after the first MiB
  AddRows(*l, 10, 20, value);    // r10..r19 sort before r199: the stream ends, buffered from here
  ASSERT_OK(l->Add(Put("r150", 10).AddColumn("f", "q", "again")));  // a streamed cell again
  AddRows(*l, 300, 400, value);  // ascending again, but buffered now
  auto stats = l->Finish();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->streamed_runs, 1);
  EXPECT_GT(stats->merged_runs, 1);
  EXPECT_EQ(stats->files, 1);
  EXPECT_EQ(ScanRows(Scan()).size(), 210u);
  EXPECT_EQ(GetCells(Get("r150").SetMaxVersions(3)), V{"f:q@10=again"});
  EXPECT_EQ(GetCells(Get("r15")), V{"f:q@10=" + value});
  EXPECT_EQ(GetCells(Get("r199")), V{"f:q@10=" + value});
  EXPECT_EQ(GetCells(Get("r399")), V{"f:q@10=" + value});
}

// AddCells's cells share the row as their key head: the stream compares a row's cells by their
// key suffixes, and a row with the last row's (the row again) by its whole key.
TEST_F(BulkLoaderTest, AddCellsStreamsARowAgainWhenItsCellsFollow) {
  CreateTable("t", {Family("f", 3)});
  auto l = NewLoader(/*budget=*/8 << 20);
  const std::string value(30000, 'v');
  for (int i = 100; i < 200; ++i) {  // 3 MB: streamed after the first MiB
    const std::string row = "r" + std::to_string(i);
    ASSERT_OK(l->AddCells(row, 10, std::vector<BulkCell>{{"f", "a", value}, {"f", "c", "c"}}));
    // The row again: "d" follows "c".
    ASSERT_OK(l->AddCells(row, 10, std::vector<BulkCell>{{"f", "d", "d"}}));
  }
  auto stats = l->Finish();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_GE(stats->streamed_runs, 1);
  EXPECT_EQ(stats->merged_runs, 0);  // nothing fell back to the buffer
  EXPECT_EQ(stats->cells, 300);
  EXPECT_EQ(GetCells(Get("r150")), (V{"f:a@10=" + value, "f:c@10=c", "f:d@10=d"}));
}

TEST_F(BulkLoaderTest, AddCellsOutOfOrderInARowEndsTheStreamAndReadsBack) {
  CreateTable("t", {Family("f", 3)});
  auto l = NewLoader(/*budget=*/8 << 20);
  const std::string value(30000, 'v');
  for (int i = 100; i < 200; ++i) {  // 3 MB: streamed after the first MiB
    ASSERT_OK(l->AddCells("r" + std::to_string(i), 10,
                          std::vector<BulkCell>{{"f", "a", value}, {"f", "c", "c"}}));
  }
  // A row whose cells come out of order ("d" before "c", where "a" and "c" came in each row
  // before: the stream ends), the last streamed row again with "a" (the same key: the later
  // write wins), and the same cell twice in a call.
  ASSERT_OK(l->AddCells("r200", 10, std::vector<BulkCell>{{"f", "d", "d"}, {"f", "c", "c"}}));
  ASSERT_OK(l->AddCells("r199", 10, std::vector<BulkCell>{{"f", "a", "again"}}));
  ASSERT_OK(l->AddCells("r201", 10, std::vector<BulkCell>{{"f", "b", "1"}, {"f", "b", "2"}}));
  auto stats = l->Finish();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->streamed_runs, 1);
  EXPECT_GT(stats->merged_runs, 1);
  EXPECT_EQ(stats->files, 1);
  EXPECT_EQ(GetCells(Get("r150")), (V{"f:a@10=" + value, "f:c@10=c"}));
  EXPECT_EQ(GetCells(Get("r199").SetMaxVersions(3)), (V{"f:a@10=again", "f:c@10=c"}));
  EXPECT_EQ(GetCells(Get("r200")), (V{"f:c@10=c", "f:d@10=d"}));
  EXPECT_EQ(GetCells(Get("r201").SetMaxVersions(3)), V{"f:b@10=2"});
}

TEST(RunStreamTest, FileErrorIsReportedByCloseOrWait) {
  store::StreamBlockPool pool;
  store::RunStream stream(rocksdb::Options(), "/nonexistent-cellar-dir/run.sst", /*generation=*/0,
                          1 << 20, pool);
  ASSERT_OK(stream.Add(store::EntryPieces{.key_head = "key", .value_head = "value"}));
  Status result = stream.Close();
  store::Run run;
  if (result.ok()) result = stream.Wait(&run);
  EXPECT_EQ(result.code(), StatusCode::kInternal) << result.ToString();
}

TEST_F(BulkLoaderTest, AbortAndDestructorLeaveNoTrace) {
  CreateTable("t", {Family("f")});
  {
    auto l = NewLoader(/*budget=*/256);
    AddRows(*l, 0, 100);
    EXPECT_GT(ScratchFiles(), 0);  // spilled runs
    l->Abort();
    EXPECT_EQ(ScratchFiles(), 0);
    EXPECT_EQ(l->Add(Put("x").AddColumn("f", "q", "v")).code(), StatusCode::kFailedPrecondition);
    EXPECT_EQ(l->Finish().status().code(), StatusCode::kFailedPrecondition);
  }
  {
    auto l = NewLoader(/*budget=*/256);
    AddRows(*l, 0, 100);
  }  // destroyed unfinished
  EXPECT_EQ(ScratchFiles(), 0);
  EXPECT_TRUE(ScanRows(Scan()).empty());
  auto l = NewLoader();  // still empty, so a new load is allowed
  AddRows(*l, 0, 3);
  ASSERT_TRUE(l->Finish().ok());
  EXPECT_EQ(ScanRows(Scan()), (V{"r0: q=v", "r1: q=v", "r2: q=v"}));
  EXPECT_EQ(ScratchFiles(), 0);
}

TEST_F(BulkLoaderTest, RefusesTablesWhereItIsNotSafe) {
  auto logged = Family("f");
  logged.replication_scope = 1;
  CreateTable("logged", {Family("g"), logged});
  auto l = store_->NewBulkLoader(TableName{"default", "logged"});
  EXPECT_EQ(l.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(l.status().message().find("REPLICATION_SCOPE"), std::string::npos);

  CreateTable("t", {Family("f")});
  ASSERT_OK(table_->Put(Put("r").AddColumn("f", "q", "v")));
  ASSERT_OK(table_->Delete(Delete("r")));  // only masked cells and a marker left: not empty
  EXPECT_EQ(store_->NewBulkLoader(TableName{"default", "t"}).status().code(),
            StatusCode::kFailedPrecondition);

  EXPECT_EQ(store_->NewBulkLoader(TableName{"default", "nope"}).status().code(),
            StatusCode::kNotFound);
  CreateTable("off", {Family("f")});
  ASSERT_OK(store_->admin().DisableTable(TableName{"default", "off"}));
  EXPECT_EQ(store_->NewBulkLoader(TableName{"default", "off"}).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(BulkLoaderTest, RejectsWhatMutateRowRejectsAndDeletesThatWouldRead) {
  CreateTable("t", {Family("f")});
  auto l = NewLoader();
  EXPECT_EQ(l->Add(Put("r").AddColumn("nope", "q", "v")).code(), StatusCode::kNotFound);
  EXPECT_EQ(l->Add(Put("").AddColumn("f", "q", "v")).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(l->Add(Put("r")).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(l->Add(RowMutations("r").Add(Delete("r").AddColumn("f", "q"))).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(l->Add(RowMutations("r").Add(Put("s").AddColumn("f", "q", "v"))).code(),
            StatusCode::kInvalidArgument);
  ASSERT_OK(l->Add(Put("r", 5).AddColumn("f", "q", "kept")));  // still usable
  ASSERT_TRUE(l->Finish().ok());
  EXPECT_EQ(GetCells(Get("r")), V{"f:q@5=kept"});
}

TEST_F(BulkLoaderTest, AddCellsRejectsBadInputAndAddsNothingOfTheCall) {
  CreateTable("t", {Family("f")});
  auto l = NewLoader();
  const BulkCell good{"f", "q", "v"};
  const std::vector<BulkCell> with_unknown_family = {good, BulkCell{"nope", "q", "v"}};
  EXPECT_EQ(l->AddCells("r", 5, with_unknown_family).code(), StatusCode::kNotFound);
  EXPECT_EQ(l->AddCells("", 5, {&good, 1}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(l->AddCells(std::string(40000, 'r'), 5, {&good, 1}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(l->AddCells("r", 5, {}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(l->AddCells("r", -1, {&good, 1}).code(), StatusCode::kInvalidArgument);
  const BulkCell family_marker{"f", "", "", CellType::kDeleteFamily};
  EXPECT_EQ(l->AddCells("r", 5, {&family_marker, 1}).code(), StatusCode::kInvalidArgument);
  const BulkCell kept{"f", "q", "kept"};
  ASSERT_OK(l->AddCells("s", 5, {&kept, 1}));  // still usable
  ASSERT_OK(l->AddCells("t", kLatestTimestamp, {&kept, 1}));
  ASSERT_TRUE(l->Finish().ok());
  EXPECT_EQ(ScanRows(Scan()), (V{"s: q=kept", "t: q=kept"}));
  EXPECT_EQ(GetCells(Get("t")), V{"f:q@" + std::to_string(clock_.NowMillis()) + "=kept"});
  EXPECT_EQ(l->AddCells("u", 5, {&kept, 1}).code(), StatusCode::kFailedPrecondition);
}

TEST_F(BulkLoaderTest, WriteDuringTheLoadMakesFinishFailAndLoadNothing) {
  CreateTable("t", {Family("f")});
  auto l = NewLoader(/*budget=*/512);
  AddRows(*l, 0, 50, "loaded");
  ASSERT_OK(table_->Put(Put("r7", 10).AddColumn("f", "q", "written")));
  auto finished = l->Finish();
  EXPECT_EQ(finished.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(ScanRows(Scan()), V{"r7: q=written"});
  EXPECT_EQ(ScratchFiles(), 0);
}

TEST_F(BulkLoaderTest, SchemaChangeDuringTheLoadMakesFinishFail) {
  CreateTable("t", {Family("f")});
  auto l = NewLoader();
  AddRows(*l, 0, 10);
  ASSERT_OK(store_->admin().TruncateTable(TableName{"default", "t"}));
  EXPECT_EQ(l->Finish().status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(ScanRows(Scan()).empty());

  auto logged = NewLoader();
  AddRows(*logged, 0, 10);
  auto f = Family("f");
  f.replication_scope = 1;
  ASSERT_OK(store_->admin().ModifyColumnFamily(TableName{"default", "t"}, f));
  EXPECT_EQ(logged->Finish().status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(ScanRows(Scan()).empty());
  EXPECT_EQ(ScratchFiles(), 0);
}

TEST_F(BulkLoaderTest, SnapshotTakenBeforeFinishDoesNotSeeTheLoad) {
  CreateTable("t", {Family("f")});
  auto l = NewLoader();
  AddRows(*l, 0, 10);
  auto snap = store_->CreateSnapshot();
  ASSERT_TRUE(snap.ok());
  ASSERT_TRUE(l->Finish().ok());
  int rows = 0;
  ASSERT_OK(
      (*snap)->ForEachRow(TableName{"default", "t"},
                          [&](const std::string&, const std::string&, const std::vector<Cell>&) {
                            ++rows;
                            return Status::Ok();
                          }));
  EXPECT_EQ(rows, 0);
  snap->reset();
  auto after = store_->CreateSnapshot();
  ASSERT_OK(
      (*after)->ForEachRow(TableName{"default", "t"},
                           [&](const std::string&, const std::string&, const std::vector<Cell>&) {
                             ++rows;
                             return Status::Ok();
                           }));
  EXPECT_EQ(rows, 10);
}

TEST_F(BulkLoaderTest, ConcurrentReadersSeeAllOrNothing) {
  CreateTable("t", {Family("a"), Family("b"), Family("c")});
  constexpr int kRows = 2000;
  auto l = NewLoader(/*budget=*/16 << 10);
  for (int i = kRows - 1; i >= 0; --i) {  // descending: runs overlap nothing, no merge
    char row[16];
    std::snprintf(row, sizeof(row), "r%05d", i);
    ASSERT_OK(l->Add(
        Put(row, 10).AddColumn("a", "q", "1").AddColumn("b", "q", "2").AddColumn("c", "q", "3")));
  }
  std::atomic<bool> done{false};
  std::atomic<int> partial{0}, full{0}, empty{0};
  auto reader = [&](int which) {
    while (!done.load()) {
      size_t cells = 0;
      if (which == 0) {
        auto r = table_->Get(Get("r00042"));
        if (!r.ok()) {
          ++partial;
          continue;
        }
        cells = r->cells().size();
        (cells == 0 ? empty : cells == 3 ? full : partial)++;
      } else {
        auto sc = table_->GetScanner(Scan().SetStartRow("r01990"));
        if (!sc.ok()) {
          ++partial;
          continue;
        }
        for (;;) {
          auto r = (*sc)->Next();
          if (!r.ok() || !r->has_value()) break;
          cells += (*r)->cells().size();
        }
        (cells == 0 ? empty : cells == 30 ? full : partial)++;
      }
    }
  };
  std::thread t1(reader, 0), t2(reader, 1);
  while (empty.load() < 20) std::this_thread::yield();
  ASSERT_TRUE(l->Finish().ok());
  const int seen = full.load();
  while (full.load() < seen + 20) std::this_thread::yield();
  done = true;
  t1.join();
  t2.join();
  EXPECT_EQ(partial.load(), 0);
}

TEST_F(BulkLoaderTest, EmptyLoadAndLoadAfterReopen) {
  CreateTable("t", {Family("f")});
  auto empty = NewLoader();
  auto stats = empty->Finish();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->files, 0);
  auto l = NewLoader();
  AddRows(*l, 0, 5);
  ASSERT_TRUE(l->Finish().ok());
  l.reset();
  Reopen();
  table_ = std::move(store_->OpenTable(TableName{"default", "t"})).value();
  EXPECT_EQ(ScanRows(Scan()).size(), 5u);
  ASSERT_OK(table_->Put(Put("r0", 11).AddColumn("f", "q", "newer")));
  EXPECT_EQ(GetCells(Get("r0")), V{"f:q@11=newer"});
}

}  // namespace
}  // namespace cellar
