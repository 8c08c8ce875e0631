#include "replicate/row_key.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <limits>
#include <random>

namespace cellar::replicate {
namespace {

std::string Encode(KeyType type, std::string_view text) {
  std::string out;
  Status s = AppendOrderedComponent(out, type, text);
  EXPECT_TRUE(s.ok()) << KeyTypeName(type) << " '" << text << "': " << s.ToString();
  return out;
}

std::string Decode(KeyType type, std::string_view encoded) {
  Result<std::string> text = ConsumeOrderedComponent(encoded, type);
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_TRUE(encoded.empty()) << "left " << encoded.size() << " bytes";
  return text.ok() ? *text : "<error>";
}

void ExpectRoundTrip(KeyType type, std::string_view text, std::string_view canonical) {
  EXPECT_EQ(Decode(type, Encode(type, text)), canonical) << "input '" << text << "'";
}

bool Rejects(KeyType type, std::string_view text) {
  std::string out = "unchanged";
  Status s = AppendOrderedComponent(out, type, text);
  EXPECT_EQ(out, "unchanged") << text;
  return s.IsInvalidArgument() && s.message().find(KeyTypeName(type)) != std::string::npos;
}

// Checks that sorting "values" by their encoding gives the order of "less" (and that values
// "less" calls equal encode equally).
template <typename T, typename Less>
void ExpectEncodingSortsLike(KeyType type, std::vector<T> values, Less less,
                             std::string (*to_text)(const T&)) {
  std::sort(values.begin(), values.end(), less);
  for (size_t i = 1; i < values.size(); ++i) {
    std::string a = Encode(type, to_text(values[i - 1]));
    std::string b = Encode(type, to_text(values[i]));
    if (less(values[i - 1], values[i])) {
      EXPECT_LT(a, b) << to_text(values[i - 1]) << " < " << to_text(values[i]);
    } else {
      EXPECT_EQ(a, b) << to_text(values[i - 1]) << " == " << to_text(values[i]);
    }
  }
}

TEST(RowKeyTest, SignedIntegersSortNumerically) {
  std::mt19937_64 rng(1);
  std::vector<int64_t> values = {std::numeric_limits<int64_t>::min(), -1, 0, 1, 9, 10,
                                 std::numeric_limits<int64_t>::max()};
  for (int i = 0; i < 500; ++i) values.push_back(static_cast<int64_t>(rng()) >> (rng() % 64));
  ExpectEncodingSortsLike<int64_t>(KeyType::kSignedInt, values, std::less<int64_t>(),
                                   [](const int64_t& v) { return std::to_string(v); });
  for (int64_t v : values)
    ExpectRoundTrip(KeyType::kSignedInt, std::to_string(v), std::to_string(v));
  ExpectRoundTrip(KeyType::kSignedInt, "+7", "7");
  ExpectRoundTrip(KeyType::kSignedInt, "-007", "-7");
  EXPECT_EQ(Encode(KeyType::kSignedInt, "0").size(), 8u);
}

TEST(RowKeyTest, BadIntegersAreRejected) {
  for (const char* bad : {"", "-", "+", "1.5", "12a", " 1", "9223372036854775808", "+-1", "--1"}) {
    EXPECT_TRUE(Rejects(KeyType::kSignedInt, bad)) << bad;
  }
  for (const char* bad : {"-1", "18446744073709551616", "0x10"}) {
    EXPECT_TRUE(Rejects(KeyType::kUnsignedInt, bad)) << bad;
  }
}

// The integer texts at the edges of the digit loop (PlainDigits) and of the general parser: each
// encodes as the big-endian bytes of its value (signed: XOR 2^63) or is rejected with the
// message that names it, whichever path reads it.
TEST(RowKeyTest, IntegerEdgeTextsEncodeTheirValueOrAreRejectedByName) {
  auto be = [](uint64_t v) {
    std::string out(8, '\0');
    for (int i = 7; i >= 0; --i, v >>= 8) out[static_cast<size_t>(i)] = static_cast<char>(v);
    return out;
  };
  const uint64_t sign = uint64_t{1} << 63;
  const std::vector<std::pair<std::string, int64_t>> signed_ok = {
      {"0", 0},
      {"-0", 0},
      {"+0", 0},
      {"7", 7},
      {"+7", 7},
      {"-7", -7},
      {"007", 7},
      {"-007", -7},
      {"999999999999999999", 999999999999999999},  // 18 digits: the loop's longest
      {"-999999999999999999", -999999999999999999},
      {"1000000000000000000", 1000000000000000000},  // 19 digits: the general parser
      {"9223372036854775807", std::numeric_limits<int64_t>::max()},
      {"-9223372036854775808", std::numeric_limits<int64_t>::min()},
      {"0000000000000000000000001", 1},  // leading zeros beyond 19 digits
  };
  for (const auto& [text, value] : signed_ok) {
    EXPECT_EQ(Encode(KeyType::kSignedInt, text), be(static_cast<uint64_t>(value) ^ sign)) << text;
  }
  const std::vector<std::pair<std::string, uint64_t>> unsigned_ok = {
      {"0", 0},
      {"+0", 0},
      {"00", 0},
      {"1000000017400", 1000000017400},
      {"9999999999999999999", 9999999999999999999u},  // 19 digits: the loop's longest
      {"18446744073709551615", std::numeric_limits<uint64_t>::max()},
      {"+18446744073709551615", std::numeric_limits<uint64_t>::max()},
      {"000000000000000000000000042", 42},
      {"12345678", 12345678},                          // one word of digits
      {"1234567890123456", 1234567890123456},          // two
      {"98765432109876543", 98765432109876543},        // two and one more
  };
  for (const auto& [text, value] : unsigned_ok) {
    EXPECT_EQ(Encode(KeyType::kUnsignedInt, text), be(value)) << text;
  }
  auto message = [](KeyType type, std::string_view text) {
    std::string out = "unchanged";
    Status s = AppendOrderedComponent(out, type, text);
    EXPECT_EQ(out, "unchanged") << text;
    return s.ok() ? std::string("accepted") : s.message();
  };
  for (const char* bad :
       {"", "-", "+", "+-1", "-+1", "--1", " 1", "1 ", "1-", "12a", "1.0", "/", ":",
        "9223372036854775808", "-9223372036854775809", "99999999999999999999"}) {
    EXPECT_EQ(message(KeyType::kSignedInt, bad),
              std::string("'").append(bad).append(
                  "' is not a valid signed integer key value; expected an integer between -2^63 "
                  "and 2^63-1"));
  }
  for (const char* bad : {"", "-", "+", "-0", "-1", "+-1", " 1", "1 ", "12a", "0x10",
                          "18446744073709551616", "99999999999999999999", "1234567/90123",
                          "12345678:0123", "/2345678", "1234567:", "12345678901234 6",
                          "1234\x80" "678", "1234567\xb9"}) {
    EXPECT_EQ(message(KeyType::kUnsignedInt, bad),
              std::string("'").append(bad).append(
                  "' is not a valid unsigned integer key value; expected an integer between 0 "
                  "and 2^64-1"));
  }
}

TEST(RowKeyTest, UnsignedIntegersSortNumerically) {
  std::mt19937_64 rng(2);
  std::vector<uint64_t> values = {0, 1, std::numeric_limits<uint64_t>::max()};
  for (int i = 0; i < 300; ++i) values.push_back(rng() >> (rng() % 64));
  ExpectEncodingSortsLike<uint64_t>(KeyType::kUnsignedInt, values, std::less<uint64_t>(),
                                    [](const uint64_t& v) { return std::to_string(v); });
  ExpectRoundTrip(KeyType::kUnsignedInt, "18446744073709551615", "18446744073709551615");
}

// PostgreSQL's float order: -Infinity < ... < -0 == 0 < ... < Infinity < NaN (all NaNs equal).
bool FloatLess(const double& a, const double& b) {
  if (std::isnan(a)) return false;
  if (std::isnan(b)) return true;
  return a < b;
}

std::string FloatText(const double& v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), v);
  return std::string(buffer, end);
}

