// Scanners, regions, admin and server-level methods of the Thrift v2 gateway through the
// generated C++ client, and the read-only mode.

#include "thrift2_fixture.h"

namespace cellar::server {
namespace {

using V = std::vector<std::string>;

class Thrift2ScanTest : public Thrift2Fixture {
 protected:
  void SetUp() override {
    Thrift2Fixture::SetUp();
    CreateTable();
    for (const char* row : {"a", "b", "c", "d"}) PutCell(row, "f", "q", row, 1);
  }
  static std::vector<std::string> Rows(const std::vector<t2::TResult>& results) {
    std::vector<std::string> out;
    for (const auto& r : results) out.push_back(r.row);
    return out;
  }
};

TEST_F(Thrift2ScanTest, OpenReadCloseScanner) {
  t2::TScan scan;
  scan.__set_startRow("b");
  int32_t id = client_->openScanner("t", scan);
  std::vector<t2::TResult> rows;
  client_->getScannerRows(rows, id, 2);
  EXPECT_EQ(Rows(rows), (V{"b", "c"}));
  client_->getScannerRows(rows, id, 2);
  EXPECT_EQ(Rows(rows), (V{"d"}));
  client_->getScannerRows(rows, id, 2);
  EXPECT_TRUE(rows.empty());  // the end; the scanner stays open
  client_->closeScanner(id);
  EXPECT_THROW(client_->getScannerRows(rows, id, 1), t2::TIllegalArgument);
  EXPECT_THROW(client_->closeScanner(id), t2::TIllegalArgument);
  EXPECT_THROW(client_->getScannerRows(rows, 12345, 1), t2::TIllegalArgument);
}

TEST_F(Thrift2ScanTest, ScannersAreServerWide) {
  int32_t id = client_->openScanner("t", t2::TScan());
  auto other = Connect();
  std::vector<t2::TResult> rows;
  other->getScannerRows(rows, id, 10);
  EXPECT_EQ(Rows(rows), (V{"a", "b", "c", "d"}));
  other->closeScanner(id);
}

TEST_F(Thrift2ScanTest, ScanFieldsReversedLimitFilterBatch) {
  t2::TScan scan;
  scan.__set_reversed(true);
  scan.__set_limit(3);
  std::vector<t2::TResult> rows;
  client_->getScannerResults(rows, "t", scan, 10);
  EXPECT_EQ(Rows(rows), (V{"d", "c", "b"}));

  t2::TScan filtered;
  filtered.__set_filterString("RowFilter(>=, 'binary:c')");
  client_->getScannerResults(rows, "t", filtered, 10);
  EXPECT_EQ(Rows(rows), (V{"c", "d"}));
  client_->getScannerResults(rows, "t", filtered, 1);  // numRows caps the answer
  EXPECT_EQ(Rows(rows), (V{"c"}));

  client_->put("t", MakePut("a", {Cv("f", "q2", "x", 1), Cv("f", "q3", "y", 1)}));
  t2::TScan batched;
  batched.__set_stopRow("b");
  batched.__set_batchSize(2);
  client_->getScannerResults(rows, "t", batched, 10);
  EXPECT_EQ(Flatten(rows), (V{"a: f:q=a@1 f:q2=x@1", "a: f:q3=y@1"}));

  t2::TScan bad;
  bad.__set_filterString("PrefixFilter(");
  EXPECT_THROW(client_->openScanner("t", bad), t2::TIOError);
  EXPECT_THROW(client_->getScannerResults(rows, "t", bad, 1), t2::TIOError);
  EXPECT_THROW(client_->openScanner("nope", t2::TScan()), t2::TIOError);
}

TEST_F(Thrift2ScanTest, MaxVersionsDefaultsToOne) {
  PutCell("a", "f", "q", "newer", 2);
  std::vector<t2::TResult> rows;
  t2::TScan scan;
  scan.__set_stopRow("b");
  client_->getScannerResults(rows, "t", scan, 10);
  EXPECT_EQ(Flatten(rows), (V{"a: f:q=newer@2"}));
  scan.__set_maxVersions(5);
  client_->getScannerResults(rows, "t", scan, 10);
  EXPECT_EQ(Flatten(rows), (V{"a: f:q=newer@2 f:q=a@1"}));
}

TEST_F(Thrift2ScanTest, OneRegionPerTable) {
  t2::THRegionLocation loc;
  client_->getRegionLocation(loc, "t", "any", false);
  EXPECT_EQ(loc.serverName.port, gateway_->port());
  EXPECT_EQ(loc.regionInfo.tableName, "t");
  EXPECT_EQ(loc.regionInfo.startKey, "");
  EXPECT_EQ(loc.regionInfo.endKey, "");
  std::vector<t2::THRegionLocation> all;
  client_->getAllRegionLocations(all, "t");
  EXPECT_EQ(all.size(), 1u);
  EXPECT_THROW(client_->getAllRegionLocations(all, "nope"), t2::TIOError);
}

class Thrift2AdminTest : public Thrift2Fixture {};

TEST_F(Thrift2AdminTest, ServerTypeAndClusterId) {
  EXPECT_EQ(client_->getThriftServerType(), t2::TThriftServerType::TWO);
  std::string id;
  client_->getClusterId(id);
  EXPECT_EQ(id, "cellar");
}

TEST_F(Thrift2AdminTest, TableLifecycle) {
  EXPECT_FALSE(client_->tableExists(Name("t")));
  CreateTable();
  EXPECT_TRUE(client_->tableExists(Name("t")));
  EXPECT_TRUE(client_->isTableEnabled(Name("t")));
  EXPECT_TRUE(client_->isTableAvailable(Name("t")));
  EXPECT_FALSE(client_->isTableAvailable(Name("nope")));
  EXPECT_EQ(IOErrorOf([&] { CreateTable(); }).rfind("AlreadyExists: ", 0), 0u);

  t2::TTableDescriptor d;
  client_->getTableDescriptor(d, Name("t"));
  EXPECT_EQ(d.tableName.ns, "default");
  ASSERT_EQ(d.columns.size(), 2u);
  EXPECT_EQ(d.columns[0].name, "f");
  EXPECT_EQ(d.columns[0].maxVersions, 3);
  EXPECT_EQ(IOErrorOf([&] { client_->getTableDescriptor(d, Name("nope")); }).rfind("NotFound", 0),
            0u);

  // deleteTable and truncateTable need a disabled table, as in HBase.
  EXPECT_EQ(IOErrorOf([&] { client_->deleteTable(Name("t")); }).rfind("FailedPrecondition", 0), 0u);
  EXPECT_NE(IOErrorOf([&] { client_->truncateTable(Name("t"), false); }), "");
  PutCell("r", "f", "q", "v");
  client_->disableTable(Name("t"));
  EXPECT_TRUE(client_->isTableDisabled(Name("t")));
  EXPECT_FALSE(client_->isTableAvailable(Name("t")));
  client_->truncateTable(Name("t"), true);
  EXPECT_TRUE(client_->isTableEnabled(Name("t")));  // truncate leaves it enabled
  EXPECT_FALSE(client_->exists("t", MakeGet("r")));
  client_->disableTable(Name("t"));
  client_->deleteTable(Name("t"));
  EXPECT_FALSE(client_->tableExists(Name("t")));
  EXPECT_NE(IOErrorOf([&] { client_->isTableEnabled(Name("t")); }), "");

  t2::TTableDescriptor empty;
  empty.__set_tableName(Name("nofamilies"));
  EXPECT_NE(IOErrorOf([&] { client_->createTable(empty, {}); }), "");
}

TEST_F(Thrift2AdminTest, FamiliesAndModifyTable) {
  CreateTable();
  client_->addColumnFamily(Name("t"), Family("h", 2));
  client_->modifyColumnFamily(Name("t"), Family("h", 7));
  t2::TTableDescriptor d;
  client_->getTableDescriptor(d, Name("t"));
  ASSERT_EQ(d.columns.size(), 3u);
  EXPECT_EQ(d.columns[2].maxVersions, 7);
  client_->deleteColumnFamily(Name("t"), "g");
  client_->getTableDescriptor(d, Name("t"));
  ASSERT_EQ(d.columns.size(), 2u);
  EXPECT_NE(IOErrorOf([&] { client_->deleteColumnFamily(Name("t"), "nofam"); }), "");

  // modifyTable replaces the families: f changed, h dropped, k added.
  t2::TTableDescriptor wanted;
  wanted.__set_tableName(Name("t"));
  wanted.__set_columns({Family("f", 9), Family("k", 1)});
  client_->modifyTable(wanted);
  client_->getTableDescriptor(d, Name("t"));
  ASSERT_EQ(d.columns.size(), 2u);
  EXPECT_EQ(d.columns[0].name, "f");
  EXPECT_EQ(d.columns[0].maxVersions, 9);
  EXPECT_EQ(d.columns[1].name, "k");
}

TEST_F(Thrift2AdminTest, ListingByPatternAndNamespace) {
  t2::TNamespaceDescriptor ns;
  ns.__set_name("ns1");
  client_->createNamespace(ns);
  CreateTable("t1");
  CreateTable("t2", "ns1");
  std::vector<t2::TTableName> names;
  client_->getTableNamesByPattern(names, "", false);
  ASSERT_EQ(names.size(), 2u);
  client_->getTableNamesByPattern(names, "ns1:.*", false);
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0].ns, "ns1");
  EXPECT_EQ(names[0].qualifier, "t2");
  client_->getTableNamesByNamespace(names, "default");
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0].qualifier, "t1");
  std::vector<t2::TTableDescriptor> descs;
  client_->getTableDescriptorsByNamespace(descs, "ns1");
  ASSERT_EQ(descs.size(), 1u);
  client_->getTableDescriptorsByPattern(descs, "t.*", false);
  ASSERT_EQ(descs.size(), 1u);
  client_->getTableDescriptors(descs, {Name("t1"), Name("missing"), Name("t2", "ns1")});
  EXPECT_EQ(descs.size(), 2u);
  EXPECT_EQ(IOErrorOf([&] { client_->getTableNamesByNamespace(names, "nons"); }).rfind("NotFound", 0),
            0u);
}

