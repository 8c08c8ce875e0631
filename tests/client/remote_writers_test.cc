// Cellar's writers through the remote backend: REPL LOAD, the mysql publisher and the shell write
// to `cellar serve`'s Thrift2 gateway (over a second store, on loopback) and leave the same
// tables as when they write to an embedded store.

#include <gtest/gtest.h>

#include <sstream>

#include "cellar/remote.h"
#include "cellar/store.h"
#include "cli/shell/shell.h"
#include "replicate/mysql/byte_source.h"
#include "replicate/mysql/publisher.h"
#include "replicate/mysql/stager.h"
#include "replicate/repl/repl.h"
#include "server/thrift/thrift2_gateway.h"
#include "store/test_util.h"

namespace cellar {
namespace {

using testing::Family;
using testing::TempDir;

// Every visible version of every cell of table "name", as text.
std::vector<std::string> Contents(Connection& c, const TableName& name) {
  std::vector<std::string> out;
  auto table = c.OpenTable(name);
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  if (!table.ok()) return out;
  auto sc = (*table)->GetScanner(Scan().SetMaxVersions(100));
  EXPECT_TRUE(sc.ok());
  for (;;) {
    auto r = (*sc)->Next();
    if (!r.ok() || !r->has_value()) break;
    for (const Cell& cell : (*r)->cells()) {
      out.push_back(cell.row + "/" + cell.family + ":" + cell.qualifier + "@" +
                    std::to_string(cell.timestamp) + "=" + cell.value);
    }
  }
  return out;
}

// A source store, and a replica store served by an in-process Thrift2 gateway.
class RemoteWritersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    source_ = std::move(Store::Open(source_dir_.path())).value();
    replica_ = std::move(Store::Open(replica_dir_.path())).value();
    gateway_ = server::MakeThrift2Gateway(*replica_, server::ThriftGatewayOptions{});
    ASSERT_OK(gateway_->Start());
    auto remote = ConnectRemote("127.0.0.1:" + std::to_string(gateway_->port()));
    ASSERT_TRUE(remote.ok()) << remote.status().ToString();
    remote_ = std::move(*remote);
  }
  void TearDown() override {
    remote_.reset();
    gateway_->Stop();
  }

  TempDir source_dir_, replica_dir_, dumps_;
  std::unique_ptr<Store> source_, replica_;
  std::unique_ptr<server::Gateway> gateway_;
  std::unique_ptr<Connection> remote_;
};

TEST_F(RemoteWritersTest, ReplLoadThroughTheGatewayCopiesBootstrapAndIncrementals) {
  auto logged = Family("f", 3);
  logged.replication_scope = 1;
  ASSERT_OK(source_->admin().CreateNamespace("sales"));
  ASSERT_OK(source_->admin().CreateTable(TableDescriptor{{"sales", "orders"}, {logged}}));
  auto orders = std::move(source_->OpenTable({"sales", "orders"})).value();
  ASSERT_OK(orders->Put(Put("o1").AddColumn("f", "amount", 100, "10")));
  ASSERT_OK(orders->Put(Put("o2").AddColumn("f", "amount", 100, "20")));
  auto target = *repl::ReplTarget::Parse("sales");
  auto boot = repl::Dump(*source_, target, repl::DumpOptions{.dir = dumps_.path() + "/b"});
  ASSERT_TRUE(boot.ok()) << boot.status().ToString();
  ASSERT_TRUE(repl::Load(*remote_, boot->dir, repl::LoadOptions{}).ok());

  ASSERT_OK(orders->Put(Put("o1").AddColumn("f", "amount", 200, "11")));
  ASSERT_OK(orders->Delete(Delete("o2")));
  auto inc = repl::Dump(*source_, target,
                        repl::DumpOptions{.from = boot->last_event_id, .dir = dumps_.path() + "/i"});
  ASSERT_TRUE(inc.ok()) << inc.status().ToString();
  auto loaded = repl::Load(*remote_, inc->dir, repl::LoadOptions{});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  auto again = repl::Load(*remote_, inc->dir, repl::LoadOptions{});  // idempotent
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->already_loaded);

  EXPECT_EQ(Contents(*remote_, {"sales", "orders"}), Contents(*source_, {"sales", "orders"}));
  auto status = repl::LoadedEventId(*remote_, target);
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_EQ(*status, inc->last_event_id);
}

TEST_F(RemoteWritersTest, MysqlPublishWritesTheTablesThroughTheGateway) {
  auto dump = mysql::MemoryByteSource(
      "CREATE TABLE `item` (`id` int NOT NULL, `name` varchar(20), PRIMARY KEY (`id`));\n"
      "INSERT INTO `item` VALUES (1,'apple'),(2,NULL),(3,'plum');\n",
      "dump.sql");
  auto staged = mysql::StageDump(*source_, *dump,
                                 mysql::StageOptions{.ns = "shop", .timestamp_ms = 1709251200000});
  ASSERT_TRUE(staged.ok()) << staged.status().ToString();
  auto published = mysql::Publish(*source_, *remote_, mysql::PublishOptions{.ns = "shop"});
  ASSERT_TRUE(published.ok()) << published.status().ToString();
  ASSERT_EQ(published->size(), 1u);
  auto rows = Contents(*replica_, {"shop", "item"});  // read on the served store itself
  EXPECT_EQ(rows.size(), 5u);                         // id and name cells; NULL has none
  for (const auto& r : rows) EXPECT_NE(r.find("@1709251200000="), std::string::npos) << r;
  auto exists = source_->admin().TableExists({"shop", "item"});
  ASSERT_TRUE(exists.ok());
  EXPECT_FALSE(*exists);  // the staging store keeps only the staged dumps
}

TEST_F(RemoteWritersTest, TheShellRunsHBaseCommandsThroughTheGateway) {
  std::ostringstream out, err;
  shell::Shell sh(*remote_, nullptr, "127.0.0.1:" + std::to_string(gateway_->port()), out, err, 0);
  Status s = sh.RunText(
      "create 'people', {NAME => 'info', VERSIONS => 2}\n"
      "put 'people', 'ada', 'info:born', '1815', 10\n"
      "put 'people', 'ada', 'info:born', '1816', 20\n"
      "get 'people', 'ada', {COLUMN => 'info:born', VERSIONS => 2}\n"
      "scan 'people'\n"
      "count 'people'\n",
      /*stop_on_error=*/true);
  ASSERT_TRUE(s.ok()) << s.ToString() << "\n" << err.str();
  EXPECT_NE(out.str().find("value=1816"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("value=1815"), std::string::npos) << out.str();
  auto desc = replica_->admin().DescribeTable({"default", "people"});
  ASSERT_TRUE(desc.ok());
  EXPECT_EQ(desc->families.at(0).max_versions, 2);
  std::ostringstream out2, err2;
  shell::Shell sh2(*remote_, nullptr, "gateway", out2, err2, 0);
  EXPECT_FALSE(sh2.RunText("major_compact 'people'\n", true).ok());  // not in Thrift2: says so
  EXPECT_NE(err2.str().find("Thrift2"), std::string::npos) << err2.str();
}

}  // namespace
}  // namespace cellar
