// The Thrift v2 gateway over framed transport and compact protocol, and its behaviour with a
// client that sends garbage.

#include "../raw_socket.h"
#include "thrift2_fixture.h"

namespace cellar::server {
namespace {

class Thrift2FramedCompactTest : public Thrift2Fixture {
 protected:
  ThriftGatewayOptions GatewayOptions() override {
    ThriftGatewayOptions o;
    o.framed = true;
    o.compact = true;
    return o;
  }
};

TEST_F(Thrift2FramedCompactTest, PutGetScan) {
  CreateTable();
  PutCell("r", "f", "q", "v", 3);
  t2::TResult r;
  client_->get(r, "t", MakeGet("r"));
  EXPECT_EQ(Flatten(r), "r: f:q=v@3");
  std::vector<t2::TResult> rows;
  client_->getScannerResults(rows, "t", t2::TScan(), 10);
  EXPECT_EQ(rows.size(), 1u);
  EXPECT_THROW(client_->getScannerRows(rows, 99, 1), t2::TIllegalArgument);
}

class Thrift2TransportTest : public Thrift2Fixture {};

TEST_F(Thrift2TransportTest, GarbageClosesThatConnectionOnly) {
  cellar::testing::RawSocket raw(gateway_->port());
  ASSERT_TRUE(raw.connected());
  const char garbage[] = "\x80\x01\x00\x01\xff\xff\xff\xffGARBAGE GARBAGE GARBAGE\r\n\r\n";
  ASSERT_TRUE(raw.Send(std::string(garbage, sizeof(garbage))));
  // The server closes the connection: recv sees end of stream (or a reset), not a timeout.
  EXPECT_TRUE(raw.ClosedByServer());
  // The server still serves, on the existing connection and on new ones.
  EXPECT_EQ(client_->getThriftServerType(), t2::TThriftServerType::TWO);
  EXPECT_EQ(Connect()->getThriftServerType(), t2::TThriftServerType::TWO);
}

}  // namespace
}  // namespace cellar::server
