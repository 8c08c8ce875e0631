// The table and server methods of service Hbase through the generated C++ client.

#include "thrift1_fixture.h"

namespace cellar::server {
namespace {

using Thrift1AdminTest = Thrift1Fixture;

TEST_F(Thrift1AdminTest, CreateListDescribeDisableDelete) {
  CreateTable("t");
  client_->createTable("other", {Family("only")});
  std::vector<std::string> names;
  client_->getTableNames(names);
  EXPECT_EQ(names, (std::vector<std::string>{"other", "t"}));

  std::map<std::string, h1::ColumnDescriptor> families;
  client_->getColumnDescriptors(families, "t");
  ASSERT_EQ(families.size(), 2u);
  EXPECT_EQ(families.at("f:").name, "f:");
  EXPECT_EQ(families.at("f:").maxVersions, 3);
  EXPECT_EQ(families.at("g:").maxVersions, 1);
  EXPECT_EQ(families.at("g:").compression, "NONE");
  EXPECT_EQ(families.at("g:").timeToLive, 0x7fffffff);

  EXPECT_TRUE(client_->isTableEnabled("t"));
  client_->disableTable("t");
  EXPECT_FALSE(client_->isTableEnabled("t"));
  std::map<std::string, bool> enabled;
  client_->getTableNamesWithIsTableEnabled(enabled);
  EXPECT_EQ(enabled, (std::map<std::string, bool>{{"other", true}, {"t", false}}));
  client_->enableTable("t");
  EXPECT_TRUE(client_->isTableEnabled("t"));

  // HBase refuses to delete an enabled table.
  EXPECT_THRIFT_ERROR(client_->deleteTable("t"), h1::IOError, "t");
  client_->disableTable("t");
  client_->deleteTable("t");
  names.clear();
  client_->getTableNames(names);
  EXPECT_EQ(names, std::vector<std::string>{"other"});
}

TEST_F(Thrift1AdminTest, CreateTableMapsColumnDescriptors) {
  h1::ColumnDescriptor d = Family("cf:", 5);
  d.timeToLive = -1;  // happybase's default: forever
  d.inMemory = true;
  d.bloomFilterType = "ROWCOL";
  d.blockCacheEnabled = true;
  h1::ColumnDescriptor ttl = Family("short");
  ttl.timeToLive = 60;
  client_->createTable("t", {d, ttl});

  auto desc = store_->admin().DescribeTable(TableName{"default", "t"});
  ASSERT_TRUE(desc.ok()) << desc.status().ToString();
  const ColumnFamilyDescriptor* cf = desc->FindFamily("cf");
  ASSERT_NE(cf, nullptr);
  EXPECT_EQ(cf->max_versions, 5);
  EXPECT_EQ(cf->ttl_seconds, kForever);
  EXPECT_TRUE(cf->in_memory);
  EXPECT_TRUE(cf->block_cache);
  EXPECT_EQ(cf->bloom_filter, BloomFilter::kRowCol);
  ASSERT_NE(desc->FindFamily("short"), nullptr);
  EXPECT_EQ(desc->FindFamily("short")->ttl_seconds, 60);
  EXPECT_FALSE(desc->FindFamily("short")->block_cache);  // the IDL default is false

  std::map<std::string, h1::ColumnDescriptor> families;
  client_->getColumnDescriptors(families, "t");
  EXPECT_EQ(families.at("cf:").bloomFilterType, "ROWCOL");
  EXPECT_EQ(families.at("cf:").timeToLive, 0x7fffffff);
  EXPECT_EQ(families.at("short:").timeToLive, 60);
  EXPECT_TRUE(families.at("cf:").inMemory);
}

TEST_F(Thrift1AdminTest, CreateTableErrors) {
  CreateTable("t");
  EXPECT_THRIFT_ERROR(client_->createTable("t", {Family("f")}), h1::AlreadyExists,
                      "already in use");
  EXPECT_THRIFT_ERROR(client_->createTable("nofamilies", {}), h1::IllegalArgument, "");
  EXPECT_THRIFT_ERROR(client_->createTable("noname", {Family("")}), h1::IllegalArgument,
                      "name is empty");
  h1::ColumnDescriptor bad = Family("f");
  bad.compression = "NO_SUCH_CODEC";
  EXPECT_THRIFT_ERROR(client_->createTable("badcodec", {bad}), h1::IllegalArgument,
                      "NO_SUCH_CODEC");
  EXPECT_THRIFT_ERROR(client_->createTable("bad name!", {Family("f")}), h1::IllegalArgument, "");
  EXPECT_THRIFT_ERROR(client_->createTable("nons:t", {Family("f")}), h1::IOError, "nons");
}

TEST_F(Thrift1AdminTest, UnknownTableIsIOError) {
  EXPECT_THRIFT_ERROR(client_->isTableEnabled("nope"), h1::IOError, "nope");
  EXPECT_THRIFT_ERROR(client_->enableTable("nope"), h1::IOError, "nope");
  EXPECT_THRIFT_ERROR(client_->disableTable("nope"), h1::IOError, "nope");
  EXPECT_THRIFT_ERROR(client_->deleteTable("nope"), h1::IOError, "does not exist");
  std::map<std::string, h1::ColumnDescriptor> families;
  EXPECT_THRIFT_ERROR(client_->getColumnDescriptors(families, "nope"), h1::IOError, "nope");
  EXPECT_THRIFT_ERROR(client_->compact("nope"), h1::IOError, "nope");
  // HBase answers an empty list here rather than an error.
  std::vector<h1::TRegionInfo> regions;
  client_->getTableRegions(regions, "nope");
  EXPECT_TRUE(regions.empty());
}

TEST_F(Thrift1AdminTest, OneRegionCoversTheTable) {
  CreateTable("t");
  std::vector<h1::TRegionInfo> regions;
  client_->getTableRegions(regions, "t");
  ASSERT_EQ(regions.size(), 1u);
  EXPECT_EQ(regions[0].startKey, "");
  EXPECT_EQ(regions[0].endKey, "");
  EXPECT_EQ(regions[0].name, "t,,0");
  EXPECT_EQ(regions[0].serverName, "127.0.0.1");
  EXPECT_EQ(regions[0].port, gateway_->port());

  h1::TRegionInfo info;
  client_->getRegionInfo(info, "t,somerow,99999999999999");
  EXPECT_EQ(info.name, "t,,0");
  EXPECT_THRIFT_ERROR(client_->getRegionInfo(info, "nope,,0"), h1::IOError, "Cannot find row");
}

TEST_F(Thrift1AdminTest, CompactionsKeepData) {
  CreateTable("t");
  PutCell("r", "f:a", "1", 10);
  client_->compact("t");
  client_->majorCompact("t,,0");  // a region name works too
  std::vector<h1::TCell> cells;
  client_->get(cells, "t", "r", "f:a", {});
  EXPECT_EQ(Values(cells), std::vector<std::string>{"1@10"});
}

TEST_F(Thrift1AdminTest, ServerTypeClusterIdAndUnsupportedAcl) {
  EXPECT_EQ(client_->getThriftServerType(), h1::TThriftServerType::ONE);
  std::string id;
  client_->getClusterId(id);
  EXPECT_EQ(id, "cellar");
  h1::TAccessControlEntity acl;
  acl.username = "bob";
  acl.scope = h1::TPermissionScope::TABLE;
  acl.actions = "R";
  EXPECT_THRIFT_ERROR(client_->grant(acl), h1::IOError, "not supported");
  EXPECT_THRIFT_ERROR(client_->revoke(acl), h1::IOError, "not supported");
}

class Thrift1ReadOnlyTest : public Thrift1Fixture {
 protected:
  ThriftGatewayOptions GatewayOptions() override {
    ThriftGatewayOptions o;
    o.read_only = true;
    return o;
  }
};

TEST_F(Thrift1ReadOnlyTest, RefusesEveryWriteAndDdlButReads) {
  ColumnFamilyDescriptor f;
  f.name = "f";
  ASSERT_TRUE(store_->admin().CreateTable(TableDescriptor{{"default", "t"}, {f}}).ok());
  auto table = store_->OpenTable({"default", "t"});
  ASSERT_TRUE(table.ok());
  ASSERT_TRUE((*table)->Put(cellar::Put("r").AddColumn("f", "a", "v")).ok());

  const char* kReadOnly = "read-only";
  EXPECT_THRIFT_ERROR(client_->createTable("u", {Family("f")}), h1::IOError, kReadOnly);
  EXPECT_THRIFT_ERROR(client_->disableTable("t"), h1::IOError, kReadOnly);
  EXPECT_THRIFT_ERROR(client_->enableTable("t"), h1::IOError, kReadOnly);
  EXPECT_THRIFT_ERROR(client_->deleteTable("t"), h1::IOError, kReadOnly);
  EXPECT_THRIFT_ERROR(client_->compact("t"), h1::IOError, kReadOnly);
  EXPECT_THRIFT_ERROR(client_->majorCompact("t"), h1::IOError, kReadOnly);
  EXPECT_THRIFT_ERROR(client_->mutateRow("t", "r", {Put("f:b", "x")}, {}), h1::IOError,
                      kReadOnly);
  EXPECT_THRIFT_ERROR(client_->mutateRowsTs("t", {}, 5, {}), h1::IOError, kReadOnly);
  EXPECT_THRIFT_ERROR(client_->atomicIncrement("t", "r", "f:c", 1), h1::IOError, kReadOnly);
  EXPECT_THRIFT_ERROR(client_->deleteAll("t", "r", "f:a", {}), h1::IOError, kReadOnly);
  EXPECT_THRIFT_ERROR(client_->deleteAllRow("t", "r", {}), h1::IOError, kReadOnly);
  h1::TIncrement inc;
  inc.table = "t";
  inc.row = "r";
  inc.column = "f:c";
  EXPECT_THRIFT_ERROR(client_->increment(inc), h1::IOError, kReadOnly);
  h1::TAppend app;
  app.table = "t";
  app.row = "r";
  std::vector<h1::TCell> cells;
  EXPECT_THRIFT_ERROR(client_->append(cells, app), h1::IOError, kReadOnly);
  EXPECT_THRIFT_ERROR(client_->checkAndPut("t", "r", "f:a", "v", Put("f:a", "w"), {}),
                      h1::IOError, kReadOnly);

  client_->get(cells, "t", "r", "f:a", {});
  ASSERT_EQ(cells.size(), 1u);
  EXPECT_EQ(cells[0].value, "v");
  EXPECT_TRUE(client_->isTableEnabled("t"));
}

}  // namespace
}  // namespace cellar::server
