// The read loop's inline byte helpers agree with memcmp, memchr and memcpy at every length and
// position that their word-at-a-time paths treat differently.

#include "store/byte_ops.h"

#include <gtest/gtest.h>

#include <string>

namespace cellar::store {
namespace {

std::string Pattern(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('a' + i % 26));
  return s;
}

TEST(ByteOpsTest, SameBytesFindsADifferenceAtAnyPosition) {
  for (size_t n = 0; n <= 40; ++n) {
    std::string a = Pattern(n);
    EXPECT_TRUE(SameBytes(a.data(), Pattern(n).data(), n)) << n;
    for (size_t i = 0; i < n; ++i) {
      std::string b = a;
      b[i] = '\xff';
      EXPECT_FALSE(SameBytes(a.data(), b.data(), n)) << n << " at " << i;
    }
  }
}

TEST(ByteOpsTest, HasZeroByteFindsAZeroAtAnyPosition) {
  for (size_t n = 0; n <= 40; ++n) {
    std::string a = Pattern(n);
    a.replace(0, std::min<size_t>(n, 3), std::string(std::min<size_t>(n, 3), '\x80'));
    EXPECT_FALSE(HasZeroByte(a)) << n;  // bytes with the high bit set are not zero
    EXPECT_EQ(FindZeroByte(a), std::string_view::npos) << n;
    for (size_t i = 0; i < n; ++i) {
      std::string b = a;
      b[i] = '\0';
      EXPECT_TRUE(HasZeroByte(b)) << n << " at " << i;
      EXPECT_EQ(FindZeroByte(b), i) << n;
      b[n - 1] = '\0';  // a later zero does not move the first
      EXPECT_EQ(FindZeroByte(b), i) << n;
    }
  }
}

TEST(ByteOpsTest, FindZeroByteInWordFindsTheFirstZeroOfEightBytes) {
  std::string a = Pattern(8);
  a[0] = '\x80';  // bytes with the high bit set are not zero
  a[1] = '\x01';
  EXPECT_EQ(FindZeroByteInWord(a.data()), 8u);
  for (size_t i = 0; i < 8; ++i) {
    std::string b = a;
    b[i] = '\0';
    EXPECT_EQ(FindZeroByteInWord(b.data()), i);
    b[7] = '\0';  // a later zero does not move the first
    EXPECT_EQ(FindZeroByteInWord(b.data()), i);
  }
}

TEST(ByteOpsTest, CopyBytesCopiesExactlyNBytes) {
  for (size_t n = 0; n <= 140; ++n) {
    std::string src = Pattern(n);
    std::string dst(n + 2, '#');
    CopyBytes(dst.data() + 1, src.data(), n);
    EXPECT_EQ(dst, "#" + src + "#") << n;
  }
}

}  // namespace
}  // namespace cellar::store
