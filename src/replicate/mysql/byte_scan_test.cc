#include "replicate/mysql/byte_scan.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace cellar::mysql {
namespace {

size_t NaiveDigitRun(const std::string& s, size_t from, size_t to) {
  size_t n = 0;
  while (from + n < to && s[from + n] >= '0' && s[from + n] <= '9') ++n;
  return n;
}

size_t NaiveFindEither(const std::string& s, size_t from, size_t to, char a, char b) {
  while (from < to && s[from] != a && s[from] != b) ++from;
  return from;
}

// Every start and end in strings of digits broken by each byte value, at every position, so
// that the eight- and sixteen-byte steps meet their stops at every offset and at the ends.
TEST(ByteScanTest, DigitRunMatchesAByteAtATimeScan) {
  for (int stop = 0; stop < 256; ++stop) {
    for (size_t at = 0; at < 20; ++at) {
      std::string s(20, '7');
      s[at] = static_cast<char>(stop);
      for (size_t from = 0; from < s.size(); ++from) {
        for (size_t to = from; to <= s.size(); ++to) {
          ASSERT_EQ(DigitRun(s.data() + from, s.data() + to), NaiveDigitRun(s, from, to))
              << "stop " << stop << " at " << at << " [" << from << ", " << to << ")";
        }
      }
    }
  }
}

TEST(ByteScanTest, FindEitherMatchesAByteAtATimeScan) {
  std::mt19937 rng(5);
  for (int round = 0; round < 2000; ++round) {
    std::string s(rng() % 70, 'x');
    for (char& c : s) {
      int r = rng() % 40;
      c = r == 0 ? '\'' : r == 1 ? '\\' : static_cast<char>(rng() % 256);
    }
    const size_t from = s.empty() ? 0 : rng() % s.size();
    const size_t to = from + (s.size() == from ? 0 : rng() % (s.size() - from + 1));
    const char* got = FindEither(s.data() + from, s.data() + to, '\'', '\\');
    ASSERT_EQ(static_cast<size_t>(got - s.data()), NaiveFindEither(s, from, to, '\'', '\\'))
        << "round " << round;
  }
}

// Hex runs broken by each byte value at every position, and the pairs decoded, as a byte loop
// does: the 16-byte steps meet their stops and ends at every offset.
TEST(ByteScanTest, HexDigitRunAndDecodeHexPairsMatchAByteAtATimeLoop) {
  const std::string digits = "0123456789abcdefABCDEF";
  std::mt19937 rng(3);
  for (int stop = 0; stop < 256; ++stop) {
    for (size_t at = 0; at < 40; ++at) {
      std::string s(40, '0');
      for (char& c : s) c = digits[rng() % digits.size()];
      s[at] = static_cast<char>(stop);
      for (size_t from = 0; from < 3; ++from) {
        size_t want = 0;
        while (from + want < s.size() && HexValue(s[from + want]) >= 0) ++want;
        ASSERT_EQ(HexDigitRun(s.data() + from, s.data() + s.size()), want)
            << "stop " << stop << " at " << at << " from " << from;
        const size_t pairs = want / 2 * 2;
        std::string got(pairs / 2, '?'), expected;
        DecodeHexPairs(s.data() + from, pairs, got.data());
        for (size_t i = 0; i < pairs; i += 2) {
          expected += static_cast<char>(HexValue(s[from + i]) * 16 + HexValue(s[from + i + 1]));
        }
        ASSERT_EQ(got, expected) << "stop " << stop << " at " << at << " from " << from;
      }
    }
  }
}

TEST(ByteScanTest, WordBytesAndHexValues) {
  EXPECT_TRUE(IsWordByte('a') && IsWordByte('Z') && IsWordByte('0') && IsWordByte('_'));
  EXPECT_TRUE(IsWordByte('$') && IsWordByte('\x80') && IsWordByte('\xff'));
  EXPECT_FALSE(IsWordByte(',') || IsWordByte(')') || IsWordByte('\'') || IsWordByte(' '));
  EXPECT_FALSE(IsWordByte('\0') || IsWordByte('.') || IsWordByte('-') || IsWordByte('`'));
  EXPECT_EQ(HexValue('0'), 0);
  EXPECT_EQ(HexValue('9'), 9);
  EXPECT_EQ(HexValue('a'), 10);
  EXPECT_EQ(HexValue('F'), 15);
  EXPECT_EQ(HexValue('g'), -1);
  EXPECT_EQ(HexValue('\xff'), -1);
  EXPECT_EQ(HexValue('/'), -1);
}

}  // namespace
}  // namespace cellar::mysql
