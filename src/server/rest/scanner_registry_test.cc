#include "server/rest/scanner_registry.h"

#include <gtest/gtest.h>

namespace cellar::server::rest {
namespace {

// Two one-cell rows, then the end.
class TwoRows : public ResultScanner {
 public:
  Result<std::optional<RowResult>> Next() override {
    if (next_ >= 2) return std::optional<RowResult>();
    std::string row = "r" + std::to_string(next_++);
    return std::optional<RowResult>(
        RowResult(row, {Cell{row, "f", "q", 1, CellType::kPut, "v"}}));
  }

 private:
  int next_ = 0;
};

TEST(RestScannerRegistryTest, PagesRowsThenReportsTheEnd) {
  ScannerRegistry registry;
  auto id = registry.Add("t", nullptr, std::make_unique<TwoRows>(), 1);
  ASSERT_TRUE(id.ok());
  for (const char* row : {"r0", "r1"}) {
    auto page = registry.NextPage("t", *id, std::nullopt, std::nullopt);
    ASSERT_TRUE(page.ok() && page->has_value());
    EXPECT_EQ((*page)->rows.at(0).key, row);
  }
  auto end = registry.NextPage("t", *id, std::nullopt, std::nullopt);
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(end->has_value());
  EXPECT_EQ(registry.NextPage("other", *id, std::nullopt, std::nullopt).status().code(),
            StatusCode::kNotFound);
  EXPECT_TRUE(registry.Remove("t", *id).ok());
  EXPECT_EQ(registry.size(), 0u);
}

TEST(RestScannerRegistryTest, RefusesScannersBeyondItsCapacity) {
  ScannerRegistry registry(/*capacity=*/2, std::chrono::seconds(3600));
  ASSERT_TRUE(registry.Add("t", nullptr, std::make_unique<TwoRows>(), 1).ok());
  ASSERT_TRUE(registry.Add("t", nullptr, std::make_unique<TwoRows>(), 1).ok());
  EXPECT_EQ(registry.Add("t", nullptr, std::make_unique<TwoRows>(), 1).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST(RestScannerRegistryTest, DropsIdleScannersWhenANewOneIsAdded) {
  ScannerRegistry registry(/*capacity=*/1, std::chrono::seconds(0));
  auto first = registry.Add("t", nullptr, std::make_unique<TwoRows>(), 1);
  ASSERT_TRUE(first.ok());
  auto second = registry.Add("t", nullptr, std::make_unique<TwoRows>(), 1);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(registry.NextPage("t", *first, std::nullopt, std::nullopt).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(registry.size(), 1u);
}

}  // namespace
}  // namespace cellar::server::rest