TEST(RowKeyTest, FloatsSortLikePostgreSQL) {
  std::mt19937_64 rng(3);
  std::vector<double> values = {0.0,
                                -0.0,
                                std::numeric_limits<double>::infinity(),
                                -std::numeric_limits<double>::infinity(),
                                std::numeric_limits<double>::quiet_NaN(),
                                -std::numeric_limits<double>::quiet_NaN(),
                                std::numeric_limits<double>::denorm_min(),
                                -std::numeric_limits<double>::denorm_min(),
                                std::numeric_limits<double>::max(),
                                std::numeric_limits<double>::lowest(),
                                1.5,
                                -1.5};
  for (int i = 0; i < 500; ++i) values.push_back(std::bit_cast<double>(rng()));
  ExpectEncodingSortsLike<double>(KeyType::kFloat, values, FloatLess, FloatText);
}

TEST(RowKeyTest, FloatsRoundTripAndAcceptPostgreSQLSpellings) {
  ExpectRoundTrip(KeyType::kFloat, "1.5", "1.5");
  ExpectRoundTrip(KeyType::kFloat, "-2.5e-300", "-2.5e-300");
  ExpectRoundTrip(KeyType::kFloat, "-0", "0");
  ExpectRoundTrip(KeyType::kFloat, "Infinity", "Infinity");
  ExpectRoundTrip(KeyType::kFloat, "-Infinity", "-Infinity");
  ExpectRoundTrip(KeyType::kFloat, "-inf", "-Infinity");
  ExpectRoundTrip(KeyType::kFloat, "NaN", "NaN");
  ExpectRoundTrip(KeyType::kFloat, "+3", "3");
  for (const char* bad : {"", "abc", "1e999", "1.5x", "+-1", "nan(1)", "0x1p3"}) {
    EXPECT_TRUE(Rejects(KeyType::kFloat, bad)) << bad;
  }
}

