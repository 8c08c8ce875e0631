// REPL DUMP --files: a bootstrap that hands over the store's table files. Taken while writers
// write it holds exactly the events up to its id; it loads under another name; damaged,
// truncated and missing files are refused before anything changes; an interrupted load re-runs
// to the same result; incrementals on top converge; format-1 dumps still load; targets that
// cannot take table files are told so.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "repl_fixture.h"
#include "replicate/repl/repl_record.h"

namespace cellar {
namespace {

namespace fs = std::filesystem;

// Every cell of "table" as "row/family:qualifier@ts Type=value", all versions, as of "range".
std::vector<std::string> TableContents(Store& store, const TableName& table,
                                       TimeRange range = TimeRange::All()) {
  std::vector<std::string> out;
  auto t = store.OpenTable(table);
  if (!t.ok()) return {"no table " + table.ToString()};
  auto sc = (*t)->GetScanner(Scan().SetMaxVersions(100).SetTimeRange(range));
  for (;;) {
    auto r = (*sc)->Next();
    if (!r.ok() || !r->has_value()) break;
    for (const Cell& c : (*r)->cells()) {
      out.push_back(c.row + "/" + c.family + ":" + c.qualifier + "@" + std::to_string(c.timestamp) +
                    " " + std::string(CellTypeName(c.type)) + "=" + c.value);
    }
  }
  return out;
}

// The table files of a dump, largest first.
std::vector<std::string> TableFilesOf(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir + "/files")) {
    if (e.path().extension() == ".sst") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return fs::file_size(a) > fs::file_size(b); });
  return out;
}

// Replaces "path" by a changed copy. The dump's files are hard links to the source store's own
// files, so changing them in place would damage the source too.
void Rewrite(const std::string& path, const std::function<void(std::string&)>& change) {
  std::stringstream bytes;
  bytes << std::ifstream(path, std::ios::binary).rdbuf();
  std::string data = bytes.str();
  change(data);
  fs::remove(path);
  std::ofstream(path, std::ios::binary) << data;
}

// Polls until "done" holds (deadline: 30 s, so a broken writer fails instead of hanging).
void WaitFor(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!done()) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline);
    std::this_thread::yield();
  }
}

class ReplFilesTest : public ReplTest {
 protected:
  void Fill(int rows, const std::string& prefix = "o") {
    for (int i = 0; i < rows; ++i) {
      ASSERT_OK(orders_->Put(Put(prefix + std::to_string(i), 100 + i % 7)
                                 .AddColumn("f", "amount", std::to_string(i))));
    }
  }
  std::map<std::string, std::string> Record(const std::string& target) {
    return std::move(repl::ReadRecord(*dst_, *repl::ReplTarget::Parse(target))).value();
  }
};

TEST_F(ReplFilesTest, ABootstrapTakenWhileWritersWriteHoldsExactlyTheEventsUpToItsId) {
  ASSERT_OK(
      src_->admin().CreateTable(TableDescriptor{{"sales", "wide"}, {Logged("a"), Logged("b")}}));
  auto wide = std::move(src_->OpenTable({"sales", "wide"})).value();
  Fill(2000);
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      // One event writing both families of "wide", one writing "orders".
      const std::string n = std::to_string(i);
      (void)wide->Put(Put("w" + n).AddColumn("a", "n", n).AddColumn("b", "n", n));
      (void)orders_->Put(Put("late" + n).AddColumn("f", "amount", n));
      ++written;
    }
  });
  WaitFor([&] { return written >= 200; });
  auto boot = Dump(std::nullopt, 0, /*files=*/true);
  const int at_dump = written;
  WaitFor([&] { return written >= at_dump + 200; });
  stop = true;
  writer.join();
  ASSERT_OK(Load(boot.dir));

  // Every cell written by an event up to the dump's id is in the copy; none written after.
  std::set<std::string> copied;
  for (const char* t : {"orders", "wide"}) {
    for (const auto& c : TableContents(*dst_, {"sales", t}))
      copied.insert(std::string(t) + "/" + c);
  }
  EventQuery all;
  all.ns = "sales";
  auto events = src_->ReadEvents(all);
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  int before = 0, after = 0;
  for (const Event& e : *events) {
    if (e.type != EventType::kData) continue;
    (e.id <= boot.last_event_id ? before : after)++;
    for (const Cell& c : e.cells) {
      const std::string text = e.table.qualifier + "/" + c.row + "/" + c.family + ":" +
                               c.qualifier + "@" + std::to_string(c.timestamp) + " Put=" + c.value;
      EXPECT_EQ(copied.count(text) == 1, e.id <= boot.last_event_id)
          << text << " event " << e.id << " dump at " << boot.last_event_id;
    }
  }
  EXPECT_GT(before, 2000);
  EXPECT_GT(after, 0);
  // One incremental catches up.
  auto inc = Dump(boot.last_event_id);
  ASSERT_OK(Load(inc.dir));
  EXPECT_EQ(Contents(*dst_, "sales"), Contents(*src_, "sales"));
}

