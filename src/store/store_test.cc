// Opening, admin (namespaces and tables) and the event log of the embedded store.

#include <algorithm>

#include "store/test_util.h"

namespace cellar {
namespace {

using testing::Family;
using testing::StoreFixture;

class StoreTest : public StoreFixture {};

TEST_F(StoreTest, DataSurvivesCloseAndReopen) {
  CreateTable("t", {Family("f", 3)});
  ASSERT_OK(table_->Put(Put("r1").AddColumn("f", "q", 10, "v")));
  Reopen();
  auto t = store_->OpenTable(*TableName::Parse("t"));
  ASSERT_TRUE(t.ok());
  auto r = (*t)->Get(Get("r1"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Value("f", "q"), "v");
  auto desc = store_->admin().DescribeTable(*TableName::Parse("t"));
  ASSERT_TRUE(desc.ok());
  EXPECT_EQ(desc->families[0].max_versions, 3);
}

TEST_F(StoreTest, SecondOpenOfSameDirectoryIsUnavailable) {
  auto second = Store::Open(dir_.path());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable) << second.status().ToString();
}

TEST_F(StoreTest, OpenWithoutCreateOnMissingDirectoryIsNotFound) {
  testing::TempDir empty;
  StoreOptions o;
  o.create_if_missing = false;
  auto s = Store::Open(empty.path() + "/nothing", o);
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
}

TEST_F(StoreTest, NamespacesLifecycle) {
  Admin& a = store_->admin();
  EXPECT_TRUE(*a.NamespaceExists("default"));
  ASSERT_OK(a.CreateNamespace("sales"));
  EXPECT_TRUE(a.CreateNamespace("sales").IsAlreadyExists());
  EXPECT_TRUE(a.CreateNamespace("bad name").IsInvalidArgument());
  CreateTable("sales:orders", {Family("f")});
  EXPECT_TRUE(a.DropNamespace("sales").IsFailedPrecondition());
  EXPECT_TRUE(a.DropNamespace("default").IsFailedPrecondition());
  ASSERT_OK(a.DisableTable(*TableName::Parse("sales:orders")));
  ASSERT_OK(a.DropTable(*TableName::Parse("sales:orders")));
  ASSERT_OK(a.DropNamespace("sales"));
  EXPECT_TRUE(a.DropNamespace("sales").IsNotFound());
  auto list = a.ListNamespaces();
  EXPECT_EQ(*list, std::vector<std::string>{"default"});
}

TEST_F(StoreTest, CreateTableNeedsNamespaceFamiliesAndUniqueName) {
  Admin& a = store_->admin();
  TableName t{"nope", "t"};
  EXPECT_TRUE(a.CreateTable(TableDescriptor{t, {Family("f")}}).IsNotFound());
  EXPECT_TRUE(a.CreateTable(TableDescriptor{TableName{"default", "t"}, {}}).IsInvalidArgument());
  EXPECT_TRUE(a.CreateTable(TableDescriptor{TableName{"default", "t"}, {Family("f"), Family("f")}})
                  .IsInvalidArgument());
  EXPECT_TRUE(a.CreateTable(TableDescriptor{TableName{"default", "t"}, {Family("a:b")}})
                  .IsInvalidArgument());
  CreateTable("t", {Family("f")});
  EXPECT_TRUE(a.CreateTable(TableDescriptor{TableName{"default", "t"}, {Family("f")}})
                  .IsAlreadyExists());
}

TEST_F(StoreTest, CreateTablesCreatesEveryTableWithOneEventEach) {
  ASSERT_OK(store_->admin().CreateNamespace("ns"));
  const uint64_t before = store_->LastEventId();
  std::vector<TableDescriptor> descs = {
      TableDescriptor{TableName{"ns", "a"}, {Family("g"), Family("f", 4)}},
      TableDescriptor{TableName{"default", "b"}, {Family("f")}}};
  ASSERT_OK(store_->admin().CreateTables(descs));
  auto a = store_->admin().DescribeTable(TableName{"ns", "a"});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_EQ(a->families.size(), 2u);
  EXPECT_EQ(a->families[0].name, "f");  // sorted, as CreateTable sorts
  EXPECT_EQ(a->families[0].max_versions, 4);
  // Each table is its own: writes to one are not seen in the other, also after a reopen.
  auto ta = store_->OpenTable(TableName{"ns", "a"});
  ASSERT_TRUE(ta.ok());
  ASSERT_OK((*ta)->Put(Put("r").AddColumn("f", "q", 1, "in a")));
  Reopen();
  auto tb = store_->OpenTable(TableName{"default", "b"});
  ASSERT_TRUE(tb.ok());
  auto rb = (*tb)->Get(Get("r"));
  ASSERT_TRUE(rb.ok());
  EXPECT_TRUE(rb->empty());
  ta = store_->OpenTable(TableName{"ns", "a"});
  ASSERT_TRUE(ta.ok());
  EXPECT_EQ((*ta)->Get(Get("r"))->Value("f", "q"), "in a");
  auto events = store_->ReadEvents(EventQuery{.after_id = before});
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].type, EventType::kCreateTable);
  EXPECT_EQ((*events)[0].table, (TableName{"ns", "a"}));
  EXPECT_EQ((*events)[1].type, EventType::kCreateTable);
  EXPECT_EQ((*events)[1].table, (TableName{"default", "b"}));
  EXPECT_EQ((*events)[1].id, (*events)[0].id + 1);
  EXPECT_OK(store_->admin().CreateTables(std::vector<TableDescriptor>{}));
}

