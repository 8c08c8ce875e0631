// The same semantic cases through the embedded backend (a Store) and the remote backend (a
// Connection to `cellar serve`'s Thrift2 gateway over another store, on loopback): each case
// asserts HBase's answer, so both backends must give it.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "cellar/filters.h"
#include "cellar/remote.h"
#include "cellar/store.h"
#include "server/thrift/thrift2_gateway.h"
#include "store/test_util.h"

namespace cellar {
namespace {

using testing::TempDir;

enum class Backend { kEmbedded, kRemote };

class BackendParityTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto store = Store::Open(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    if (GetParam() == Backend::kEmbedded) {
      connection_ = store_.get();
    } else {
      server::ThriftGatewayOptions options;
      options.port = 0;
      options.workers = 4;
      gateway_ = server::MakeThrift2Gateway(*store_, options);
      ASSERT_OK(gateway_->Start());
      RemoteOptions remote;
      remote.host = "127.0.0.1";
      remote.port = gateway_->port();
      remote.retries = 1;
      remote.backoff_ms = 10;
      auto c = ConnectRemote(remote);
      ASSERT_TRUE(c.ok()) << c.status().ToString();
      remote_ = std::move(*c);
      connection_ = remote_.get();
    }
    TableDescriptor desc{TableName{"default", "t"}, {testing::Family("f", 3), testing::Family("g")}};
    ASSERT_OK(admin().CreateTable(desc));
    auto t = connection_->OpenTable(desc.name);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    table_ = std::move(*t);
  }

  void TearDown() override {
    table_.reset();
    if (remote_) EXPECT_OK(remote_->Close());
    remote_.reset();
    if (gateway_) gateway_->Stop();
    gateway_.reset();
  }

  Admin& admin() { return connection_->admin(); }
  Table& table() { return *table_; }

  std::vector<std::string> ScanRows(const Scan& scan) {
    std::vector<std::string> rows;
    auto scanner = table().GetScanner(scan);
    EXPECT_TRUE(scanner.ok()) << scanner.status().ToString();
    if (!scanner.ok()) return rows;
    while (true) {
      auto next = (*scanner)->Next();
      EXPECT_TRUE(next.ok()) << next.status().ToString();
      if (!next.ok() || !*next) break;
      rows.push_back((*next)->row());
    }
    return rows;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<server::Gateway> gateway_;
  std::unique_ptr<Connection> remote_;
  Connection* connection_ = nullptr;
  std::unique_ptr<Table> table_;
};

TEST_P(BackendParityTest, PutThenGetReturnsVersionsNewestFirst) {
  ASSERT_OK(table().Put(Put("r").AddColumn("f", "q", 10, "a")));
  ASSERT_OK(table().Put(Put("r").AddColumn("f", "q", 20, "b")));
  ASSERT_OK(table().Put(Put("r").AddColumn("f", "q", 30, "c")));
  auto row = table().Get(Get("r").SetMaxVersions(2));
  ASSERT_TRUE(row.ok()) << row.status().ToString();
  ASSERT_EQ(row->size(), 2u);
  EXPECT_EQ(row->cells()[0].value, "c");
  EXPECT_EQ(row->cells()[0].timestamp, 30);
  EXPECT_EQ(row->cells()[1].value, "b");
  auto older = table().Get(Get("r").SetTimeRange(TimeRange{0, 25}));
  ASSERT_TRUE(older.ok());
  EXPECT_EQ(older->Value("f", "q"), "b");
}

TEST_P(BackendParityTest, MissingRowsComeBackEmptyInPlace) {
  ASSERT_OK(table().Put(Put("a").AddColumn("f", "q", "1")));
  std::vector<Get> gets{Get("a"), Get("nope"), Get("a")};
  auto rows = table().Get(std::span<const Get>(gets));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].Value("f", "q"), "1");
  EXPECT_TRUE((*rows)[1].empty());
  EXPECT_EQ((*rows)[2].Value("f", "q"), "1");
}

