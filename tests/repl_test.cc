// REPL DUMP / LOAD / STATUS between two embedded stores: a bootstrap taken while writers write
// equals the source at its event id; chains of incrementals converge; renames; DDL; idempotent
// and interrupted loads; gaps, expired ranges and damaged files give clear errors.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "repl_fixture.h"

namespace cellar {
namespace {

TEST_F(ReplTest, BootstrapThenIncrementalsConvergeForEveryBatchSize) {
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(orders_->Put(Put("o" + std::to_string(i), 100 + i)
                                 .AddColumn("f", "amount", std::to_string(i))).ok());
  }
  auto boot = Dump(std::nullopt);
  ASSERT_TRUE(Load(boot.dir).ok());
  EXPECT_EQ(Contents(*dst_, "sales"), Contents(*src_, "sales"));
  EXPECT_EQ(*repl::LoadedEventId(*dst_, *repl::ReplTarget::Parse("sales")), boot.last_event_id);

  // Changes, deletes, a new table, an alter, then incrementals in batches of 3.
  ASSERT_TRUE(orders_->Delete(Delete("o3", 200)).ok());
  ASSERT_TRUE(orders_->Put(Put("o4", 201).AddColumn("f", "amount", "changed")).ok());
  ASSERT_TRUE(src_->admin().CreateTable(TableDescriptor{{"sales", "items"}, {Logged("g")}}).ok());
  auto items = std::move(src_->OpenTable({"sales", "items"})).value();
  ASSERT_TRUE(items->Put(Put("i1", 300).AddColumn("g", "sku", "A-1")).ok());
  auto wider = Logged("f", 5);
  ASSERT_TRUE(src_->admin().ModifyColumnFamily({"sales", "orders"}, wider).ok());
  uint64_t at = boot.last_event_id;
  for (int rounds = 0; rounds < 20 && at < src_->LastEventId(); ++rounds) {
    auto inc = Dump(at, /*batch=*/3);
    ASSERT_TRUE(Load(inc.dir).ok());
    at = inc.last_event_id;
  }
  EXPECT_EQ(at, src_->LastEventId());
  EXPECT_EQ(Contents(*dst_, "sales"), Contents(*src_, "sales"));
  EXPECT_EQ(dst_->admin().DescribeTable({"sales", "orders"})->families[0].max_versions, 5);
  // Reads as of past times answer the same too.
  for (int64_t t : {101, 150, 200, 201, 250}) {
    EXPECT_EQ(Contents(*dst_, "sales", {0, t}), Contents(*src_, "sales", {0, t})) << t;
  }
  auto dst_orders = std::move(dst_->OpenTable({"sales", "orders"})).value();
  EXPECT_TRUE(dst_orders->Get(Get("o3"))->empty());
}

TEST_F(ReplTest, ABootstrapLoadIsBulkLoadedAndKeepsTheFamiliesScopes) {
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(orders_->Put(Put("o" + std::to_string(i), 100 + i)
                                 .AddColumn("f", "amount", std::to_string(i))).ok());
  }
  ASSERT_TRUE(orders_->Delete(Delete("o7", 300)).ok());
  auto boot = Dump(std::nullopt);
  const uint64_t before = dst_->LastEventId();
  ASSERT_TRUE(Load(boot.dir).ok());
  EXPECT_EQ(Contents(*dst_, "sales"), Contents(*src_, "sales"));
  // The copy's family logs again, as the source's does...
  auto desc = dst_->admin().DescribeTable({"sales", "orders"});
  ASSERT_TRUE(desc.ok());
  EXPECT_EQ(desc->families.at(0).replication_scope, 1);
  // ...but the loaded cells came in as files: its log holds only DDL for the load.
  auto events = dst_->ReadEvents(EventQuery{.after_id = before, .ns = "sales"});
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  for (const Event& e : *events) EXPECT_NE(e.type, EventType::kData) << e.id;
  // Writes after the load are logged.
  auto copy = std::move(dst_->OpenTable({"sales", "orders"})).value();
  ASSERT_TRUE(copy->Put(Put("late", 400).AddColumn("f", "amount", "1")).ok());
  auto after = dst_->ReadEvents(EventQuery{.after_id = before, .ns = "sales"});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->back().type, EventType::kData);
}

