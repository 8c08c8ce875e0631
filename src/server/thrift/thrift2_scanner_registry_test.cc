#include "server/thrift/thrift2_scanner_registry.h"

#include <gtest/gtest.h>

#include <thread>

namespace cellar::server {
namespace {

// A scanner over "n" empty rows named "0", "1", ...
class CountingScanner final : public ResultScanner {
 public:
  explicit CountingScanner(int n) : n_(n) {}
  Result<std::optional<RowResult>> Next() override {
    if (i_ >= n_) return std::optional<RowResult>();
    return std::optional<RowResult>(RowResult(std::to_string(i_++), {}));
  }

 private:
  int n_;
  int i_ = 0;
};

TEST(Thrift2ScannerRegistryTest, AddReadRemove) {
  Thrift2ScannerRegistry registry;
  Result<int32_t> id = registry.Add(nullptr, std::make_unique<CountingScanner>(2));
  ASSERT_TRUE(id.ok());
  int reads = 0;
  auto read = [&](ResultScanner& s) -> Status {
    while (true) {
      CELLAR_ASSIGN_OR_RETURN(std::optional<RowResult> row, s.Next());
      if (!row) return Status::Ok();
      ++reads;
    }
  };
  EXPECT_TRUE(registry.With(*id, read).ok());
  EXPECT_EQ(reads, 2);
  // At the end the scanner stays until closed.
  EXPECT_TRUE(registry.With(*id, read).ok());
  EXPECT_TRUE(registry.Remove(*id));
  EXPECT_FALSE(registry.Remove(*id));
  EXPECT_TRUE(registry.With(*id, read).IsNotFound());
}

TEST(Thrift2ScannerRegistryTest, CapacityIsBounded) {
  Thrift2ScannerRegistry registry(/*capacity=*/2);
  ASSERT_TRUE(registry.Add(nullptr, std::make_unique<CountingScanner>(0)).ok());
  ASSERT_TRUE(registry.Add(nullptr, std::make_unique<CountingScanner>(0)).ok());
  EXPECT_TRUE(registry.Add(nullptr, std::make_unique<CountingScanner>(0))
                  .status()
                  .IsFailedPrecondition());
}

TEST(Thrift2ScannerRegistryTest, IdleScannersExpire) {
  Thrift2ScannerRegistry registry(/*capacity=*/1, /*idle_timeout=*/std::chrono::seconds(0));
  Result<int32_t> first = registry.Add(nullptr, std::make_unique<CountingScanner>(0));
  ASSERT_TRUE(first.ok());
  // Idle longer than 0 s: dropped to make room.
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  Result<int32_t> second = registry.Add(nullptr, std::make_unique<CountingScanner>(0));
  ASSERT_TRUE(second.ok());
  EXPECT_NE(*first, *second);
  EXPECT_EQ(registry.size(), 1u);
}

}  // namespace
}  // namespace cellar::server