// An exact decimal as (sign, integer digits, fraction digits), compared without the encoding.
struct TestDecimal {
  bool negative;
  std::string integer;   // no leading zeros; may be empty
  std::string fraction;  // no trailing zeros; may be empty
};

int CompareMagnitude(const TestDecimal& a, const TestDecimal& b) {
  if (a.integer.size() != b.integer.size()) return a.integer.size() < b.integer.size() ? -1 : 1;
  if (int c = a.integer.compare(b.integer); c != 0) return c < 0 ? -1 : 1;
  if (int c = a.fraction.compare(b.fraction); c != 0) return c < 0 ? -1 : 1;
  return 0;
}

bool DecimalLess(const TestDecimal& a, const TestDecimal& b) {
  bool a_zero = a.integer.empty() && a.fraction.empty();
  bool b_zero = b.integer.empty() && b.fraction.empty();
  int a_sign = a_zero ? 0 : a.negative ? -1 : 1;
  int b_sign = b_zero ? 0 : b.negative ? -1 : 1;
  if (a_sign != b_sign) return a_sign < b_sign;
  int c = CompareMagnitude(a, b);
  return a_sign < 0 ? c > 0 : c < 0;
}

std::string DecimalText(const TestDecimal& d) {
  std::string text = d.negative ? "-" : "";
  text += d.integer.empty() ? "0" : d.integer;
  if (!d.fraction.empty()) text += "." + d.fraction;
  return text;
}

