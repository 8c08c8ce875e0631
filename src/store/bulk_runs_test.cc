// EntryPieces (bulk_runs.h): a key given as head + tail compares and copies as the joined key,
// wherever it is split, with 0x00 and 0xFF bytes and keys that are prefixes of each other.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/bulk_runs.h"

namespace cellar::store {
namespace {

TEST(EntryPiecesTest, KeyComparesAsTheJoinedKeyWhereverItIsSplit) {
  const std::string z(1, '\0');
  const std::string ff(1, '\xff');
  const std::vector<std::string> keys = {
      "",    "a",        "ab",           "abc",         "abd",     "b",      z,
      z + z, z + ff,     ff,             ff + z,        "ab" + z,  "ab" + ff, "a" + z + "c",
      "a" + ff + "c",    "abc" + z + "x", "abc" + ff,    "abcd",    "abcc"};
  int compared = 0;
  for (const std::string& key : keys) {
    for (size_t split = 0; split <= key.size(); ++split) {
      const EntryPieces entry{.key_head = std::string_view(key).substr(0, split),
                              .key_tail = std::string_view(key).substr(split)};
      EXPECT_EQ(entry.key_size(), key.size());
      for (const std::string& other : keys) {
        EXPECT_EQ(entry.KeyGreaterThan(other), key > other)
            << "'" << key << "' split at " << split << " against '" << other << "'";
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 1000);
}

TEST(EntryPiecesTest, CopiesKeyThenValue) {
  const std::string tail("\0q", 2);
  const EntryPieces entry{
      .key_head = "row", .key_tail = tail, .value_head = "12345678", .value_tail = "payload"};
  EXPECT_EQ(entry.value_size(), 15u);
  std::string out(entry.key_size() + entry.value_size(), '-');
  entry.CopyTo(out.data());
  EXPECT_EQ(out, std::string("row\0q12345678payload", 20));
}

}  // namespace
}  // namespace cellar::store
