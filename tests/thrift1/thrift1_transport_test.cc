// The Thrift v1 gateway on the wire: framed + compact, and malformed input from a raw socket,
// which must close only that connection.

#include "../raw_socket.h"
#include "thrift1_fixture.h"

namespace cellar::server {
namespace {

using Strings = std::vector<std::string>;

using cellar::testing::RawSocket;

std::string Be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

// The start of a strict binary-protocol call of "method", without its argument struct.
std::string BinaryCallHeader(const std::string& method) {
  return Be32(0x80010001u) + Be32(static_cast<uint32_t>(method.size())) + method + Be32(0);
}

using Thrift1TransportTest = Thrift1Fixture;

TEST_F(Thrift1TransportTest, GarbageClosesOnlyThatConnection) {
  CreateTable();
  PutCell("r", "f:a", "v", 1);
  {
    RawSocket raw(gateway_->port());
    ASSERT_TRUE(raw.connected());
    ASSERT_TRUE(raw.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_TRUE(raw.ClosedByServer());
  }
  {
    RawSocket raw(gateway_->port());
    ASSERT_TRUE(raw.connected());
    ASSERT_TRUE(raw.Send(std::string("\xde\xad\xbe\xef\x00\x01\x02", 7)));
    EXPECT_TRUE(raw.ClosedByServer());
  }
  // The open client keeps working, and new clients connect.
  std::vector<h1::TCell> cells;
  client_->get(cells, "t", "r", "f:a", {});
  EXPECT_EQ(Values(cells), Strings{"v@1"});
  auto fresh = Connect();
  fresh->get(cells, "t", "r", "f:a", {});
  EXPECT_EQ(Values(cells), Strings{"v@1"});
}

TEST_F(Thrift1TransportTest, TruncatedMessageClosesOnlyThatConnection) {
  CreateTable();
  {
    RawSocket raw(gateway_->port());
    ASSERT_TRUE(raw.connected());
    // getRow's header and the first bytes of its table argument, then the client gives up.
    ASSERT_TRUE(raw.Send(BinaryCallHeader("getRow") + std::string("\x0b\x00\x01\x00\x00\x00\x10tab", 10)));
    raw.ShutdownWrite();
    EXPECT_TRUE(raw.ClosedByServer());
  }
  {
    RawSocket raw(gateway_->port());
    ASSERT_TRUE(raw.connected());
    // An unknown method is answered with an exception, and the connection keeps going.
    ASSERT_TRUE(raw.Send(BinaryCallHeader("noSuchMethod") + std::string(1, '\0')));
    raw.ShutdownWrite();
    EXPECT_TRUE(raw.ClosedByServer());
  }
  std::vector<std::string> names;
  client_->getTableNames(names);
  EXPECT_EQ(names, Strings{"t"});
}

class Thrift1FramedCompactTest : public Thrift1Fixture {
 protected:
  ThriftGatewayOptions GatewayOptions() override {
    ThriftGatewayOptions o;
    o.framed = true;
    o.compact = true;
    return o;
  }
};

TEST_F(Thrift1FramedCompactTest, ServesTheSameCalls) {
  CreateTable();
  client_->mutateRowTs("t", "r1", {Put("f:a", "1"), Put("g:b", "2")}, 7, {});
  EXPECT_EQ(client_->atomicIncrement("t", "r2", "f:n", 4), 4);
  std::vector<h1::TRowResult> rows;
  client_->getRow(rows, "t", "r1", {});
  EXPECT_EQ(Flatten(rows), Strings{"r1: f:a=1@7 g:b=2@7"});
  h1::TScan scan;
  scan.__set_columns({"f:a"});
  EXPECT_EQ(Flatten(Drain(client_->scannerOpenWithScan("t", scan, {}))),
            Strings{"r1: f:a=1@7"});
  EXPECT_THRIFT_ERROR(client_->createTable("t", {Family("f")}), h1::AlreadyExists, "");
}

TEST_F(Thrift1FramedCompactTest, OversizedFrameClosesOnlyThatConnection) {
  CreateTable();
  {
    RawSocket raw(gateway_->port());
    ASSERT_TRUE(raw.connected());
    ASSERT_TRUE(raw.Send(Be32(0x7fffffffu) + "xxxx"));
    EXPECT_TRUE(raw.ClosedByServer());
  }
  {
    RawSocket raw(gateway_->port());
    ASSERT_TRUE(raw.connected());
    ASSERT_TRUE(raw.Send(Be32(16) + std::string(16, '\x55')));  // a whole frame of nonsense
    EXPECT_TRUE(raw.ClosedByServer());
  }
  std::vector<std::string> names;
  client_->getTableNames(names);
  EXPECT_EQ(names, Strings{"t"});
}

}  // namespace
}  // namespace cellar::server