TEST_F(StoreTest, CreateTablesCreatesNoneWhenOneCannotBeCreated) {
  Admin& a = store_->admin();
  CreateTable("taken", {Family("f")});
  const TableDescriptor fresh{TableName{"default", "fresh"}, {Family("f")}};
  auto fails = [&](const TableDescriptor& bad) {
    return a.CreateTables(std::vector<TableDescriptor>{fresh, bad});
  };
  EXPECT_TRUE(fails(TableDescriptor{TableName{"default", "taken"}, {Family("f")}})
                  .IsAlreadyExists());
  EXPECT_TRUE(fails(TableDescriptor{TableName{"nope", "t"}, {Family("f")}}).IsNotFound());
  EXPECT_TRUE(fails(TableDescriptor{TableName{"default", "t"}, {}}).IsInvalidArgument());
  EXPECT_TRUE(fails(fresh).IsInvalidArgument());  // named twice
  EXPECT_FALSE(*a.TableExists(fresh.name));
  auto tables = a.ListTables();
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ(*tables, std::vector<TableName>{(TableName{"default", "taken"})});
}

TEST_F(StoreTest, FamilyDefaultsAreHBases) {
  CreateTable("t", {Family("f")});
  auto d = store_->admin().DescribeTable(TableName{"default", "t"});
  ASSERT_TRUE(d.ok());
  const auto& f = d->families[0];
  EXPECT_EQ(f.max_versions, 1);
  EXPECT_EQ(f.min_versions, 0);
  EXPECT_EQ(f.ttl_seconds, kForever);
  EXPECT_FALSE(f.keep_deleted_cells);
  EXPECT_FALSE(f.new_version_behavior);
  EXPECT_EQ(f.compression, Compression::kNone);
  EXPECT_EQ(f.block_size, 65536);
  EXPECT_EQ(f.bloom_filter, BloomFilter::kRow);
  EXPECT_TRUE(f.block_cache);
  EXPECT_FALSE(f.in_memory);
  EXPECT_EQ(f.replication_scope, 0);
}

TEST_F(StoreTest, ListTablesMatchesRegexAndSorts) {
  ASSERT_OK(store_->admin().CreateNamespace("ns"));
  CreateTable("b", {Family("f")});
  CreateTable("a", {Family("f")});
  CreateTable("ns:c", {Family("f")});
  auto all = store_->admin().ListTables(".*");
  ASSERT_TRUE(all.ok());
  std::vector<std::string> names;
  for (auto& t : *all) names.push_back(t.ToString());
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "ns:c"}));
  auto ns = store_->admin().ListTables("ns:.*");
  ASSERT_EQ(ns->size(), 1u);
  EXPECT_TRUE(store_->admin().ListTables("(").status().IsInvalidArgument());
}