TEST_F(Thrift2AdminTest, Namespaces) {
  t2::TNamespaceDescriptor ns;
  ns.__set_name("ns1");
  client_->createNamespace(ns);
  EXPECT_EQ(IOErrorOf([&] { client_->createNamespace(ns); }).rfind("AlreadyExists", 0), 0u);
  std::vector<std::string> names;
  client_->listNamespaces(names);
  EXPECT_NE(std::find(names.begin(), names.end(), "ns1"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "default"), names.end());
  std::vector<t2::TNamespaceDescriptor> descs;
  client_->listNamespaceDescriptors(descs);
  EXPECT_EQ(descs.size(), names.size());
  t2::TNamespaceDescriptor got;
  client_->getNamespaceDescriptor(got, "ns1");
  EXPECT_EQ(got.name, "ns1");
  client_->modifyNamespace(ns);
  ns.__set_configuration({{"k", "v"}});
  EXPECT_NE(IOErrorOf([&] { client_->modifyNamespace(ns); }).find("not supported"),
            std::string::npos);
  CreateTable("t", "ns1");
  EXPECT_EQ(IOErrorOf([&] { client_->deleteNamespace("ns1"); }).rfind("FailedPrecondition", 0),
            0u);
  client_->disableTable(Name("t", "ns1"));
  client_->deleteTable(Name("t", "ns1"));
  client_->deleteNamespace("ns1");
  EXPECT_EQ(IOErrorOf([&] { client_->getNamespaceDescriptor(got, "ns1"); }).rfind("NotFound", 0),
            0u);
}