TEST_F(ReplTest, BootstrapTakenWhileWritersWriteCatchesUpWithOneIncremental) {
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      (void)orders_->Put(Put("w" + std::to_string(i % 50)).AddColumn("f", "n", std::to_string(i)));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto boot = Dump(std::nullopt);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  stop = true;
  writer.join();
  ASSERT_TRUE(Load(boot.dir).ok());
  // Catch up with one incremental: then both are equal.
  auto inc = Dump(boot.last_event_id);
  ASSERT_TRUE(Load(inc.dir).ok());
  EXPECT_EQ(Contents(*dst_, "sales"), Contents(*src_, "sales"));
}

TEST_F(ReplTest, LoadsAreIdempotentAndRenameTheNamespace) {
  ASSERT_TRUE(orders_->Put(Put("a", 5).AddColumn("f", "q", "v")).ok());
  auto boot = Dump(std::nullopt);
  ASSERT_TRUE(Load(boot.dir, "sales_dr").ok());
  ASSERT_TRUE(Load(boot.dir, "sales_dr").ok());  // again: nothing changes
  ASSERT_TRUE(orders_->Put(Put("b", 6).AddColumn("f", "q", "w")).ok());
  auto inc = Dump(boot.last_event_id);
  ASSERT_TRUE(Load(inc.dir, "sales_dr").ok());
  ASSERT_TRUE(Load(inc.dir, "sales_dr").ok());
  EXPECT_EQ(Contents(*dst_, "sales_dr"), Contents(*src_, "sales"));
  EXPECT_TRUE(Contents(*dst_, "sales").empty());
  auto text = repl::DescribeReplication(*dst_, *repl::ReplTarget::Parse("sales_dr"));
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("loaded through event " + std::to_string(inc.last_event_id) +
                       " from sales"), std::string::npos) << *text;
  EXPECT_NE(text->find("keeps events 604800 s"), std::string::npos) << *text;
  EXPECT_FALSE(repl::LoadedEventId(*dst_, *repl::ReplTarget::Parse("sales"))->has_value());
}

TEST_F(ReplTest, GapsAndUnknownTargetsGiveClearErrors) {
  auto boot = Dump(std::nullopt);
  ASSERT_TRUE(orders_->Put(Put("a").AddColumn("f", "q", "1")).ok());
  uint64_t mid = src_->LastEventId();
  ASSERT_TRUE(orders_->Put(Put("b").AddColumn("f", "q", "2")).ok());
  auto late = Dump(mid);
  Status s = Load(late.dir);
  EXPECT_TRUE(s.IsFailedPrecondition()) << s.ToString();  // no bootstrap yet
  ASSERT_TRUE(Load(boot.dir).ok());
  s = Load(late.dir);
  ASSERT_TRUE(s.IsFailedPrecondition()) << s.ToString();
  EXPECT_NE(s.message().find("is at event " + std::to_string(boot.last_event_id)),
            std::string::npos) << s.message();
  // A target that exists without a replication record needs --force.
  ASSERT_TRUE(dst_->admin().CreateNamespace("other").ok());
  ASSERT_TRUE(dst_->admin().CreateTable(TableDescriptor{{"other", "x"}, {Family("f")}}).ok());
  s = Load(boot.dir, "other");
  EXPECT_TRUE(s.IsFailedPrecondition()) << s.ToString();
  EXPECT_NE(s.message().find("--force"), std::string::npos);
}

