#include "util/bytes.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace cellar {
namespace {

TEST(BytesTest, LongRoundTripsBigEndian) {
  EXPECT_EQ(EncodeLong(1), std::string("\0\0\0\0\0\0\0\x01", 8));
  EXPECT_EQ(EncodeLong(-1), std::string(8, '\xff'));
  for (int64_t v : {INT64_MIN, int64_t{-42}, int64_t{0}, int64_t{7}, INT64_MAX}) {
    EXPECT_EQ(DecodeLong(EncodeLong(v)), v);
  }
}

TEST(BytesTest, Fixed64SortsLikeUnsigned) {
  std::string a, b;
  PutFixed64BE(a, 255);
  PutFixed64BE(b, 256);
  EXPECT_LT(a, b);
  EXPECT_EQ(DecodeFixed64BE(b.data()), 256u);
}

TEST(BytesTest, EncodeFixed64WritesBigEndianBytesInPlace) {
  char buf[10] = "xxxxxxxxx";
  EncodeFixed64BE(buf + 1, 0x0102030405060708u);
  EXPECT_EQ(std::string(buf, 10), std::string("x\x01\x02\x03\x04\x05\x06\x07\x08\0", 10));
  EXPECT_EQ(DecodeFixed64BE(buf + 1), 0x0102030405060708u);
}

TEST(BytesTest, HexLowerPrintsEachOfTheByteValues) {
  std::string all;
  std::string expected;
  for (int b = 0; b < 256; ++b) {
    all.push_back(static_cast<char>(b));
    char digits[3];
    std::snprintf(digits, sizeof digits, "%02x", b);
    expected += digits;
  }
  EXPECT_EQ(HexLower(all), expected);
  std::string reused(600, 'x');  // HexLowerTo replaces what it holds
  HexLowerTo(all.substr(250), &reused);
  EXPECT_EQ(reused, "fafbfcfdfeff");
}

TEST(BytesTest, HexLowerPrintsEveryByte) {
  EXPECT_EQ(HexLower(std::string("\0\x1f\xab", 3)), "001fab");
  EXPECT_EQ(HexLower(""), "");
}

TEST(BytesTest, HexLowerToReplacesTheContents) {
  std::string out = "a longer string than the digest";
  HexLowerTo(std::string("\0\x1f\xab", 3), &out);
  EXPECT_EQ(out, "001fab");
  HexLowerTo("", &out);
  EXPECT_EQ(out, "");
}

TEST(BytesTest, ToStringBinaryEscapesLikeHBase) {
  EXPECT_EQ(ToStringBinary("row-1"), "row-1");
  EXPECT_EQ(ToStringBinary(std::string("\0\x01\xff", 3)), "\\x00\\x01\\xFF");
  EXPECT_EQ(ToStringBinary("a\\b"), "a\\x5Cb");
  EXPECT_EQ(ToStringBinary(EncodeLong(3)), "\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x03");
}

}  // namespace
}  // namespace cellar
