#include "store/key_format.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace cellar::store {
namespace {

std::string B(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s.push_back(static_cast<char>(b));
  return s;
}

TEST(KeyFormatTest, RoundTripsRowsWithZeroAndFfBytes) {
  for (const std::string& row : {std::string(""), B({0}), B({0, 0}), B({0xff}), B({0, 0xff, 1}),
                                 std::string("row-1"), B({'a', 0, 'b'})}) {
    for (const std::string& qual : {std::string(""), B({0}), std::string("q"), B({0xff, 0})}) {
      std::string key = EncodeCellKey(row, qual, 1234, CellType::kPut);
      auto d = DecodeCellKey(key);
      ASSERT_TRUE(d.has_value());
      EXPECT_EQ(d->row, row);
      EXPECT_EQ(d->qualifier, qual);
      EXPECT_EQ(d->timestamp, 1234);
      EXPECT_EQ(d->type, CellType::kPut);
      EXPECT_FALSE(d->is_family_marker);
      EXPECT_EQ(RowKeySize(key), EncodeRowKey(row).size());
    }
  }
}

// RowKeyAt finds the same row_key whatever size it is told to try first (a scan's previous row's):
// sizes where a 0x00 0x01 falls inside the escaped row, at a qualifier's terminator or past the
// key's end included.
TEST(KeyFormatTest, RowKeyAtIgnoresAWrongLikelySize) {
  for (const std::string& row : {std::string(""), B({0}), B({0, 1}), B({0xff}), B({'a', 0, 1}),
                                 std::string("a"), std::string("user000000012345")}) {
    const std::string row_key = EncodeRowKey(row);
    const bool plain = row.find('\0') == std::string::npos;
    for (const std::string& key :
         {EncodeCellKey(row, "q", 7, CellType::kPut), EncodeCellKey(row, B({'q', 0, 1}), 7,
                                                                     CellType::kPut),
          EncodeCellKey(row, "", 7, CellType::kDeleteFamily)}) {
      for (size_t likely = 0; likely <= key.size() + 1; ++likely) {
        bool is_plain = !plain;
        EXPECT_EQ(RowKeyAt(key, &is_plain, likely), row_key) << row << " " << likely;
        EXPECT_EQ(is_plain, plain) << row << " " << likely;
      }
    }
  }
  bool plain = true;
  EXPECT_EQ(RowKeyAt(B({'a', 0, 5, 1, 'q'}), &plain, 4), "");  // 0x00 then junk: malformed
}

TEST(KeyFormatTest, RowKeySizeOfLongRowsAndMalformedKeys) {
  // Rows long enough for the word-at-a-time search, with a 0x00 at each position.
  for (size_t n = 0; n <= 40; ++n) {  // whole words and the bytes after them
    std::string row(n, 'r');
    EXPECT_EQ(RowKeySize(EncodeCellKey(row, "q", 1, CellType::kPut)), EncodeRowKey(row).size());
    for (size_t i = 0; i < n; ++i) {
      std::string zero = row;
      zero[i] = '\0';
      EXPECT_EQ(RowKeySize(EncodeCellKey(zero, "q", 1, CellType::kPut)), EncodeRowKey(zero).size())
          << n << " " << i;
    }
  }
  // Rows of escaped 0x00s (ordered numbers), with the terminator at every offset of a 16-byte
  // window, and a malformed 0x00 at every offset.
  for (size_t n = 0; n <= 40; ++n) {
    const std::string zeros(n, '\0');
    EXPECT_EQ(RowKeySize(EncodeCellKey(zeros, "q", 1, CellType::kPut)), EncodeRowKey(zeros).size());
    std::string bad = EncodeRowKey(zeros);
    bad[2 * n + 1] = '\x02';  // the terminator's 0x01 replaced
    EXPECT_EQ(RowKeySize(bad + "tail-long-enough-for-a-window"), 0u) << n;
  }
  EXPECT_EQ(RowKeySize("abcdefghij"), 0u);                           // no terminator
  EXPECT_EQ(RowKeySize(std::string("abcdefghij\0", 11)), 0u);        // 0x00 last
  EXPECT_EQ(RowKeySize(std::string("abcdefghij\0\x05xy", 14)), 0u);  // 0x00 then junk
}

// escaped(b) of the grammar, byte by byte: the reference the escapers are checked against.
std::string EscapedByteByByte(const std::string& bytes) {
  std::string out;
  for (char c : bytes) {
    out.push_back(c);
    if (c == '\0') out.push_back('\xff');
  }
  return out + B({0, 1});
}

// Byte strings of "n" bytes for the escapers: no 0x00, all 0x00, and a 0x00 at every position
// alone and paired with the mirrored position (both ends included).
std::vector<std::string> ZeroPlacements(size_t n) {
  std::vector<std::string> cases = {std::string(n, 'x'), std::string(n, '\0')};
  for (size_t i = 0; i < n; ++i) {
    std::string one(n, '\xff');
    one[i] = '\0';
    cases.push_back(one);
    one[n - 1 - i] = '\0';
    cases.push_back(one);
  }
  return cases;
}

// Rows and qualifiers of 0 to 40 bytes (whole words and the bytes after them) escape as byte by
// byte, through EncodeRowKey and EncodeCellKey (AppendEscaped).
TEST(KeyFormatTest, EscapingMatchesByteByByteEscaping) {
  for (size_t n = 0; n <= 40; ++n) {
    for (const std::string& bytes : ZeroPlacements(n)) {
      EXPECT_EQ(EncodeRowKey(bytes), EscapedByteByByte(bytes)) << n;
      const std::string key = EncodeCellKey("r", bytes, 5, CellType::kPut);
      EXPECT_EQ(key.substr(3, key.size() - 12), kColumnTag + EscapedByteByByte(bytes)) << n;
    }
  }
}

// EscapeTo writes the same bytes, within EscapedSizeLimit.
TEST(KeyFormatTest, EscapeToWritesTheEscapedBytesWithinTheLimit) {
  for (size_t n = 0; n <= 40; ++n) {
    for (const std::string& bytes : ZeroPlacements(n)) {
      std::string out(EscapedSizeLimit(n) + 1, '#');
      char* end = EscapeTo(out.data(), bytes);
      const std::string expected = EscapedByteByByte(bytes);
      ASSERT_EQ(static_cast<size_t>(end - out.data()), expected.size()) << n;
      EXPECT_EQ(out.substr(0, expected.size()), expected) << n;
      EXPECT_EQ(out.back(), '#') << n;  // nothing past the limit
    }
  }
}

TEST(KeyFormatTest, FamilyMarkersRoundTrip) {
  auto d = DecodeCellKey(EncodeCellKey("r", "ignored", 7, CellType::kDeleteFamily));
  ASSERT_TRUE(d.has_value());
  EXPECT_TRUE(d->is_family_marker);
  EXPECT_EQ(d->type, CellType::kDeleteFamily);
  EXPECT_EQ(d->qualifier, "");
}

TEST(KeyFormatTest, RowsSortAsUnsignedBytes) {
  std::vector<std::string> rows = {"",      B({0}),     B({0, 0}), B({0, 1}), B({0, 0xff}),
                                   B({1}),  "a",        B({'a', 0}), "ab",    B({0xff}),
                                   B({0xff, 0}), B({0xff, 0xff})};
  std::mt19937 rng(7);
  std::vector<std::string> shuffled = rows;
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  std::vector<std::pair<std::string, std::string>> keyed;
  for (const auto& r : shuffled) keyed.emplace_back(EncodeCellKey(r, "q", 1, CellType::kPut), r);
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::string> by_key;
  for (auto& [k, r] : keyed) by_key.push_back(r);
  std::sort(rows.begin(), rows.end());  // std::string compares as unsigned char
  EXPECT_EQ(by_key, rows);
}

TEST(KeyFormatTest, WithinRowMarkersThenQualifiersThenNewestFirst) {
  std::vector<std::string> expected = {
      EncodeCellKey("r", "", 9, CellType::kDeleteFamily),
      EncodeCellKey("r", "", 5, CellType::kDeleteFamilyVersion),
      EncodeCellKey("r", "", 9, CellType::kPut),  // empty qualifier first
      EncodeCellKey("r", B({0}), 1, CellType::kPut),
      EncodeCellKey("r", "a", 9, CellType::kDeleteColumn),
      EncodeCellKey("r", "a", 9, CellType::kDelete),
      EncodeCellKey("r", "a", 9, CellType::kPut),
      EncodeCellKey("r", "a", 3, CellType::kPut),
      EncodeCellKey("r", "a", 0, CellType::kPut),
      EncodeCellKey("r", "ab", 100, CellType::kPut),
      EncodeCellKey("r", "b", 1, CellType::kPut),
      EncodeCellKey(B({'r', 0}), "", 1, CellType::kDeleteFamily),  // the next row
  };
  std::vector<std::string> sorted = expected;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, expected);
}

