// node-hbase (npm "hbase" 0.6.1), an HBase REST client Cellar did not write, against the REST
// gateway in this process: create table, put, get, scan with a filter, delete, drop. The npm
// package is installed once into the build tree with `npm ci` (from the committed lock file;
// optional krb5 and install scripts left out), so the first run needs the npm registry.

#include <gtest/gtest.h>
#include <filesystem>

#include "npm_package.h"
#include "rest_test_support.h"

namespace cellar::server::rest::testing {
namespace {

namespace fs = std::filesystem;

using cellar::testing::RunShell;

std::string Quote(const fs::path& p) { return cellar::testing::ShellQuote(p.string()); }

class NodeHbaseTest : public ::testing::Test {
 protected:
  // Copies the package and the script into the build tree and installs node-hbase there once.
  static void SetUpTestSuite() {
    install_error_ = cellar::testing::InstallNpmPackage(
        CELLAR_NPM, CELLAR_NODE_SOURCE_DIR, CELLAR_NODE_WORK_DIR,
        {"package.json", "package-lock.json", "hbase_client.js"}, "hbase/package.json",
        "--omit=optional --ignore-scripts");
  }

  static std::string install_error_;
};

std::string NodeHbaseTest::install_error_;

TEST_F(NodeHbaseTest, CreatesPutsGetsScansWithAFilterAndDeletes) {
  ASSERT_TRUE(install_error_.empty()) << install_error_;
  RestServerFixture server;
  std::string output;
  int rc = RunShell(std::string(CELLAR_NODE) + " " +
                        Quote(fs::path(CELLAR_NODE_WORK_DIR) / "hbase_client.js") + " " +
                        std::to_string(server.port()),
                    output);
  EXPECT_EQ(rc, 0) << output;
  EXPECT_NE(output.find("version_cluster {\"Version\":\"2.5.0\"}"), std::string::npos) << output;
  EXPECT_NE(output.find("scan with filter ok"), std::string::npos) << output;
  EXPECT_NE(output.find("ALL OK"), std::string::npos) << output;
}

}  // namespace
}  // namespace cellar::server::rest::testing