TEST_F(Thrift2AdminTest, SlowLogsAndAclsAreUnsupported) {
  std::vector<t2::TOnlineLogRecord> logs;
  EXPECT_NE(IOErrorOf([&] { client_->getSlowLogResponses(logs, {}, t2::TLogQueryFilter()); })
                .find("not supported"),
            std::string::npos);
  std::vector<bool> cleared;
  EXPECT_NE(IOErrorOf([&] { client_->clearSlowLogResponses(cleared, {}); }), "");
  t2::TAccessControlEntity acl;
  EXPECT_NE(IOErrorOf([&] { client_->grant(acl); }).find("not supported"), std::string::npos);
  EXPECT_NE(IOErrorOf([&] { client_->revoke(acl); }), "");
}

class Thrift2ReadOnlyTest : public Thrift2Fixture {
 protected:
  ThriftGatewayOptions GatewayOptions() override {
    ThriftGatewayOptions o;
    o.read_only = true;
    return o;
  }
};

TEST_F(Thrift2ReadOnlyTest, WritesAndDdlAreRefusedReadsWork) {
  ASSERT_OK(store_->admin().CreateTable({TableName{"default", "t"}, {testing::Family("f")}}));
  const std::string kReadOnly = "the server is read-only";
  EXPECT_NE(IOErrorOf([&] { PutCell("r", "f", "q", "v"); }).find(kReadOnly), std::string::npos);
  EXPECT_NE(IOErrorOf([&] { client_->deleteSingle("t", MakeDelete("r")); }).find(kReadOnly),
            std::string::npos);
  EXPECT_NE(IOErrorOf([&] { CreateTable("t2"); }).find(kReadOnly), std::string::npos);
  EXPECT_NE(IOErrorOf([&] { client_->disableTable(Name("t")); }).find(kReadOnly),
            std::string::npos);
  t2::TNamespaceDescriptor ns;
  ns.__set_name("x");
  EXPECT_NE(IOErrorOf([&] { client_->createNamespace(ns); }).find(kReadOnly), std::string::npos);
  EXPECT_FALSE(client_->exists("t", MakeGet("r")));
  EXPECT_TRUE(client_->tableExists(Name("t")));
}

}  // namespace
}  // namespace cellar::server