TEST_P(BackendParityTest, GetIntoRefillsOneResultAsGetWould) {
  ASSERT_OK(table().Put(Put("a").AddColumn("f", "q", 10, "1").AddColumn("f", "r", 10, "2")));
  ASSERT_OK(table().Put(Put("b").AddColumn("f", "q", 20, "3")));
  RowResult row;
  for (const char* key : {"a", "b", "nope", "a"}) {
    auto expected = table().Get(Get(key));
    ASSERT_TRUE(expected.ok()) << expected.status().ToString();
    ASSERT_OK(table().GetInto(Get(key), &row));
    EXPECT_EQ(row.row(), expected->row()) << key;
    ASSERT_EQ(row.size(), expected->size()) << key;
    for (size_t i = 0; i < row.size(); ++i) {
      EXPECT_EQ(row.cells()[i].qualifier, expected->cells()[i].qualifier) << key;
      EXPECT_EQ(row.cells()[i].timestamp, expected->cells()[i].timestamp) << key;
      EXPECT_EQ(row.cells()[i].value, expected->cells()[i].value) << key;
    }
  }
  EXPECT_EQ(row.size(), 2u);
  ASSERT_OK(table().GetInto(Get("a").SetFilter(MakePrefixFilter("b")), &row));  // filtered out
  EXPECT_TRUE(row.empty());
}

TEST_P(BackendParityTest, DeleteKindsMaskWhatHBaseMasks) {
  ASSERT_OK(table().Put(Put("r").AddColumn("f", "a", 10, "1").AddColumn("f", "b", 10, "2")));
  ASSERT_OK(table().Put(Put("r").AddColumn("f", "a", 20, "3").AddColumn("g", "c", 10, "4")));
  ASSERT_OK(table().Delete(Delete("r").AddColumn("f", "a", 20)));  // one version
  auto row = table().Get(Get("r"));
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->Value("f", "a"), "1");
  ASSERT_OK(table().Delete(Delete("r").AddFamily("g").AddColumns("f", "b")));
  row = table().Get(Get("r"));
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->size(), 1u);
  ASSERT_OK(table().Delete(Delete("r")));
  row = table().Get(Get("r"));
  ASSERT_TRUE(row.ok());
  EXPECT_TRUE(row->empty());
}

TEST_P(BackendParityTest, ScanHonoursRangesPrefixFilterReverseAndLimit) {
  for (std::string r : {"a1", "a2", "b1", "b2", "c1"}) {
    ASSERT_OK(table().Put(Put(r).AddColumn("f", "q", r == "b2" ? "hit" : "miss")));
  }
  EXPECT_EQ(ScanRows(Scan().SetStartRow("a2").SetStopRow("c1")),
            (std::vector<std::string>{"a2", "b1", "b2"}));
  EXPECT_EQ(ScanRows(Scan().SetRowPrefix("b")), (std::vector<std::string>{"b1", "b2"}));
  EXPECT_EQ(ScanRows(Scan().SetReversed(true).SetLimit(2)),
            (std::vector<std::string>{"c1", "b2"}));
  auto filter = ParseFilterString("ValueFilter(=, 'binary:hit')");
  ASSERT_TRUE(filter.ok()) << filter.status().ToString();
  EXPECT_EQ(ScanRows(Scan().SetFilter(*filter)), (std::vector<std::string>{"b2"}));
  EXPECT_EQ(ScanRows(Scan().SetCaching(1)).size(), 5u);  // one row per round trip
}

TEST_P(BackendParityTest, IncrementAppendAndCheckAndMutate) {
  auto counted = table().Increment(Increment("r").AddColumn("f", "n", 5));
  ASSERT_TRUE(counted.ok()) << counted.status().ToString();
  counted = table().Increment(Increment("r").AddColumn("f", "n", -2));
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(counted->Value("f", "n"), std::string("\0\0\0\0\0\0\0\x03", 8));
  auto appended = table().Append(Append("r").AddColumn("f", "s", "ab"));
  ASSERT_TRUE(appended.ok()) << appended.status().ToString();
  appended = table().Append(Append("r").AddColumn("f", "s", "cd"));
  ASSERT_TRUE(appended.ok());
  EXPECT_EQ(appended->Value("f", "s"), "abcd");

  CheckAndMutate absent{.row = "r", .family = "f", .qualifier = "x", .expected = std::nullopt,
                        .action = Put("r").AddColumn("f", "x", "first")};
  auto applied = table().CheckAndMutate(absent);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_TRUE(*applied);
  applied = table().CheckAndMutate(absent);  // now present: no longer absent
  ASSERT_TRUE(applied.ok());
  EXPECT_FALSE(*applied);
  CheckAndMutate equal{.row = "r", .family = "f", .qualifier = "x", .expected = "first",
                       .action = Delete("r").AddColumns("f", "x")};
  applied = table().CheckAndMutate(equal);
  ASSERT_TRUE(applied.ok());
  EXPECT_TRUE(*applied);
  auto row = table().Get(Get("r").AddColumn("f", "x"));
  ASSERT_TRUE(row.ok());
  EXPECT_TRUE(row->empty());
}