TEST_F(ReplFilesTest, LoadsIntoARenamedTableWithItsSettingsAndLaterDeletesMaskTheLoadedCells) {
  Fill(300);  // the source's write sequences are now far ahead of the copy's
  auto nvb = Logged("f", 3);
  nvb.new_version_behavior = true;
  nvb.keep_deleted_cells = true;
  nvb.bloom_filter = BloomFilter::kRowCol;
  ASSERT_OK(src_->admin().CreateTable(TableDescriptor{{"sales", "nvb"}, {nvb}}));
  auto t = std::move(src_->OpenTable({"sales", "nvb"})).value();
  for (int64_t ts : {100, 200, 300}) {
    ASSERT_OK(t->Put(Put("r1", ts).AddColumn("f", "q", "v" + std::to_string(ts))));
    ASSERT_OK(t->Put(Put("r2", ts).AddColumn("f", "q", "v" + std::to_string(ts))));
  }
  ASSERT_OK(t->Delete(Delete("r2").AddColumn("f", "q", 200)));
  repl::DumpOptions o;
  o.files = true;
  o.dir = NewDir();
  auto boot = repl::Dump(*src_, *repl::ReplTarget::Parse("sales.nvb"), o);
  ASSERT_TRUE(boot.ok()) << boot.status().ToString();
  ASSERT_OK(Load(boot->dir, "dr.copy"));
  const TableName copy{"dr", "copy"}, source{"sales", "nvb"};
  EXPECT_EQ(dst_->admin().DescribeTable(copy)->families,
            src_->admin().DescribeTable(source)->families);
  EXPECT_EQ(TableContents(*dst_, copy), TableContents(*src_, source));
  EXPECT_FALSE(dst_->admin().TableExists({"sales", "nvb"}).value());

  // Deletes after the bootstrap, at the timestamps of loaded puts: in the copy they must order
  // after the loaded cells, as at the source.
  ASSERT_OK(t->Delete(Delete("r1").AddColumn("f", "q", 300)));
  ASSERT_OK(t->Delete(Delete("r2").AddColumns("f", "q", 300)));
  ASSERT_OK(t->Put(Put("r1", 100).AddColumn("f", "q", "rewritten")));
  repl::DumpOptions next;
  next.from = boot->last_event_id;
  next.dir = NewDir();
  auto inc = repl::Dump(*src_, *repl::ReplTarget::Parse("sales.nvb"), next);
  ASSERT_TRUE(inc.ok()) << inc.status().ToString();
  ASSERT_OK(Load(inc->dir, "dr.copy"));
  EXPECT_EQ(TableContents(*dst_, copy), TableContents(*src_, source));
  for (int64_t at : {50, 100, 150, 200, 250, 300, 400}) {
    EXPECT_EQ(TableContents(*dst_, copy, {0, at}), TableContents(*src_, source, {0, at})) << at;
  }
  auto raw = [](Store& s, const TableName& n) {
    std::vector<std::string> out;
    auto sc = (*s.OpenTable(n))->GetScanner(Scan().SetRaw(true).SetMaxVersions(100));
    for (auto r = (*sc)->Next(); r.ok() && r->has_value(); r = (*sc)->Next()) {
      for (const Cell& c : (*r)->cells()) {
        out.push_back(c.row + "@" + std::to_string(c.timestamp) + CellTypeName(c.type).data());
      }
    }
    return out;
  };
  EXPECT_EQ(raw(*dst_, copy), raw(*src_, source));
}

TEST_F(ReplFilesTest, DamagedTruncatedOrMissingFilesAreRefusedBeforeAnythingChanges) {
  Fill(3000);
  auto first = Dump(std::nullopt, 0, true);
  ASSERT_OK(Load(first.dir));
  const auto loaded = Contents(*dst_, "sales");
  const auto record = Record("sales");
  Fill(500, "more");
  using Damage = std::function<void(const std::string& file)>;
  const std::vector<std::pair<std::string, Damage>> damages = {
      {"a flipped byte",
       [](const std::string& f) { Rewrite(f, [](std::string& d) { d[d.size() / 2] ^= 0x5a; }); }},
      {"a truncated file",
       [](const std::string& f) { Rewrite(f, [](std::string& d) { d.resize(d.size() - 100); }); }},
      {"a missing file", [](const std::string& f) { fs::remove(f); }},
  };
  for (const auto& [what, damage] : damages) {
    auto boot = Dump(std::nullopt, 0, true);
    const std::string file = TableFilesOf(boot.dir).front();
    damage(file);
    Status s = Load(boot.dir);
    EXPECT_EQ(s.code(), StatusCode::kDataLoss) << what << ": " << s.ToString();
    EXPECT_NE(s.message().find(file), std::string::npos) << s.message();
    EXPECT_EQ(Contents(*dst_, "sales"), loaded) << what;
    EXPECT_EQ(Record("sales"), record) << what;
  }
  // A fresh replica gets nothing either: no namespace, no replication record.
  auto boot = Dump(std::nullopt, 0, true);
  Rewrite(TableFilesOf(boot.dir).front(), [](std::string& d) { d[d.size() / 3] ^= 1; });
  EXPECT_EQ(Load(boot.dir, "fresh").code(), StatusCode::kDataLoss);
  EXPECT_FALSE(dst_->admin().NamespaceExists("fresh").value());
  EXPECT_TRUE(Record("fresh").empty());
}

