#pragma once

// PgSuite: what the PostgreSQL integration suites share: one server per test suite, started with
// the suite's settings, and a fresh database per test, so the slots, publications and queues of
// different tests never meet. GoogleTest runs a suite's tests one at a time; not thread-safe.

#include <gtest/gtest.h>

#include <string>

#include "pg_server.h"

namespace cellar::testing {

class PgSuite : public ::testing::Test {
 protected:
  // Starts the suite's server; a suite that needs other settings calls this from its own
  // SetUpTestSuite.
  static void StartServer(PgServerOptions options = {}) {
    auto server = PgServer::Start(std::move(options));
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value().release();
  }
  static void SetUpTestSuite() { StartServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  // Creates the database "<prefix><n>" (n counts up) and returns its name.
  static std::string CreateDatabase(const std::string& prefix) {
    std::string db = prefix + std::to_string(++counter_);
    Status s = server_->Exec("CREATE DATABASE " + db);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return db;
  }

  static inline PgServer* server_ = nullptr;
  static inline int counter_ = 0;
};

}  // namespace cellar::testing
