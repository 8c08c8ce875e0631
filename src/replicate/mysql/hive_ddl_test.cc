#include "replicate/mysql/hive_ddl.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "replicate/mysql/publisher.h"
#include "replicate/mysql/stager.h"
#include "store/test_util.h"

namespace cellar::mysql {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class HiveDdlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    auto source = OpenByteSource(std::string(CELLAR_MYSQL_TESTDATA_DIR) + "/hive_ddl_dump.sql");
    ASSERT_TRUE(source.ok());
    auto staged = StageDump(*store_, **source, StageOptions{.ns = "shop"});
    ASSERT_TRUE(staged.ok()) << staged.status().ToString();
  }
  void TearDown() override { store_.reset(); }  // before dir_ goes
  // Compares with testdata/NAME; CELLAR_UPDATE_GOLDEN=1 rewrites it.
  void ExpectGolden(const std::string& actual, const std::string& name) {
    std::string path = std::string(CELLAR_MYSQL_TESTDATA_DIR) + "/" + name;
    if (std::getenv("CELLAR_UPDATE_GOLDEN") != nullptr) std::ofstream(path) << actual;
    EXPECT_EQ(actual, ReadFile(path)) << "golden file " << path;
  }
  cellar::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(HiveDdlTest, TextTablesAndViewsMatchGolden) {
  ASSERT_TRUE(Publish(*store_, PublishOptions{.ns = "shop"}).ok());
  auto ddl = HiveDdl(*store_, "shop", std::nullopt);
  ASSERT_TRUE(ddl.ok()) << ddl.status().ToString();
  ExpectGolden(*ddl, "hive_ddl.golden");
}

TEST_F(HiveDdlTest, BinaryNumbersAreMappedWithHashB) {
  ASSERT_TRUE(Publish(*store_, PublishOptions{.ns = "shop", .binary_numbers = true}).ok());
  auto ddl = HiveDdl(*store_, "shop", 1709296496000);
  ASSERT_TRUE(ddl.ok()) << ddl.status().ToString();
  ExpectGolden(*ddl, "hive_ddl_binary.golden");
}

TEST_F(HiveDdlTest, NothingPublishedIsFailedPrecondition) {
  EXPECT_TRUE(HiveDdl(*store_, "shop", std::nullopt).status().IsFailedPrecondition());
  EXPECT_TRUE(HiveDdl(*store_, "shop", 5).status().IsNotFound());
}

}  // namespace
}  // namespace cellar::mysql