TEST(KeyFormatTest, RowPrefixIsKeyPrefix) {
  for (const std::string& row : {std::string("abc"), B({'a', 0, 'c'}), B({0, 0})}) {
    for (size_t n = 0; n <= row.size(); ++n) {
      std::string key = EncodeCellKey(row, "q", 1, CellType::kPut);
      EXPECT_EQ(key.rfind(EncodeRowPrefix(row.substr(0, n)), 0), 0u) << n;
    }
  }
  // A row that is not an extension does not match.
  EXPECT_NE(EncodeCellKey("abd", "q", 1, CellType::kPut).rfind(EncodeRowPrefix("abc"), 0), 0u);
}

// A pooled Get bounds its iterator with the row end key: every entry of the row sorts below it
// and every later row (extensions of the row included) at or above it.
TEST(KeyFormatTest, RowEndKeyIsAboveTheRowAndAtMostTheNextRow) {
  const std::vector<std::string> rows{B({0}), B({0, 0}), B({0xff}), B({'a'}), B({'a', 0}),
                                      B({'a', 0, 0xff}), B({'a', 1}), B({'a', 0xff, 0xff})};
  std::string end;
  for (const std::string& row : rows) {
    EncodeRowEndKeyTo(&end, EncodeRowKey(row));
    for (const std::string& qual : {std::string(""), B({0}), B({0xff, 0xff, 0xff})}) {
      EXPECT_LT(EncodeCellKey(row, qual, 0, CellType::kPut), end);
      EXPECT_LT(EncodeCellKey(row, qual, 0, CellType::kDeleteFamily), end);
    }
    for (const std::string& other : rows) {
      if (other > row) {
        EXPECT_GE(EncodeRowKey(other), end) << "row " << row.size();
      } else {
        EXPECT_LT(EncodeCellKey(other, "", 9, CellType::kPut), end);
      }
    }
  }
}

