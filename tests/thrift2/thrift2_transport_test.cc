// The Thrift v2 gateway over framed transport and compact protocol, and its behaviour with a
// client that sends garbage.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

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
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(gateway_->port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  const char garbage[] = "\x80\x01\x00\x01\xff\xff\xff\xffGARBAGE GARBAGE GARBAGE\r\n\r\n";
  ASSERT_GT(::send(fd, garbage, sizeof(garbage), 0), 0);
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  // The server closes the connection: recv sees end of stream (or a reset), not a timeout.
  char buf[256];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof(buf), 0)) > 0) {
  }
  EXPECT_TRUE(n == 0 || errno == ECONNRESET) << "recv: " << n << " errno " << errno;
  ::close(fd);
  // The server still serves, on the existing connection and on new ones.
  EXPECT_EQ(client_->getThriftServerType(), t2::TThriftServerType::TWO);
  EXPECT_EQ(Connect()->getThriftServerType(), t2::TThriftServerType::TWO);
}

}  // namespace
}  // namespace cellar::server
