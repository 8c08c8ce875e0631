#include "server/thrift/thrift1_scanner_registry.h"

#include <gtest/gtest.h>

namespace cellar::server {
namespace {

TEST(Thrift1ScannerRegistryTest, IdsCountUpAndStayValidUntilRemoved) {
  Thrift1ScannerRegistry registry;
  Result<int32_t> a = registry.Add({});
  Result<int32_t> b = registry.Add({});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, 0);
  EXPECT_EQ(*b, 1);
  EXPECT_NE(registry.Find(*a), nullptr);
  EXPECT_TRUE(registry.Remove(*a));
  EXPECT_EQ(registry.Find(*a), nullptr);
  EXPECT_FALSE(registry.Remove(*a));
  EXPECT_EQ(registry.size(), 1u);
}

TEST(Thrift1ScannerRegistryTest, RefusesBeyondCapacity) {
  Thrift1ScannerRegistry registry(2);
  ASSERT_TRUE(registry.Add({}).ok());
  ASSERT_TRUE(registry.Add({}).ok());
  Result<int32_t> third = registry.Add({});
  EXPECT_TRUE(third.status().IsFailedPrecondition());
  EXPECT_NE(third.status().message().find("scannerClose"), std::string::npos);
  registry.Remove(0);
  EXPECT_TRUE(registry.Add({}).ok());
}

}  // namespace
}  // namespace cellar::server