TEST(KeyFormatTest, ColumnSeekKeyPrecedesNewestEntry) {
  std::string seek = EncodeColumnSeekKey("r", "a");
  EXPECT_LT(seek, EncodeCellKey("r", "a", kLatestTimestamp - 1, CellType::kDeleteColumn));
  EXPECT_GT(seek, EncodeCellKey("r", "", 0, CellType::kPut));
}

TEST(KeyFormatTest, RejectsMalformedKeys) {
  EXPECT_FALSE(DecodeCellKey("").has_value());
  EXPECT_FALSE(DecodeCellKey("abc").has_value());
  EXPECT_FALSE(DecodeCellKey(B({'a', 0, 2})).has_value());
  std::string key = EncodeCellKey("r", "q", 1, CellType::kPut);
  EXPECT_FALSE(DecodeCellKey(key.substr(0, key.size() - 1)).has_value());
  key.back() = 0;  // unknown type code
  EXPECT_FALSE(DecodeCellKey(key).has_value());
}

TEST(KeyFormatTest, ValueCarriesSequence) {
  const std::string encoded = EncodeCellValue(42, "hello");  // the payload views into it
  auto d = DecodeCellValue(encoded);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->sequence, 42u);
  EXPECT_EQ(d->payload, "hello");
  // The largest sequence the allocator hands out still starts with 0x00.
  auto last = DecodeCellValue(EncodeCellValue(kSequenceLimit - 1, "\x01"));
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->sequence, kSequenceLimit - 1);
  EXPECT_EQ(last->payload, "\x01");
}

TEST(KeyFormatTest, PlainPutIsATagAndThePayloadAndDecodesWithSequenceZero) {
  const std::string encoded = EncodePlainPutValue(B({0, 0, 0, 0, 0, 0, 0, 0, 'x'}));
  EXPECT_EQ(encoded, B({kPlainPutTag, 0, 0, 0, 0, 0, 0, 0, 0, 'x'}));
  auto d = DecodeCellValue(encoded);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->sequence, 0u);
  EXPECT_EQ(d->payload, B({0, 0, 0, 0, 0, 0, 0, 0, 'x'}));
  auto empty = DecodeCellValue(EncodePlainPutValue(""));
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->payload, "");
}

TEST(KeyFormatTest, OnlyPutsOfFamiliesWithoutNewVersionBehaviorLeaveOutTheSequence) {
  EXPECT_FALSE(KeepsSequence(CellType::kPut, /*new_version_behavior=*/false));
  EXPECT_TRUE(KeepsSequence(CellType::kPut, /*new_version_behavior=*/true));
  for (CellType marker : {CellType::kDelete, CellType::kDeleteColumn, CellType::kDeleteFamily,
                          CellType::kDeleteFamilyVersion}) {
    EXPECT_TRUE(KeepsSequence(marker, false));
    EXPECT_TRUE(KeepsSequence(marker, true));
  }
}

TEST(KeyFormatTest, ValueHeadIsWhatTheEncodersPutBeforeThePayload) {
  ValueHead head;
  head.Set(0x0012345678abcdefull, /*keeps_sequence=*/true);
  EXPECT_EQ(std::string(head.bytes()) + "p", EncodeCellValue(0x0012345678abcdefull, "p"));
  head.Set(0x0012345678abcdefull, /*keeps_sequence=*/false);
  EXPECT_EQ(std::string(head.bytes()) + "p", EncodePlainPutValue("p"));
}

TEST(KeyFormatTest, RejectsValuesOfNeitherForm) {
  EXPECT_FALSE(DecodeCellValue("").has_value());
  EXPECT_FALSE(DecodeCellValue(B({0, 0, 0, 0, 0, 0, 0})).has_value());  // a short sequence
  EXPECT_FALSE(DecodeCellValue("short").has_value());
  EXPECT_FALSE(DecodeCellValue(B({2, 0, 0, 0, 0, 0, 0, 0, 'x'})).has_value());  // unknown tag
  EXPECT_FALSE(DecodeCellValue(B({char(0xff), 0, 0, 0, 0, 0, 0, 0})).has_value());
}

}  // namespace
}  // namespace cellar::store