TEST_F(StoreTest, DisabledTableRejectsReadsAndWritesAndDropNeedsDisable) {
  CreateTable("t", {Family("f")});
  TableName t{"default", "t"};
  Admin& a = store_->admin();
  EXPECT_TRUE(a.DropTable(t).IsFailedPrecondition());
  ASSERT_OK(a.DisableTable(t));
  EXPECT_FALSE(*a.IsTableEnabled(t));
  EXPECT_TRUE(table_->Put(Put("r").AddColumn("f", "q", "v")).IsFailedPrecondition());
  EXPECT_TRUE(table_->Get(Get("r")).status().IsFailedPrecondition());
  EXPECT_TRUE(a.DisableTable(t).IsFailedPrecondition());
  ASSERT_OK(a.EnableTable(t));
  ASSERT_OK(table_->Put(Put("r").AddColumn("f", "q", "v")));
  ASSERT_OK(a.DisableTable(t));
  ASSERT_OK(a.DropTable(t));
  EXPECT_FALSE(*a.TableExists(t));
  EXPECT_TRUE(table_->Get(Get("r")).status().IsNotFound());
  EXPECT_TRUE(store_->OpenTable(t).status().IsNotFound());
}

TEST_F(StoreTest, AlterAddsModifiesAndRemovesFamilies) {
  CreateTable("t", {Family("f")});
  TableName t{"default", "t"};
  Admin& a = store_->admin();
  ASSERT_OK(table_->Put(Put("r").AddColumn("f", "q", 1, "v1")));
  ASSERT_OK(a.AddColumnFamily(t, Family("g")));
  EXPECT_TRUE(a.AddColumnFamily(t, Family("g")).IsAlreadyExists());
  ASSERT_OK(table_->Put(Put("r").AddColumn("g", "q", 1, "w")));
  auto f = Family("f", 5);
  f.compression = Compression::kZstd;
  ASSERT_OK(a.ModifyColumnFamily(t, f));
  ASSERT_OK(table_->Put(Put("r").AddColumn("f", "q", 2, "v2")));
  EXPECT_EQ(GetCells(Get("r").AddFamily("f").SetMaxVersions(5)),
            (std::vector<std::string>{"f:q@2=v2", "f:q@1=v1"}));
  ASSERT_OK(a.DeleteColumnFamily(t, "f"));
  EXPECT_TRUE(table_->Get(Get("r").AddFamily("f")).status().IsNotFound());
  EXPECT_EQ(GetCells(Get("r")), std::vector<std::string>{"g:q@1=w"});
  EXPECT_TRUE(a.DeleteColumnFamily(t, "g").IsInvalidArgument());
  Reopen();
  auto d = store_->admin().DescribeTable(t);
  ASSERT_EQ(d->families.size(), 1u);
  EXPECT_EQ(d->families[0].name, "g");
}

TEST_F(StoreTest, TruncateKeepsSchemaAndEnabledState) {
  auto f = Family("f", 4);
  CreateTable("t", {f});
  TableName t{"default", "t"};
  ASSERT_OK(table_->Put(Put("r").AddColumn("f", "q", "v")));
  ASSERT_OK(store_->admin().TruncateTable(t));
  EXPECT_TRUE(table_->Get(Get("r"))->empty());
  EXPECT_EQ(store_->admin().DescribeTable(t)->families[0].max_versions, 4);
  EXPECT_TRUE(*store_->admin().IsTableEnabled(t));
  ASSERT_OK(table_->Put(Put("r").AddColumn("f", "q", "v2")));
  Reopen();
  auto tb = store_->OpenTable(t);
  EXPECT_EQ((*tb)->Get(Get("r"))->Value("f", "q"), "v2");
}

TEST_F(StoreTest, EventLogRecordsScopeOneDataAndDdlOnly) {
  auto logged = Family("l");
  logged.replication_scope = 1;
  CreateTable("t", {Family("f"), logged});
  uint64_t after_create = store_->LastEventId();
  ASSERT_OK(table_->Put(Put("r").AddColumn("f", "q", 5, "not logged")));
  EXPECT_EQ(store_->LastEventId(), after_create);
  ASSERT_OK(table_->Put(Put("r").AddColumn("l", "q", 6, "logged").AddColumn("f", "x", 6, "no")));
  ASSERT_OK(table_->Delete(Delete("r").AddColumns("l", "q", 7)));
  auto events = store_->ReadEvents(EventQuery{});
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[0].type, EventType::kCreateTable);
  ASSERT_TRUE((*events)[0].descriptor.has_value());
  EXPECT_EQ((*events)[0].descriptor->families.size(), 2u);
  EXPECT_EQ((*events)[1].type, EventType::kData);
  ASSERT_EQ((*events)[1].cells.size(), 1u);
  EXPECT_EQ((*events)[1].cells[0].value, "logged");
  EXPECT_EQ((*events)[2].cells[0].type, CellType::kDeleteColumn);
  EXPECT_LT((*events)[0].id, (*events)[1].id);
  EXPECT_LT((*events)[1].id, (*events)[2].id);
  auto after = store_->ReadEvents(EventQuery{.after_id = (*events)[1].id});
  EXPECT_EQ(after->size(), 1u);
}