TEST(RowKeyTest, DecimalsSortNumericallyAtAnyPrecision) {
  std::mt19937_64 rng(4);
  auto digits = [&](size_t n, bool nonzero_edge_first) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += static_cast<char>('0' + rng() % 10);
    if (!s.empty() && nonzero_edge_first && s.front() == '0') s.front() = '1';
    if (!s.empty() && !nonzero_edge_first && s.back() == '0') s.back() = '7';
    return s;
  };
  std::vector<TestDecimal> values = {{false, "", ""},   {true, "", ""},    {false, "1", ""},
                                     {true, "1", ""},   {false, "", "1"},  {true, "", "01"},
                                     {false, "10", ""}, {false, "9", "99"}};
  for (int i = 0; i < 600; ++i) {
    // Few distinct lengths and digits, so equal prefixes and equal values are common.
    size_t int_len = rng() % 4 == 0 ? rng() % 60 : rng() % 4;
    size_t frac_len = rng() % 4 == 0 ? rng() % 60 : rng() % 3;
    values.push_back({rng() % 2 == 0, digits(int_len, true), digits(frac_len, false)});
  }
  ExpectEncodingSortsLike<TestDecimal>(KeyType::kDecimal, values, DecimalLess, DecimalText);
  for (const TestDecimal& d : values) {
    std::string canonical = DecimalText(d);
    if (d.integer.empty() && d.fraction.empty()) canonical = "0";
    ExpectRoundTrip(KeyType::kDecimal, DecimalText(d), canonical);
  }
}

TEST(RowKeyTest, DecimalsEncodeEqualValuesEquallyAndPrintCanonically) {
  EXPECT_EQ(Encode(KeyType::kDecimal, "1.50"), Encode(KeyType::kDecimal, "1.5"));
  EXPECT_EQ(Encode(KeyType::kDecimal, "0.000"), Encode(KeyType::kDecimal, "-0"));
  EXPECT_EQ(Encode(KeyType::kDecimal, "1.5e2"), Encode(KeyType::kDecimal, "150"));
  ExpectRoundTrip(KeyType::kDecimal, "00100.00", "100");
  ExpectRoundTrip(KeyType::kDecimal, "-0.00100", "-0.001");
  ExpectRoundTrip(KeyType::kDecimal, ".5", "0.5");
  ExpectRoundTrip(KeyType::kDecimal, "5.", "5");
  ExpectRoundTrip(KeyType::kDecimal, "1e-3", "0.001");
  ExpectRoundTrip(KeyType::kDecimal, "+12.5E+2", "1250");
  std::string big = "123456789012345678901234567890123456789012345678901234567890.0000000001";
  ExpectRoundTrip(KeyType::kDecimal, big, big);
  ExpectRoundTrip(KeyType::kDecimal, "NaN", "NaN");
  ExpectRoundTrip(KeyType::kDecimal, "Infinity", "Infinity");
  ExpectRoundTrip(KeyType::kDecimal, "-Infinity", "-Infinity");
}

TEST(RowKeyTest, DecimalSpecialValuesSortLikePostgreSQL) {
  std::vector<std::string> ordered = {"-Infinity", "-1e100", "-1",    "-0.5",     "0",  "1e-100",
                                      "0.5",       "1",      "1e100", "Infinity", "NaN"};
  for (size_t i = 1; i < ordered.size(); ++i) {
    EXPECT_LT(Encode(KeyType::kDecimal, ordered[i - 1]), Encode(KeyType::kDecimal, ordered[i]))
        << ordered[i - 1] << " < " << ordered[i];
  }
  for (const char* bad : {"", "-", ".", "1..2", "1e", "1e+", "e5", "1,5", "1e2000000", "1e+-5"}) {
    EXPECT_TRUE(Rejects(KeyType::kDecimal, bad)) << bad;
  }
}

