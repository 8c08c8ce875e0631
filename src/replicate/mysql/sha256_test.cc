#include "replicate/mysql/sha256.h"

#include <gtest/gtest.h>

namespace cellar::mysql {
namespace {

// FIPS 180-2's examples.
constexpr char kAbc[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr char kEmpty[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

TEST(Sha256Test, UpdatesMakeOneDigestAndTheNextStartsEmpty) {
  Sha256 h;
  h.Update("a");
  h.Update("bc");
  EXPECT_EQ(h.FinalHex(), kAbc);
  EXPECT_EQ(h.FinalHex(), kEmpty);
  h.Update("abc");
  EXPECT_EQ(h.FinalHex(), kAbc);
}

TEST(Sha256Test, HexOfHashesItsInputAloneDigestAfterDigest) {
  Sha256 h;
  std::string hex = "left over";
  h.Update("not part of any digest below");
  h.HexOf("abc", hex);
  EXPECT_EQ(hex, kAbc);
  h.HexOf("", hex);
  EXPECT_EQ(hex, kEmpty);
  h.HexOf("abc", hex);
  EXPECT_EQ(hex, kAbc);
  h.Update("ab");
  h.Update("c");
  EXPECT_EQ(h.FinalHex(), kAbc);
}

}  // namespace
}  // namespace cellar::mysql