TEST_F(StoreTest, EventIdsKeepIncreasingAcrossReopen) {
  auto logged = Family("l");
  logged.replication_scope = 1;
  CreateTable("t", {logged});
  ASSERT_OK(table_->Put(Put("r").AddColumn("l", "q", "v")));
  uint64_t before = store_->LastEventId();
  Reopen();
  EXPECT_EQ(store_->LastEventId(), before);
  auto t = store_->OpenTable(TableName{"default", "t"});
  ASSERT_OK((*t)->Put(Put("r").AddColumn("l", "q", "v2")));
  EXPECT_GT(store_->LastEventId(), before);
}

TEST_F(StoreTest, EventQueryFiltersByNamespaceAndTable) {
  ASSERT_OK(store_->admin().CreateNamespace("a"));
  auto logged = Family("l");
  logged.replication_scope = 1;
  CreateTable("a:one", {logged});
  ASSERT_OK(table_->Put(Put("r").AddColumn("l", "q", "1")));
  CreateTable("a:two", {logged});
  ASSERT_OK(table_->Put(Put("r").AddColumn("l", "q", "2")));
  auto one = store_->ReadEvents(EventQuery{.ns = "a", .table = "one"});
  ASSERT_TRUE(one.ok());
  for (const auto& e : *one) EXPECT_TRUE(e.table.qualifier == "one" || e.table.qualifier.empty());
  EXPECT_EQ(std::count_if(one->begin(), one->end(),
                          [](const Event& e) { return e.type == EventType::kData; }),
            1);
  auto limited = store_->ReadEvents(EventQuery{.ns = "a", .max_events = 2});
  EXPECT_EQ(limited->size(), 2u);
}

TEST_F(StoreTest, TrimmedEventsGiveDataLossNamingBootstrap) {
  auto logged = Family("l");
  logged.replication_scope = 1;
  CreateTable("t", {logged});
  ASSERT_OK(table_->Put(Put("r").AddColumn("l", "q", "old")));
  uint64_t old_id = store_->LastEventId();
  clock_.Advance(8LL * 24 * 3600 * 1000);  // past the 7-day default retention
  ASSERT_OK(table_->Put(Put("r").AddColumn("l", "q", "new")));
  ASSERT_OK(store_->TrimEventLog());
  auto from_start = store_->ReadEvents(EventQuery{.after_id = 0});
  ASSERT_FALSE(from_start.ok());
  EXPECT_EQ(from_start.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(from_start.status().message().find("bootstrap"), std::string::npos);
  auto recent = store_->ReadEvents(EventQuery{.after_id = old_id});
  ASSERT_TRUE(recent.ok()) << recent.status().ToString();
  ASSERT_EQ(recent->size(), 1u);
  EXPECT_EQ((*recent)[0].cells[0].value, "new");
}

}  // namespace
}  // namespace cellar