TEST_F(ReplFilesTest, AnInterruptedLoadRerunsToTheSameResult) {
  Fill(1000);
  ASSERT_OK(src_->admin().CreateTable(TableDescriptor{{"sales", "items"}, {Logged("g")}}));
  ASSERT_OK((*src_->OpenTable({"sales", "items"}))->Put(Put("i1").AddColumn("g", "sku", "A")));
  auto boot = Dump(std::nullopt, 0, true);
  // A load that stopped after its first table: the record says "loading", one table holds a
  // partial copy, the other does not exist.
  ASSERT_OK(dst_->admin().CreateNamespace("sales"));
  ASSERT_OK(dst_->admin().CreateTable(TableDescriptor{{"sales", "items"}, {Logged("g")}}));
  ASSERT_OK((*dst_->OpenTable({"sales", "items"}))->Put(Put("junk").AddColumn("g", "x", "1")));
  ASSERT_OK(repl::EnsureReplTable(*dst_));
  std::vector<TableRowMutations> loading = {
      repl::RecordWrite(*repl::ReplTarget::Parse("sales"), {{"state", "loading"}})};
  ASSERT_OK(dst_->MutateAtomically(loading));
  ASSERT_OK(Load(boot.dir));
  EXPECT_EQ(Contents(*dst_, "sales"), Contents(*src_, "sales"));
  EXPECT_EQ(Record("sales").at("state"), "loaded");
  // And once more: already loaded, nothing changes.
  auto again = repl::Load(*dst_, boot.dir, {});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->already_loaded);
  EXPECT_EQ(Contents(*dst_, "sales"), Contents(*src_, "sales"));
}

TEST_F(ReplFilesTest, AFilesBootstrapThenIncrementalsConverge) {
  Fill(200);
  // A table without any data yet: its family has no table file to hand over.
  ASSERT_OK(src_->admin().CreateTable(TableDescriptor{{"sales", "empty"}, {Logged("e")}}));
  auto boot = Dump(std::nullopt, 0, true);
  const uint64_t before = dst_->LastEventId();
  ASSERT_OK(Load(boot.dir));
  EXPECT_EQ(Contents(*dst_, "sales"), Contents(*src_, "sales"));
  // The copy logs writes again, but the loaded cells came in as files: only DDL in its log.
  EXPECT_EQ(dst_->admin().DescribeTable({"sales", "orders"})->families.at(0).replication_scope, 1);
  EventQuery since_load;
  since_load.after_id = before;
  since_load.ns = "sales";
  auto logged = dst_->ReadEvents(since_load);
  ASSERT_TRUE(logged.ok()) << logged.status().ToString();
  EXPECT_FALSE(logged->empty());
  for (const Event& e : *logged) EXPECT_NE(e.type, EventType::kData) << e.id;
  ASSERT_OK(orders_->Delete(Delete("o3", 500)));
  ASSERT_OK(orders_->Put(Put("o4", 101).AddColumn("f", "amount", "changed")));
  ASSERT_OK(src_->admin().CreateTable(TableDescriptor{{"sales", "items"}, {Logged("g")}}));
  ASSERT_OK((*src_->OpenTable({"sales", "items"}))->Put(Put("i1", 300).AddColumn("g", "sku", "A")));
  ASSERT_OK(src_->admin().ModifyColumnFamily({"sales", "orders"}, Logged("f", 5)));
  Fill(50, "after");
  ASSERT_OK((*src_->OpenTable({"sales", "empty"}))->Put(Put("e1", 400).AddColumn("e", "q", "1")));
  uint64_t at = boot.last_event_id;
  for (int rounds = 0; rounds < 100 && at < src_->LastEventId(); ++rounds) {
    auto inc = Dump(at, /*batch=*/2);
    ASSERT_OK(Load(inc.dir));
    at = inc.last_event_id;
  }
  EXPECT_EQ(at, src_->LastEventId());
  EXPECT_EQ(Contents(*dst_, "sales"), Contents(*src_, "sales"));
  EXPECT_EQ(TableContents(*dst_, {"sales", "empty"}).size(), 1u);
  for (int64_t t : {100, 103, 106, 200, 500}) {
    EXPECT_EQ(Contents(*dst_, "sales", {0, t}), Contents(*src_, "sales", {0, t})) << t;
  }
}

