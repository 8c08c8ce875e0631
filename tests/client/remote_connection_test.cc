// The remote backend's connection handling: addresses, dead servers, the wrong protocol, and a
// gateway restarted under an open Connection.

#include <gtest/gtest.h>

#include "cellar/remote.h"
#include "cellar/store.h"
#include "server/thrift/thrift1_gateway.h"
#include "server/thrift/thrift2_gateway.h"
#include "store/test_util.h"

namespace cellar {
namespace {

using testing::TempDir;

TEST(ParseRemoteAddressTest, ReadsHostAndPort) {
  auto a = ParseRemoteAddress("hbase.example:9095");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "hbase.example");
  EXPECT_EQ(a->port, 9095);
  auto b = ParseRemoteAddress("localhost");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->port, 9090);  // HBase's Thrift port
}

TEST(ParseRemoteAddressTest, RejectsBadPortsAndMissingHosts) {
  EXPECT_EQ(ParseRemoteAddress("h:0").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseRemoteAddress("h:70000").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseRemoteAddress("h:x1").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseRemoteAddress(":9090").status().code(), StatusCode::kInvalidArgument);
}

// A port nobody listens on: bind one, note it, close it.
int DeadPort() {
  TempDir dir;
  auto store = Store::Open(dir.path());
  server::ThriftGatewayOptions o;
  auto g = server::MakeThrift2Gateway(**store, o);
  EXPECT_TRUE(g->Start().ok());
  int port = g->port();
  g->Stop();
  return port;
}

TEST(RemoteConnectionTest, ADeadServerIsUnavailableAfterTheRetries) {
  RemoteOptions o;
  o.host = "127.0.0.1";
  o.port = DeadPort();
  o.retries = 2;
  o.backoff_ms = 5;
  auto c = ConnectRemote(o);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(c.status().message().find("127.0.0.1:" + std::to_string(o.port)), std::string::npos)
      << c.status().message();
}

TEST(RemoteConnectionTest, AThriftV1PortIsRefusedWithAHint) {
  TempDir dir;
  auto store = Store::Open(dir.path());
  ASSERT_TRUE(store.ok());
  auto v1 = server::MakeThrift1Gateway(**store, server::ThriftGatewayOptions{});
  ASSERT_OK(v1->Start());
  RemoteOptions o;
  o.host = "127.0.0.1";
  o.port = v1->port();
  auto c = ConnectRemote(o);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(c.status().message().find("Thrift v1"), std::string::npos) << c.status().message();
  v1->Stop();
}

TEST(RemoteConnectionTest, SurvivesARestartOfTheGateway) {
  TempDir dir;
  auto store = Store::Open(dir.path());
  ASSERT_TRUE(store.ok());
  ASSERT_OK((*store)->admin().CreateTable(TableDescriptor{TableName{"default", "t"},
                                                          {testing::Family("f")}}));
  server::ThriftGatewayOptions options;
  auto gateway = server::MakeThrift2Gateway(**store, options);
  ASSERT_OK(gateway->Start());
  RemoteOptions o;
  o.host = "127.0.0.1";
  o.port = gateway->port();
  o.backoff_ms = 20;
  auto c = ConnectRemote(o);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto table = (*c)->OpenTable(TableName{"default", "t"});
  ASSERT_TRUE(table.ok());
  ASSERT_OK((*table)->Put(Put("a").AddColumn("f", "q", 1, "1")));

  gateway->Stop();  // the pooled socket is now closed by the server
  options.port = o.port;
  gateway = server::MakeThrift2Gateway(**store, options);
  ASSERT_OK(gateway->Start());

  // A put with server timestamps is not repeatable; it still succeeds because the dead pooled
  // socket is noticed before anything is sent.
  ASSERT_OK((*table)->Put(Put("b").AddColumn("f", "q", "2")));
  auto row = (*table)->Get(Get("a"));
  ASSERT_TRUE(row.ok()) << row.status().ToString();
  EXPECT_EQ(row->Value("f", "q"), "1");
  table->reset();
  gateway->Stop();
}

}  // namespace
}  // namespace cellar
