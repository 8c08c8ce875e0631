// EntryPieces (bulk_runs.h): a key given as head + tail compares and copies as the joined key,
// wherever it is split, with 0x00 and 0xFF bytes and keys that are prefixes of each other.

#include "store/bulk_runs.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/test_util.h"

namespace cellar::store {
namespace {

TEST(EntryPiecesTest, KeyComparesAsTheJoinedKeyWhereverItIsSplit) {
  const std::string z(1, '\0');
  const std::string ff(1, '\xff');
  const std::vector<std::string> keys = {"",
                                         "a",
                                         "ab",
                                         "abc",
                                         "abd",
                                         "b",
                                         z,
                                         z + z,
                                         z + ff,
                                         ff,
                                         ff + z,
                                         "ab" + z,
                                         "ab" + ff,
                                         "a" + z + "c",
                                         "a" + ff + "c",
                                         "abc" + z + "x",
                                         "abc" + ff,
                                         "abcd",
                                         "abcc"};
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

TEST(EntryPiecesTest, CopiesPiecesOfEverySize) {
  std::string bytes(40, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>('A' + i);
  const std::string_view all(bytes);
  for (size_t a = 0; a <= 20; ++a) {
    for (size_t b = 0; b <= 20; ++b) {
      const EntryPieces entry{.key_head = all.substr(0, a),
                              .key_tail = all.substr(a, b),
                              .value_head = all.substr(0, b),
                              .value_tail = all.substr(b, a)};
      std::string out(entry.key_size() + entry.value_size() + 8, '-');
      entry.CopyTo(out.data());
      std::string expected(all.substr(0, a + b));  // not operator+: GCC 12 warns (-Wrestrict)
      expected.append(all.substr(0, a + b)).append("--------");
      EXPECT_EQ(out, expected) << a << " + " << b;
    }
  }
}

TEST(RunStreamTest, AddTakesOnlyKeysGreaterThanTheLastOne) {
  cellar::testing::TempDir dir;
  RunStream stream(rocksdb::Options(), dir.path() + "/run.sst", /*generation=*/0, 1 << 20, "b");
  bool added = true;
  for (const char* key : {"a", "b"}) {  // not after "after"
    ASSERT_TRUE(stream.Add(EntryPieces{.key_head = key, .value_head = "v"}, &added).ok());
    EXPECT_FALSE(added) << key;
  }
  for (const char* key : {"b0", "c", "c0"}) {
    ASSERT_TRUE(stream.Add(EntryPieces{.key_head = key, .value_head = "v"}, &added).ok());
    EXPECT_TRUE(added) << key;
  }
  for (const char* key : {"c0", "c", "b9"}) {  // the same key again, or smaller
    ASSERT_TRUE(stream.Add(EntryPieces{.key_head = key, .value_head = "rejected"}, &added).ok());
    EXPECT_FALSE(added) << key;
  }
  EXPECT_EQ(stream.last_key(), "c0");
  ASSERT_TRUE(stream.Close().ok());
  store::Run run;
  ASSERT_TRUE(stream.Wait(&run).ok());
  EXPECT_EQ(run.entries, 3);
  EXPECT_EQ(run.smallest, "b0");
  EXPECT_EQ(run.largest, "c0");
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