// Rewrites the dump's _metadata with "change" applied to its JSON.
void EditMetadata(const std::string& dir, const std::function<void(nlohmann::json&)>& change) {
  std::stringstream text;
  text << std::ifstream(dir + "/_metadata").rdbuf();
  auto j = nlohmann::json::parse(text.str());
  change(j);
  std::ofstream(dir + "/_metadata", std::ios::trunc) << j.dump(2);
}

TEST_F(ReplFilesTest, AFormatOneDumpStillLoads) {
  Fill(20);
  auto boot = Dump(std::nullopt);  // records
  EditMetadata(boot.dir, [](nlohmann::json& j) {
    EXPECT_EQ(j.at("format"), 2);
    EXPECT_EQ(j.at("mode"), "records");
    j["format"] = 1;
    j.erase("mode");
    j.erase("metadata_crc32");  // format 1 had no checksums of _metadata and schema.json
    j.erase("schema_crc32");
  });
  ASSERT_OK(Load(boot.dir));
  EXPECT_EQ(Contents(*dst_, "sales"), Contents(*src_, "sales"));
}

TEST_F(ReplFilesTest, FilesOfAnotherStoreFormatAreRefused) {
  Fill(20);
  auto boot = Dump(std::nullopt, 0, true);
  {  // as a store of another on-disk format writes it (a valid, signed _metadata)
    auto meta = repl::ReadMetadata(boot.dir);
    ASSERT_TRUE(meta.ok()) << meta.status().ToString();
    meta->table_files.store_format = "9";
    ASSERT_TRUE(repl::WriteMetadata(boot.dir, *meta).ok());
  }
  Status s = Load(boot.dir);
  EXPECT_TRUE(s.IsFailedPrecondition()) << s.ToString();
  EXPECT_NE(s.message().find("without --files"), std::string::npos) << s.message();
  EXPECT_FALSE(dst_->admin().NamespaceExists("sales").value());
  EXPECT_TRUE(Record("sales").empty());
}

TEST_F(ReplFilesTest, FilesOfStoreFormatOneStillLoad) {
  Fill(20);
  auto boot = Dump(std::nullopt, 0, true);
  {  // as a store of format 1 (every value sequenced, docs/key-format.md) labels them
    auto meta = repl::ReadMetadata(boot.dir);
    ASSERT_TRUE(meta.ok()) << meta.status().ToString();
    EXPECT_EQ(meta->table_files.store_format, "2");
    meta->table_files.store_format = "1";
    ASSERT_TRUE(repl::WriteMetadata(boot.dir, *meta).ok());
  }
  ASSERT_OK(Load(boot.dir));
  EXPECT_EQ(Contents(*dst_, "sales"), Contents(*src_, "sales"));
}

// A Connection to a store that is not the embedded Store type (as a remote HBase is not).
class PlainConnection final : public Connection {
 public:
  explicit PlainConnection(Store& store) : store_(store) {}
  Admin& admin() override { return store_.admin(); }
  Result<std::unique_ptr<Table>> OpenTable(const TableName& name) override {
    return store_.OpenTable(name);
  }
  Status MutateAtomically(std::span<const TableRowMutations> rows, Durability d) override {
    return store_.MutateAtomically(rows, d);
  }
  bool multi_row_atomic() const override { return true; }
  Status Close() override { return Status::Ok(); }

 private:
  Store& store_;
};

TEST_F(ReplFilesTest, ATargetThatIsNotAnEmbeddedStoreIsToldToTakeARecordsDump) {
  Fill(20);
  auto files = Dump(std::nullopt, 0, true);
  PlainConnection remote(*dst_);
  auto r = repl::Load(remote, files.dir, {});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsFailedPrecondition()) << r.status().ToString();
  EXPECT_NE(r.status().message().find("without --files"), std::string::npos);
  EXPECT_FALSE(dst_->admin().NamespaceExists("sales").value());
  EXPECT_TRUE(Record("sales").empty());
  // The records dump of the same data loads through it.
  auto records = Dump(std::nullopt);
  ASSERT_OK(repl::Load(remote, records.dir, {}).status());
  EXPECT_EQ(Contents(*dst_, "sales"), Contents(*src_, "sales"));
}

}  // namespace
}  // namespace cellar