TEST(RowKeyTest, BooleansSortFalseFirst) {
  EXPECT_LT(Encode(KeyType::kBool, "f"), Encode(KeyType::kBool, "t"));
  EXPECT_EQ(Encode(KeyType::kBool, "TRUE"), Encode(KeyType::kBool, "t"));
  ExpectRoundTrip(KeyType::kBool, "off", "f");
  ExpectRoundTrip(KeyType::kBool, "yes", "t");
  EXPECT_TRUE(Rejects(KeyType::kBool, "maybe"));
}

std::string Identity(const std::string& s) { return s; }

TEST(RowKeyTest, TextSortsBytewiseIncludingEmptyAndZeroBytes) {
  std::mt19937_64 rng(5);
  const char alphabet[] = {'\0', '\x01', '\xff', 'a', 'b'};
  std::vector<std::string> values = {"", std::string(1, '\0'), std::string(2, '\0'), "a", "ab"};
  for (int i = 0; i < 500; ++i) {
    std::string s;
    for (size_t n = rng() % 6; n > 0; --n) s += alphabet[rng() % sizeof(alphabet)];
    values.push_back(s);
  }
  ExpectEncodingSortsLike<std::string>(KeyType::kText, values, std::less<std::string>(), Identity);
  for (const std::string& v : values) ExpectRoundTrip(KeyType::kText, v, v);
  ExpectRoundTrip(KeyType::kText, "naïve ☃", "naïve ☃");
}

TEST(RowKeyTest, CompositeKeysCompareColumnByColumn) {
  std::mt19937_64 rng(6);
  using Row = std::pair<std::string, int64_t>;
  std::vector<Row> rows;
  for (int i = 0; i < 400; ++i) {
    std::string s;
    for (size_t n = rng() % 3; n > 0; --n) s += "a\0b"[rng() % 3];
    rows.push_back({s, static_cast<int64_t>(rng() % 5) - 2});
  }
  auto encode = [](const Row& r) {
    return Encode(KeyType::kText, r.first) + Encode(KeyType::kSignedInt, std::to_string(r.second));
  };
  std::sort(rows.begin(), rows.end());
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i - 1] < rows[i]) {
      EXPECT_LT(encode(rows[i - 1]), encode(rows[i]));
    }
  }
}

TEST(RowKeyTest, ByteaSortsByDecodedBytes) {
  EXPECT_LT(Encode(KeyType::kBytea, "\\x"), Encode(KeyType::kBytea, "\\x00"));
  EXPECT_LT(Encode(KeyType::kBytea, "\\x00"), Encode(KeyType::kBytea, "\\x0001"));
  EXPECT_LT(Encode(KeyType::kBytea, "\\x0001"), Encode(KeyType::kBytea, "\\x01"));
  EXPECT_LT(Encode(KeyType::kBytea, "\\x7f"), Encode(KeyType::kBytea, "\\xFF"));
  ExpectRoundTrip(KeyType::kBytea, "\\xDEADbeef00", "\\xdeadbeef00");
  for (const char* bad : {"abc", "\\x0", "\\xzz", "\\001"}) {
    EXPECT_TRUE(Rejects(KeyType::kBytea, bad)) << bad;
  }
}

TEST(RowKeyTest, UuidsSortAsBytes) {
  std::string a = "00000000-0000-0000-0000-000000000001";
  std::string b = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
  std::string c = "ffffffff-0000-0000-0000-000000000000";
  EXPECT_LT(Encode(KeyType::kUuid, a), Encode(KeyType::kUuid, b));
  EXPECT_LT(Encode(KeyType::kUuid, b), Encode(KeyType::kUuid, c));
  EXPECT_EQ(Encode(KeyType::kUuid, b).size(), 16u);
  ExpectRoundTrip(KeyType::kUuid, "A0EEBC999C0B4EF8BB6D6BB9BD380A11", b);
  for (const char* bad :
       {"", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}) {
    EXPECT_TRUE(Rejects(KeyType::kUuid, bad)) << bad;
  }
}

}  // namespace
}  // namespace cellar::replicate