TEST_P(BackendParityTest, BatchGivesOneResultPerActionInOrder) {
  std::vector<BatchAction> actions;
  actions.emplace_back(Put("a").AddColumn("f", "q", "1"));
  actions.emplace_back(Put("b").AddColumn("f", "q", "2"));
  actions.emplace_back(Get("a"));
  actions.emplace_back(Increment("c").AddColumn("f", "n", 1));
  actions.emplace_back(Put("d").AddColumn("nofamily", "q", "x"));
  actions.emplace_back(Delete("b"));
  auto results = table().Batch(actions);
  ASSERT_EQ(results.size(), actions.size());
  EXPECT_OK(results[0].status);
  EXPECT_OK(results[1].status);
  EXPECT_OK(results[2].status);
  EXPECT_EQ(results[2].result.Value("f", "q"), "1");
  EXPECT_OK(results[3].status);
  EXPECT_FALSE(results[4].status.ok());
  EXPECT_OK(results[5].status);
  EXPECT_EQ(ScanRows(Scan()), (std::vector<std::string>{"a", "c"}));
}

TEST_P(BackendParityTest, MutateAtomicallyWritesEveryRow) {
  std::vector<TableRowMutations> rows;
  for (std::string r : {"x", "y", "z"}) {
    rows.push_back({TableName{"default", "t"}, RowMutations(r).Add(Put(r).AddColumn("f", "q", r))});
  }
  rows.push_back({TableName{"default", "t"},
                  RowMutations("y")
                      .Add(Delete("y").AddColumns("f", "q"))
                      .Add(Put("y").AddColumn("g", "c", 5, "v"))});
  ASSERT_OK(connection_->MutateAtomically(rows, Durability::kSyncWal));
  EXPECT_EQ(ScanRows(Scan()), (std::vector<std::string>{"x", "y", "z"}));
  auto y = table().Get(Get("y"));
  ASSERT_TRUE(y.ok());
  EXPECT_EQ(y->Value("g", "c"), "v");
  EXPECT_EQ(y->Value("f", "q"), std::nullopt);
}

TEST_P(BackendParityTest, MutateAtomicallyKeepsTheOrderOfADeleteAndARePut) {
  // As a replicator writes a row deleted and inserted again in one transaction: under
  // NEW_VERSION_BEHAVIOR the re-put survives only if it is written after the delete.
  auto nvb = testing::Family("f", 3);
  nvb.new_version_behavior = true;
  ASSERT_OK(admin().CreateTable(TableDescriptor{TableName{"default", "nvb"}, {nvb}}));
  const TableName name{"default", "nvb"};
  std::vector<TableRowMutations> rows;
  rows.push_back({name, RowMutations("y").Add(Put("y").AddColumn("f", "q", 5, "old"))});
  rows.push_back({name, RowMutations("y").Add(Delete("y"))});
  rows.push_back({name, RowMutations("y").Add(Put("y").AddColumn("f", "q", 5, "new"))});
  rows.push_back({name, RowMutations("checkpoint").Add(Put("checkpoint").AddColumn("f", "p", "1"))});
  ASSERT_OK(connection_->MutateAtomically(rows, Durability::kSyncWal));
  auto table = connection_->OpenTable(name);
  ASSERT_TRUE(table.ok());
  auto y = (*table)->Get(Get("y"));
  ASSERT_TRUE(y.ok());
  EXPECT_EQ(y->Value("f", "q"), "new");
}