TEST_F(ReplTest, DamagedOrTruncatedDumpsAreDetected) {
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(orders_->Put(Put("r" + std::to_string(i)).AddColumn("f", "q", "v")).ok());
  }
  auto boot = Dump(std::nullopt);
  std::string file = boot.dir + "/data/orders.cells";
  auto size = std::filesystem::file_size(file);
  {  // flip every bit of a byte in the middle (writing a fixed value could leave it unchanged)
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(size / 2));
    const char byte = static_cast<char>(f.get());
    f.seekp(static_cast<std::streamoff>(size / 2));
    f.put(static_cast<char>(~byte));
  }
  Status s = Load(boot.dir);
  EXPECT_EQ(s.code(), StatusCode::kDataLoss) << s.ToString();
  std::filesystem::resize_file(file, size - 5);
  s = Load(boot.dir);
  EXPECT_EQ(s.code(), StatusCode::kDataLoss) << s.ToString();
  std::filesystem::remove(boot.dir + "/_metadata");
  EXPECT_TRUE(Load(boot.dir).IsNotFound());
}

// Replaces the first "from" in a file by "to" (same length, so only a checksum can tell).
void Edit(const std::string& path, const std::string& from, const std::string& to) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  const size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from << " not in " << path;
  text.replace(at, from.size(), to);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

TEST_F(ReplTest, DamagedMetadataOrSchemaIsDetectedBeforeAnythingChanges) {
  ASSERT_TRUE(orders_->Put(Put("r1").AddColumn("f", "q", "v")).ok());
  for (const bool schema : {false, true}) {
    auto boot = Dump(std::nullopt);
    if (schema) {  // a family setting changed: still valid JSON
      Edit(boot.dir + "/schema.json", "\"replication_scope\": 1", "\"replication_scope\": 0");
    } else {  // the event id it covers changed: still valid JSON
      const std::string to = "\"to\": " + std::to_string(boot.last_event_id);
      Edit(boot.dir + "/_metadata", to, to.substr(0, to.size() - 1) + (to.back() == '9' ? "8" : "9"));
    }
    Status s = Load(boot.dir);
    EXPECT_EQ(s.code(), StatusCode::kDataLoss) << s.ToString();
    EXPECT_NE(s.message().find(schema ? "schema.json is damaged" : "_metadata is damaged"),
              std::string::npos)
        << s.ToString();
    EXPECT_FALSE(dst_->admin().NamespaceExists("sales").value());
  }
}

TEST_F(ReplTest, InterruptedBootstrapLoadRerunsToTheSameResult) {
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(orders_->Put(Put("r" + std::to_string(i)).AddColumn("f", "q", "v")).ok());
  }
  auto boot = Dump(std::nullopt);
  // Simulate a load that stopped half-way: its record says "loading" and some rows exist.
  ASSERT_TRUE(dst_->admin().CreateNamespace("sales").ok());
  ASSERT_TRUE(dst_->admin().CreateTable(TableDescriptor{{"sales", "orders"}, {Logged("f")}}).ok());
  auto half = std::move(dst_->OpenTable({"sales", "orders"})).value();
  ASSERT_TRUE(half->Put(Put("junk").AddColumn("f", "q", "partial")).ok());
  repl::LoadOptions force;
  force.force = true;
  ASSERT_TRUE(repl::Load(*dst_, boot.dir, force).ok());
  EXPECT_EQ(Contents(*dst_, "sales"), Contents(*src_, "sales"));
}

TEST_F(ReplTest, ExpiredEventsNeedANewBootstrap) {
  ManualClock clock(1'700'000'000'000);
  TempDir dir;
  StoreOptions o;
  o.clock = &clock;
  auto store = std::move(Store::Open(dir.path(), o)).value();
  ASSERT_TRUE(store->admin().CreateTable(TableDescriptor{{"default", "t"}, {Logged("f")}}).ok());
  auto t = std::move(store->OpenTable({"default", "t"})).value();
  ASSERT_TRUE(t->Put(Put("a").AddColumn("f", "q", "1")).ok());
  clock.Advance(8LL * 24 * 3600 * 1000);
  ASSERT_TRUE(t->Put(Put("b").AddColumn("f", "q", "2")).ok());
  ASSERT_TRUE(store->TrimEventLog().ok());
  repl::DumpOptions d;
  d.from = 0;
  d.dir = NewDir();
  auto r = repl::Dump(*store, *repl::ReplTarget::Parse("default"), d);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("bootstrap"), std::string::npos);
}

}  // namespace
}  // namespace cellar
