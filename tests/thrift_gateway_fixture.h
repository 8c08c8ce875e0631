#pragma once

// ThriftGatewayFixture<Client, kMakeGateway>: a Store in a temporary directory (manual clock, so
// server timestamps are known) served in-process by a Thrift gateway on a free loopback port,
// and generated clients of type "Client" connected to it with the transport and protocol the
// test's GatewayOptions() asks for. The Thrift v1 and v2 fixtures add their structs' builders.

#include <gtest/gtest.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/protocol/TCompactProtocol.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TSocket.h>

#include <memory>
#include <vector>

#include "cellar/store.h"
#include "server/thrift/thrift_gateway.h"
#include "store/test_util.h"

namespace cellar::server {

template <typename Client,
          std::unique_ptr<Gateway> (*kMakeGateway)(Store&, ThriftGatewayOptions)>
class ThriftGatewayFixture : public ::testing::Test {
 protected:
  static constexpr int64_t kNow = 1'700'000'000'000;

  void SetUp() override {
    StoreOptions o;
    o.clock = &clock_;
    o.block_cache_bytes = 8u << 20;
    o.write_buffer_bytes = 4u << 20;
    auto store = Store::Open(dir_.path(), o);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    ThriftGatewayOptions options = GatewayOptions();
    options.port = 0;
    options.workers = 4;
    gateway_ = kMakeGateway(*store_, options);
    ASSERT_TRUE(gateway_->Start().ok());
    client_ = Connect();
  }

  void TearDown() override {
    for (auto& t : transports_) t->close();
    if (gateway_) gateway_->Stop();
  }

  // The options the gateway starts with; tests override for framed/compact/read-only.
  virtual ThriftGatewayOptions GatewayOptions() { return {}; }

  // A new client on its own connection.
  std::unique_ptr<Client> Connect() {
    using namespace apache::thrift;
    const ThriftGatewayOptions o = GatewayOptions();
    auto socket = std::make_shared<transport::TSocket>("127.0.0.1", gateway_->port());
    socket->setRecvTimeout(10000);
    std::shared_ptr<transport::TTransport> t;
    if (o.framed) {
      t = std::make_shared<transport::TFramedTransport>(socket);
    } else {
      t = std::make_shared<transport::TBufferedTransport>(socket);
    }
    std::shared_ptr<protocol::TProtocol> p;
    if (o.compact) {
      p = std::make_shared<protocol::TCompactProtocol>(t);
    } else {
      p = std::make_shared<protocol::TBinaryProtocol>(t);
    }
    t->open();
    transports_.push_back(t);
    return std::make_unique<Client>(p);
  }

  ManualClock clock_{kNow};
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Gateway> gateway_;
  std::vector<std::shared_ptr<apache::thrift::transport::TTransport>> transports_;
  std::unique_ptr<Client> client_;
};

}  // namespace cellar::server