TEST_P(BackendParityTest, AdminLifecycleAndItsErrors) {
  ASSERT_OK(admin().CreateNamespace("ns"));
  EXPECT_EQ(admin().CreateNamespace("ns").code(), StatusCode::kAlreadyExists);
  auto namespaces = admin().ListNamespaces();
  ASSERT_TRUE(namespaces.ok());
  EXPECT_NE(std::find(namespaces->begin(), namespaces->end(), "ns"), namespaces->end());
  TableName name{"ns", "u"};
  ASSERT_OK(admin().CreateTable(TableDescriptor{name, {testing::Family("cf", 5)}}));
  EXPECT_EQ(admin().CreateTable(TableDescriptor{name, {testing::Family("cf")}}).code(),
            StatusCode::kAlreadyExists);
  auto desc = admin().DescribeTable(name);
  ASSERT_TRUE(desc.ok()) << desc.status().ToString();
  ASSERT_EQ(desc->families.size(), 1u);
  EXPECT_EQ(desc->families[0].max_versions, 5);
  ASSERT_OK(admin().AddColumnFamily(name, testing::Family("extra")));
  auto tables = admin().ListTables("ns:.*");
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ(*tables, (std::vector<TableName>{name}));
  EXPECT_EQ(admin().DropTable(name).code(), StatusCode::kFailedPrecondition);  // still enabled
  ASSERT_OK(admin().DisableTable(name));
  auto enabled = admin().IsTableEnabled(name);
  ASSERT_TRUE(enabled.ok());
  EXPECT_FALSE(*enabled);
  ASSERT_OK(admin().DropTable(name));
  auto exists = admin().TableExists(name);
  ASSERT_TRUE(exists.ok());
  EXPECT_FALSE(*exists);
  ASSERT_OK(admin().DropNamespace("ns"));
  EXPECT_EQ(connection_->OpenTable(TableName{"default", "missing"}).status().code(),
            StatusCode::kNotFound);
}

TEST_P(BackendParityTest, CreateTablesCreatesAllOrNone) {
  ASSERT_OK(admin().CreateNamespace("ns"));
  const TableDescriptor a{TableName{"ns", "a"}, {testing::Family("cf", 2)}};
  const TableDescriptor b{TableName{"ns", "b"}, {testing::Family("cf")}};
  const TableDescriptor c{TableName{"ns", "c"}, {testing::Family("cf")}};
  ASSERT_OK(admin().CreateTables(std::vector<TableDescriptor>{a, b}));
  auto described = admin().DescribeTable(a.name);
  ASSERT_TRUE(described.ok()) << described.status().ToString();
  EXPECT_EQ(described->families[0].max_versions, 2);
  EXPECT_TRUE(*admin().TableExists(b.name));
  // One table exists: AlreadyExists, and the other is not created.
  EXPECT_EQ(admin().CreateTables(std::vector<TableDescriptor>{c, a}).code(),
            StatusCode::kAlreadyExists);
  EXPECT_FALSE(*admin().TableExists(c.name));
  // One table cannot be created (its namespace is missing): the ones before it are not left.
  const TableDescriptor lost{TableName{"missing", "t"}, {testing::Family("cf")}};
  EXPECT_FALSE(admin().CreateTables(std::vector<TableDescriptor>{c, lost}).ok());
  EXPECT_FALSE(*admin().TableExists(c.name));
  ASSERT_OK(admin().CreateTables(std::vector<TableDescriptor>{c}));
  EXPECT_TRUE(*admin().TableExists(c.name));
}

TEST_P(BackendParityTest, WritesToAnUnknownFamilyOrDisabledTableFail) {
  EXPECT_EQ(table().Put(Put("r").AddColumn("nope", "q", "v")).code(), StatusCode::kNotFound);
  ASSERT_OK(admin().DisableTable(TableName{"default", "t"}));
  EXPECT_EQ(table().Put(Put("r").AddColumn("f", "q", "v")).code(),
            StatusCode::kFailedPrecondition);
  ASSERT_OK(admin().EnableTable(TableName{"default", "t"}));
  ASSERT_OK(admin().TruncateTable(TableName{"default", "t"}));
  EXPECT_OK(table().Put(Put("r").AddColumn("f", "q", "v")));
}

INSTANTIATE_TEST_SUITE_P(Backends, BackendParityTest,
                         ::testing::Values(Backend::kEmbedded, Backend::kRemote),
                         [](const auto& info) {
                           return info.param == Backend::kEmbedded ? "Embedded" : "Remote";
                         });

}  // namespace
}  // namespace cellar
