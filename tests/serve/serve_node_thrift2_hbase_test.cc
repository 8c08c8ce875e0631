// node-thrift2-hbase (npm, Thrift v2 over buffered + binary), a client Cellar did not write: its
// own mocha suite, as shipped in its package (test/put-inc-get-tests.js, test/scan-tests.js), run
// unchanged against `cellar serve`. The suite's test/config.js names localhost:9090 and table
// test:test with family f, so the server serves Thrift v2 on 9090 (CTest resource lock
// port9090) and the table is created through Thrift v2 first. The package is installed once into
// the build tree with `npm ci` from the committed lock file, so the first run needs the npm
// registry.

#include <gtest/gtest.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TSocket.h>

#include <filesystem>

#include "npm_package.h"
#include "serve/serve_process.h"
#include "store/test_util.h"
#include "thrift2/THBaseService.h"

namespace cellar::testing {
namespace {

namespace fs = std::filesystem;
namespace t2 = ::apache::hadoop::hbase::thrift2;

std::string Quote(const fs::path& p) { return ShellQuote(p.string()); }

// Creates namespace "test" and table test:test with family "f" through Thrift v2 on "port".
void CreateTestTable(int port) {
  using namespace apache::thrift;
  auto socket = std::make_shared<transport::TSocket>("127.0.0.1", port);
  auto transport = std::make_shared<transport::TBufferedTransport>(socket);
  t2::THBaseServiceClient client(std::make_shared<protocol::TBinaryProtocol>(transport));
  transport->open();
  t2::TNamespaceDescriptor ns;
  ns.__set_name("test");
  client.createNamespace(ns);
  t2::TTableName name;
  name.__set_ns("test");
  name.__set_qualifier("test");
  t2::TColumnFamilyDescriptor f;
  f.__set_name("f");
  t2::TTableDescriptor table;
  table.__set_tableName(name);
  table.__set_columns({f});
  client.createTable(table, {});
  transport->close();
}

class NodeThrift2HbaseTest : public ::testing::Test {
 protected:
  // Copies package.json and its lock file into the build tree and installs there once.
  static void SetUpTestSuite() {
    install_error_ = InstallNpmPackage(CELLAR_NPM, CELLAR_NODE_SOURCE_DIR, CELLAR_NODE_WORK_DIR,
                                       {"package.json", "package-lock.json"},
                                       "node-thrift2-hbase/package.json", "--ignore-scripts");
  }

  static fs::path PackageDir() {
    return fs::path(CELLAR_NODE_WORK_DIR) / "node_modules" / "node-thrift2-hbase";
  }

  static std::string install_error_;
};

std::string NodeThrift2HbaseTest::install_error_;

TEST_F(NodeThrift2HbaseTest, ItsOwnMochaSuitePasses) {
  ASSERT_TRUE(install_error_.empty()) << install_error_;
  TempDir dir;
  auto serve = ServeProcess::Start(
      CELLAR_PROGRAM,
      {"--data", dir.path() + "/data", "--thrift2-port", "9090", "--no-thrift", "--no-rest"},
      dir.path() + "/serve.err");
  ASSERT_TRUE(serve.ok()) << serve.status().ToString();
  ASSERT_EQ((*serve)->port("thrift2"), 9090);
  ASSERT_NO_THROW(CreateTestTable(9090));

  // What the package's "test" script runs ("mocha", so ./test), from the package's directory,
  // plus --exit: the suite's after() hooks call destroy(), which is generic-pool 2's drain(); that
  // waits for borrowed clients but closes no connection, so the pooled sockets and the pool's
  // idle reaper keep node alive until idleTimeoutMillis (5 minutes in test/config.js). With the
  // package's own devDependency mocha 6 (no forced exit since mocha 4) the suite reports its
  // results at once and then hangs that long whatever the server does. The deadline only guards
  // against a hang.
  std::string output;
  int rc = RunShell(
      "cd " + Quote(PackageDir()) + " && timeout 300 " + std::string(CELLAR_NODE) + " " +
          Quote(fs::path(CELLAR_NODE_WORK_DIR) / "node_modules" / "mocha" / "bin" / "mocha") +
          " --exit",
      output);
  EXPECT_EQ(rc, 0) << output << "\nserver stderr:\n" << (*serve)->StderrText();
  // 0.6.2 ships 14 tests: 6 puts and 3 increments read back, 5 scans.
  EXPECT_NE(output.find("14 passing"), std::string::npos) << output;
  EXPECT_EQ(output.find(" failing"), std::string::npos) << output;

  auto code = (*serve)->Stop();
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_EQ(*code, 0) << (*serve)->StderrText();
}

}  // namespace
}  // namespace cellar::testing