namespace cellar {
namespace {

class AtomicWriteTest : public testing::StoreFixture {};

TEST_F(AtomicWriteTest, MutateAtomicallySpansRowsAndTables) {
  auto logged = testing::Family("f");
  logged.replication_scope = 1;
  CreateTable("a", {logged});
  CreateTable("b", {testing::Family("f")});
  RowMutations r1("x"), r2("y"), r3("pos");
  r1.Add(Put("x", 5).AddColumn("f", "q", "1"));
  r2.Add(Put("y", 5).AddColumn("f", "q", "2")).Add(Delete("y").AddColumns("f", "old", 5));
  r3.Add(Put("pos", 5).AddColumn("f", "lsn", "0/16B3748"));
  std::vector<TableRowMutations> rows = {{TableName{"default", "a"}, r1},
                                         {TableName{"default", "a"}, r2},
                                         {TableName{"default", "b"}, r3}};
  ASSERT_OK(store_->MutateAtomically(rows));
  auto a = store_->OpenTable(TableName{"default", "a"});
  EXPECT_EQ((*a)->Get(Get("y"))->Value("f", "q"), "2");
  EXPECT_EQ(table_->Get(Get("pos"))->Value("f", "lsn"), "0/16B3748");
  auto events = store_->ReadEvents(EventQuery{.table = "a"});
  ASSERT_EQ(events->back().type, EventType::kData);
  EXPECT_EQ(events->back().cells.size(), 3u);  // two puts and one marker, in one event
}

TEST_F(AtomicWriteTest, NothingIsWrittenWhenOneRowIsInvalid) {
  CreateTable("a", {testing::Family("f")});
  RowMutations good("x"), bad("y");
  good.Add(Put("x").AddColumn("f", "q", "1"));
  bad.Add(Put("y").AddColumn("nope", "q", "2"));
  std::vector<TableRowMutations> rows = {{TableName{"default", "a"}, good},
                                         {TableName{"default", "a"}, bad}};
  EXPECT_TRUE(store_->MutateAtomically(rows).IsNotFound());
  EXPECT_TRUE(table_->Get(Get("x"))->empty());
}

}  // namespace
}  // namespace cellar

namespace cellar {
namespace {

class SnapshotTest : public testing::StoreFixture {};

TEST_F(SnapshotTest, ShowsTheStoreAsOfItsEventIdWithCellsInWriteOrder) {
  auto f = testing::Family("f", 5);
  f.replication_scope = 1;
  f.new_version_behavior = true;
  CreateTable("t", {f});
  ASSERT_OK(table_->Put(Put("r", 10).AddColumn("f", "q", "before")));
  ASSERT_OK(table_->Delete(Delete("r", 10)));
  ASSERT_OK(table_->Put(Put("r", 10).AddColumn("f", "q", "after")));  // visible (NVB)
  auto snap = store_->CreateSnapshot();
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ((*snap)->event_id(), store_->LastEventId());
  ASSERT_OK(table_->Put(Put("late", 11).AddColumn("f", "q", "not in the snapshot")));
  ASSERT_EQ((*snap)->tables().size(), 1u);
  std::vector<std::string> seen;
  ASSERT_OK((*snap)->ForEachRow(TableName{"default", "t"},
                                [&](const std::string& family, const std::string& row,
                                    const std::vector<Cell>& cells) {
                                  for (const Cell& c : cells) {
                                    seen.push_back(row + " " + std::string(CellTypeName(c.type)) +
                                                   " " + c.value);
                                  }
                                  return Status::Ok();
                                }));
  // The put the delete masks is gone; the marker and the re-put remain, in write order.
  EXPECT_EQ(seen, (std::vector<std::string>{"r DeleteFamily ", "r Put after"}));
}

}  // namespace
}  // namespace cellar

namespace cellar {
namespace {

class RetentionTest : public testing::StoreFixture {};

TEST_F(RetentionTest, SetEventRetentionIsStoredAndUsedForTrimming) {
  auto logged = testing::Family("l");
  logged.replication_scope = 1;
  CreateTable("t", {logged});
  EXPECT_TRUE(store_->SetEventRetention(0).IsInvalidArgument());
  ASSERT_OK(store_->SetEventRetention(3600));
  Reopen();  // the store keeps it, whatever StoreOptions says
  EXPECT_EQ(store_->Stats()->event_retention_seconds, 3600);
  table_ = std::move(store_->OpenTable(TableName{"default", "t"})).value();
  ASSERT_OK(table_->Put(Put("r").AddColumn("l", "q", "old")));
  const uint64_t old_id = store_->LastEventId();
  clock_.Advance(2 * 3600 * 1000);  // past one hour, well within the default week
  ASSERT_OK(table_->Put(Put("r").AddColumn("l", "q", "new")));
  ASSERT_OK(store_->TrimEventLog());
  EXPECT_EQ(store_->ReadEvents(EventQuery{}).status().code(), StatusCode::kDataLoss);
  EXPECT_GE(store_->Stats()->events_trimmed_through, old_id);
}

}  // namespace
}  // namespace cellar
