#pragma once

// A Store in a fresh temporary directory with the REST gateway in front of it on a free port,
// and small helpers for talking to it with httplib's client. For the REST integration tests.

#include <httplib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "cellar/store.h"
#include "server/gateway.h"

namespace cellar::server::rest::testing {

class RestServerFixture {
 public:
  // Opens the store and starts the gateway; aborts the test on failure.
  explicit RestServerFixture(GatewayOptions options = {});
  ~RestServerFixture();

  Store& store() { return *store_; }
  int port() const { return gateway_->port(); }
  // A client for this gateway (keep-alive off so tests do not hold Stop up).
  std::unique_ptr<httplib::Client> Client() const;
  // Creates table "name" with the families listed, each with VERSIONS => 3.
  void CreateTable(const std::string& name, std::initializer_list<std::string> families);

 private:
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Gateway> gateway_;
};

// Base64 of "bytes", for building request bodies.
std::string B64(std::string_view bytes);

}  // namespace cellar::server::rest::testing
