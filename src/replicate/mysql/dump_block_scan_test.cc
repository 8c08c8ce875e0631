#include "replicate/mysql/dump_block_scan.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace cellar::mysql {
namespace {

// The splitter's rules a byte at a time, as its state machine applies them, from "from"
// (outside strings).
struct Reference {
  size_t stop = 0;         // the first stop byte outside strings, or the end
  bool inside_at = false;  // whether "at" is inside a string (a doubled quote's second byte too)
  size_t opening = 0;      // the opening quote of that string
};

bool IsStop(const std::string& s, size_t i, char delimiter) {
  const char c = s[i];
  return c == delimiter || c == '"' || c == '`' || c == '#' || c == '/' || c == '\\' ||
         (c == '-' && i + 1 < s.size() && s[i + 1] == '-');
}

Reference Walk(const std::string& s, size_t from, size_t at, char delimiter) {
  Reference r;
  r.stop = s.size();
  bool inside = false;
  size_t opening = 0;
  for (size_t i = from; i < s.size();) {
    if (i == at) {
      r.inside_at = inside;
      r.opening = opening;
    }
    if (!inside) {
      if (IsStop(s, i, delimiter)) {
        r.stop = i;
        break;
      }
      if (s[i] == '\'') {
        inside = true;
        opening = i;
      }
      ++i;
    } else if (s[i] == '\\' || (s[i] == '\'' && i + 1 < s.size() && s[i + 1] == '\'')) {
      if (i + 1 == at) {  // "at" is the escaped byte or a doubled quote's second one
        r.inside_at = true;
        r.opening = opening;
      }
      i += 2;
    } else {
      inside = s[i] != '\'';
      ++i;
    }
  }
  return r;
}

// The position SkipPlainSql must return: the first stop if a whole 64-byte step (with the byte
// after it) holds it, else the state machine's point of entry at the last step's end.
size_t Expected(const std::string& s, size_t from, char delimiter) {
  const size_t steps = s.size() > from ? (s.size() - from - 1) / 64 : 0;
  const size_t tail = from + 64 * steps;
  const Reference at_tail = Walk(s, from, tail, delimiter);
  if (at_tail.stop < tail) return at_tail.stop;
  return at_tail.inside_at ? at_tail.opening : tail;
}

using Skip = size_t (*)(const char*, size_t, size_t, char);

// SkipPlainSql as dispatched, and every build the CPU can run.
std::vector<Skip> Builds() {
  std::vector<Skip> builds = {SkipPlainSql, dump_block_scan_internal::SkipPlainSqlBaseline};
#if defined(__x86_64__)
  if (dump_block_scan_internal::HasAvx2())
    builds.push_back(dump_block_scan_internal::SkipPlainSqlAvx2);
#endif
  return builds;
}

std::string RandomSql(std::mt19937& rng, const std::string& alphabet, size_t size) {
  std::string s(size, ' ');
  for (char& c : s) c = alphabet[rng() % alphabet.size()];
  return s;
}

// Without '-', the steps find exactly what the byte-at-a-time rules find: quotes, doubled quotes
// and backslash runs at every offset of a step and across steps.
TEST(DumpBlockScanTest, FindsWhatTheByteRulesFind) {
  for (Skip skip : Builds()) {
    std::mt19937 rng(7);
    const std::string alphabets[] = {"''\\\\\\ab,()1", "''''\\ab", "\\\\\\\\\\\\'ab",
                                     "'a;b\\\"`#/,0"};
    for (const std::string& alphabet : alphabets) {
      for (int round = 0; round < 20000; ++round) {
        const std::string s = RandomSql(rng, alphabet, rng() % 400);
        const size_t from = s.empty() ? 0 : rng() % std::min<size_t>(s.size(), 3);
        if (Walk(s, 0, from, ';').inside_at) continue;  // "from" must be outside strings
        ASSERT_EQ(skip(s.data(), from, s.size(), ';'), Expected(s, from, ';'))
            << "input '" << s << "' from " << from;
      }
    }
  }
}

// A '-' in a step's last byte stops the scan early (the next byte decides "--"); what it returns
// is still outside strings and never past the first stop.
TEST(DumpBlockScanTest, DashesStopNoLaterThanTheFirstStopAndOutsideStrings) {
  for (Skip skip : Builds()) {
    std::mt19937 rng(11);
    for (int round = 0; round < 20000; ++round) {
      const std::string s = RandomSql(rng, "--''\\a1,;", rng() % 400);
      const size_t got = skip(s.data(), 0, s.size(), ';');
      const Reference r = Walk(s, 0, got, ';');
      ASSERT_LE(got, r.stop) << s;
      ASSERT_FALSE(r.inside_at) << s;
      if (got < r.stop) {
        ASSERT_TRUE(s[got] == '-' || s[got] == '\'' || got + 64 >= s.size()) << s;
      }
    }
  }
}

TEST(DumpBlockScanTest, SkipsEscapesAndDoubledQuotesAtEveryStepOffset) {
  for (Skip skip : Builds()) {
    for (size_t at = 0; at < 130; ++at) {
      for (const std::string tricky : {"\\'", "''", "\\\\", "\\\\\\'", "\\;"}) {
        std::string s(200, 'x');
        s[0] = '\'';
        s.replace(at + 1, tricky.size(), tricky);
        s[170] = '\'';
        s[180] = ';';
        ASSERT_EQ(skip(s.data(), 0, s.size(), ';'), Expected(s, 0, ';'))
            << "'" << tricky << "' at " << at;
      }
    }
  }
}

TEST(DumpBlockScanTest, ReturnsTheOpeningQuoteOfAStringOpenAtTheEnd) {
  for (Skip skip : Builds()) {
    std::string s = "(1,'" + std::string(100, 'a') + "''" + std::string(100, 'b');
    EXPECT_EQ(skip(s.data(), 0, s.size(), ';'), 3u);
    s = "(1,'ab'),(2,'" + std::string(200, 'c') + "\\'";
    EXPECT_EQ(skip(s.data(), 0, s.size(), ';'), 12u);
  }
}

TEST(DumpBlockScanTest, StopsAtTheDelimiterOutsideStringsOnly) {
  for (Skip skip : Builds()) {
    std::string s = "(1,'a;b\\';'),(2,'x')" + std::string(100, ' ') + "$$" + std::string(70, ' ');
    EXPECT_EQ(skip(s.data(), 0, s.size(), '$'), 120u);
    EXPECT_EQ(skip(s.data(), 0, s.size(), ';'), 128u);  // none: the last step's end
  }
}

}  // namespace
}  // namespace cellar::mysql
