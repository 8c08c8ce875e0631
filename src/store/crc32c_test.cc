#include "store/crc32c.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace cellar::store {
namespace {

TEST(Crc32cTest, MatchesTheStandardCheckValues) {
  EXPECT_EQ(Crc32cExtend(0, "123456789", 9), 0xe3069283u);
  EXPECT_EQ(Crc32cExtendPortable(0, "123456789", 9), 0xe3069283u);
  EXPECT_EQ(Crc32cExtend(0, "", 0), 0u);
  const std::string zeros(32, '\0');
  EXPECT_EQ(Crc32cExtend(0, zeros.data(), zeros.size()), 0x8a9136aau);  // RFC 3720 B.4
}

TEST(Crc32cTest, TheFastPathAndTheTableAgreeOnAnyLengthAndSplit) {
  std::mt19937 rng(7);
  std::string data(4099, '\0');
  for (char& c : data) c = static_cast<char>(rng());
  for (size_t n : {1u, 7u, 8u, 9u, 63u, 4099u}) {
    EXPECT_EQ(Crc32cExtend(0, data.data(), n), Crc32cExtendPortable(0, data.data(), n)) << n;
  }
  const uint32_t whole = Crc32cExtend(0, data.data(), data.size());
  for (size_t split : {1u, 5u, 8u, 1000u, 4098u}) {
    uint32_t c = Crc32cExtend(0, data.data(), split);
    EXPECT_EQ(Crc32cExtend(c, data.data() + split, data.size() - split), whole) << split;
  }
}

}  // namespace
}  // namespace cellar::store
