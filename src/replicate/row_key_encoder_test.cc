// KeyEncoder and DecodeRowKey (prefix, salt, text mode), and the date/time components.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <tuple>

#include "replicate/row_key.h"

namespace cellar::replicate {
namespace {

std::string Encode(KeyType type, std::string_view text) {
  std::string out;
  Status s = AppendOrderedComponent(out, type, text);
  EXPECT_TRUE(s.ok()) << KeyTypeName(type) << " '" << text << "': " << s.ToString();
  return out;
}

std::string RoundTrip(KeyType type, std::string_view text) {
  std::string encoded = Encode(type, text);
  std::string_view in = encoded;
  Result<std::string> decoded = ConsumeOrderedComponent(in, type);
  EXPECT_TRUE(decoded.ok() && in.empty()) << decoded.status().ToString();
  return decoded.ok() ? *decoded : "<error>";
}

// (astronomical year, month, day, microsecond of day)
using Moment = std::tuple<int64_t, int, int, int64_t>;

std::string Pad(int64_t v, int width) {
  std::string s = std::to_string(v);
  return std::string(s.size() < static_cast<size_t>(width) ? width - s.size() : 0, '0') + s;
}

std::string DateText(const Moment& m) {
  auto [year, month, day, micros] = m;
  return Pad(year <= 0 ? 1 - year : year, 4) + "-" + Pad(month, 2) + "-" + Pad(day, 2);
}

std::string TimestampText(const Moment& m) {
  int64_t micros = std::get<3>(m);
  int64_t seconds = micros / 1000000;
  std::string text = DateText(m) + " " + Pad(seconds / 3600, 2) + ":" + Pad(seconds / 60 % 60, 2) +
                     ":" + Pad(seconds % 60, 2);
  if (micros % 1000000 != 0) {
    std::string fraction = Pad(micros % 1000000, 6);
    text += "." + fraction.substr(0, fraction.find_last_not_of('0') + 1);
  }
  return text;
}

std::vector<Moment> RandomMoments(uint64_t seed, int count) {
  std::mt19937_64 rng(seed);
  std::vector<Moment> moments = {
      {-4712, 1, 1, 0},   {0, 12, 31, 0},   {1, 1, 1, 0},      {1999, 12, 31, 86399999999},
      {2000, 1, 1, 0},    {2000, 2, 29, 1}, {9999, 12, 31, 0}, {10000, 1, 1, 0},
      {294276, 12, 31, 0}};
  for (int i = 0; i < count; ++i) {
    int64_t year = rng() % 3 == 0 ? static_cast<int64_t>(rng() % 12000) - 4000
                                  : 1990 + static_cast<int64_t>(rng() % 40);
    int month = 1 + static_cast<int>(rng() % 12);
    int day = 1 + static_cast<int>(rng() % 28);
    int64_t micros = rng() % 2 == 0 ? static_cast<int64_t>(rng() % 86400) * 1000000
                                    : static_cast<int64_t>(rng() % 86400000000);
    moments.emplace_back(year, month, day, micros);
  }
  return moments;
}

std::string WithEra(const std::string& text, const Moment& m) {
  return std::get<0>(m) <= 0 ? text + " BC" : text;
}

TEST(RowKeyDateTimeTest, DatesSortChronologicallyAcrossErasAndFiveDigitYears) {
  std::vector<Moment> moments = RandomMoments(7, 400);
  std::sort(moments.begin(), moments.end());
  for (size_t i = 1; i < moments.size(); ++i) {
    Moment a = moments[i - 1], b = moments[i];
    std::get<3>(a) = std::get<3>(b) = 0;
    std::string ea = Encode(KeyType::kDate, WithEra(DateText(a), a));
    std::string eb = Encode(KeyType::kDate, WithEra(DateText(b), b));
    if (a < b) {
      EXPECT_LT(ea, eb) << DateText(a) << " < " << DateText(b);
    }
    if (a == b) {
      EXPECT_EQ(ea, eb);
    }
  }
  for (const Moment& m : moments) {
    EXPECT_EQ(RoundTrip(KeyType::kDate, WithEra(DateText(m), m)), WithEra(DateText(m), m));
  }
  EXPECT_LT(Encode(KeyType::kDate, "-infinity"), Encode(KeyType::kDate, "4713-01-01 BC"));
  EXPECT_LT(Encode(KeyType::kDate, "5874897-12-31"), Encode(KeyType::kDate, "infinity"));
  EXPECT_EQ(RoundTrip(KeyType::kDate, "infinity"), "infinity");
}

TEST(RowKeyDateTimeTest, TimestampsSortChronologicallyAndRoundTrip) {
  std::vector<Moment> moments = RandomMoments(8, 600);
  std::sort(moments.begin(), moments.end());
  for (size_t i = 1; i < moments.size(); ++i) {
    const Moment &a = moments[i - 1], &b = moments[i];
    std::string ea = Encode(KeyType::kTimestamp, WithEra(TimestampText(a), a));
    std::string eb = Encode(KeyType::kTimestamp, WithEra(TimestampText(b), b));
    if (a < b) {
      EXPECT_LT(ea, eb) << TimestampText(a) << " < " << TimestampText(b);
    }
  }
  for (const Moment& m : moments) {
    std::string text = WithEra(TimestampText(m), m);
    EXPECT_EQ(RoundTrip(KeyType::kTimestamp, text), text);
    std::string tz = WithEra(TimestampText(m) + "+00", m);
    EXPECT_EQ(RoundTrip(KeyType::kTimestampTz, tz), tz);
  }
}

TEST(RowKeyDateTimeTest, TimestampSpellings) {
  EXPECT_EQ(RoundTrip(KeyType::kTimestamp, "2024-01-05T10:00"), "2024-01-05 10:00:00");
  EXPECT_EQ(RoundTrip(KeyType::kTimestamp, "2024-01-05 10:00:00.500000"), "2024-01-05 10:00:00.5");
  EXPECT_EQ(RoundTrip(KeyType::kTimestamp, "2024-02-28 24:00:00"), "2024-02-29 00:00:00");
  EXPECT_EQ(RoundTrip(KeyType::kTimestamp, "-infinity"), "-infinity");
  EXPECT_EQ(RoundTrip(KeyType::kTimestampTz, "2024-01-01 05:30:00+05:30"),
            "2024-01-01 00:00:00+00");
  EXPECT_EQ(RoundTrip(KeyType::kTimestampTz, "2023-12-31 21:00:00-03"), "2024-01-01 00:00:00+00");
  EXPECT_EQ(RoundTrip(KeyType::kTimestampTz, "0044-03-15 10:00:00+00:53:28 BC"),
            "0044-03-15 09:06:32+00 BC");
  EXPECT_EQ(Encode(KeyType::kTimestampTz, "2024-01-01 01:00:00+01"),
            Encode(KeyType::kTimestampTz, "2024-01-01 00:00:00+00"));
}

TEST(RowKeyDateTimeTest, BadDatesAndTimesAreRejected) {
  for (const char* bad : {"", "2024-1-05", "2024-02-30", "2023-02-29", "0000-01-01", "2024-13-01",
                          "4714-01-01 BC", "2024-01-01 AD", "2024-01-01x"}) {
    std::string out;
    EXPECT_TRUE(AppendOrderedComponent(out, KeyType::kDate, bad).IsInvalidArgument()) << bad;
  }
  for (const char* bad :
       {"2024-01-01", "2024-01-01 25:00:00", "2024-01-01 24:00:01", "2024-01-01 10:60:00",
        "2024-01-01 10:00:00.1234567", "2024-01-01 10:00:00+00", "294277-01-01 00:00:00"}) {
    std::string out;
    EXPECT_TRUE(AppendOrderedComponent(out, KeyType::kTimestamp, bad).IsInvalidArgument()) << bad;
  }
  std::string out;
  EXPECT_TRUE(AppendOrderedComponent(out, KeyType::kTimestampTz, "2024-01-01 10:00:00")
                  .IsInvalidArgument());
  EXPECT_TRUE(out.empty());
}

Result<std::string> Build(const RowKeyFormat& format,
                          const std::vector<std::pair<KeyType, std::string>>& columns) {
  KeyEncoder encoder(format);
  for (const auto& [type, text] : columns) CELLAR_RETURN_IF_ERROR(encoder.Append(type, text));
  return encoder.Finish();
}

TEST(KeyEncoderTest, OrderedKeyIsPrefixThenComponents) {
  RowKeyFormat format{KeyEncoding::kOrdered, "user_id:", 0};
  Result<std::string> key = Build(format, {{KeyType::kSignedInt, "42"}, {KeyType::kText, "x"}});
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(*key, "user_id:" + Encode(KeyType::kSignedInt, "42") + Encode(KeyType::kText, "x"));
  Result<std::vector<std::string>> values =
      DecodeRowKey(format, {KeyType::kSignedInt, KeyType::kText}, *key);
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  EXPECT_EQ(*values, (std::vector<std::string>{"42", "x"}));
  EXPECT_FALSE(DecodeRowKey(format, {KeyType::kSignedInt}, *key).ok());  // bytes left over
  EXPECT_FALSE(
      DecodeRowKey({KeyEncoding::kOrdered, "other:", 0}, {KeyType::kSignedInt}, *key).ok());
}

TEST(KeyEncoderTest, TextModeIsHbrepsPlainValue) {
  RowKeyFormat format{KeyEncoding::kText, "user_id:", 0};
  EXPECT_EQ(*Build(format, {{KeyType::kSignedInt, "10"}}), "user_id:10");
  EXPECT_EQ(*Build({KeyEncoding::kText, "", 0}, {{KeyType::kText, "a|b"}}), "a|b");
  Result<std::string> composite =
      Build(format, {{KeyType::kText, "a|b\\c"}, {KeyType::kSignedInt, "7"}});
  EXPECT_EQ(*composite, "user_id:a\\|b\\\\c|7");
  Result<std::vector<std::string>> values =
      DecodeRowKey(format, {KeyType::kText, KeyType::kSignedInt}, *composite);
  ASSERT_TRUE(values.ok());
  EXPECT_EQ(*values, (std::vector<std::string>{"a|b\\c", "7"}));
  // Text mode does not validate values: hbrep's keys are whatever the text is.
  EXPECT_EQ(*Build(format, {{KeyType::kSignedInt, "x"}}), "user_id:x");
}

TEST(KeyEncoderTest, SaltIsAStableFirstByteBelowTheBucketCount) {
  RowKeyFormat format{KeyEncoding::kOrdered, "p", 16};
  std::set<uint8_t> seen;
  for (int i = 0; i < 200; ++i) {
    Result<std::string> key = Build(format, {{KeyType::kSignedInt, std::to_string(i)}});
    ASSERT_TRUE(key.ok());
    uint8_t salt = static_cast<uint8_t>((*key)[0]);
    EXPECT_LT(salt, 16);
    EXPECT_EQ(salt, SaltOf(key->substr(1), 16));
    EXPECT_EQ(key->substr(1, 1), "p");
    seen.insert(salt);
    EXPECT_EQ(DecodeRowKey(format, {KeyType::kSignedInt}, *key).value(),
              std::vector<std::string>{std::to_string(i)});
  }
  EXPECT_GT(seen.size(), 8u);  // spread over the buckets
  // FNV-1a 32 of "a" is 0xe40c292c; the salt is that modulo the bucket count.
  EXPECT_EQ(SaltOf("a", 256), 0x2c);
  std::string bad_salt = *Build(format, {{KeyType::kSignedInt, "1"}});
  bad_salt[0] = static_cast<char>((bad_salt[0] + 1) % 16);
  EXPECT_FALSE(DecodeRowKey(format, {KeyType::kSignedInt}, bad_salt).ok());
}

TEST(KeyEncoderTest, FinishResetsAndRejectsEmptyOrOversizedKeys) {
  KeyEncoder encoder(RowKeyFormat{KeyEncoding::kText, "", 0});
  EXPECT_TRUE(encoder.Finish().status().IsInvalidArgument());  // no column
  ASSERT_TRUE(encoder.Append(KeyType::kText, "").ok());
  EXPECT_TRUE(encoder.Finish().status().IsInvalidArgument());  // empty key
  ASSERT_TRUE(encoder.Append(KeyType::kText, "a").ok());
  EXPECT_EQ(*encoder.Finish(), "a");
  ASSERT_TRUE(encoder.Append(KeyType::kText, std::string(kMaxRowKeySize + 1, 'x')).ok());
  EXPECT_TRUE(encoder.Finish().status().IsInvalidArgument());
  ASSERT_TRUE(encoder.Append(KeyType::kText, "b").ok());
  EXPECT_EQ(*encoder.Finish(), "b");
}

TEST(KeyEncoderTest, BadValueLeavesTheEncoderUnchanged) {
  KeyEncoder encoder(RowKeyFormat{});
  ASSERT_TRUE(encoder.Append(KeyType::kSignedInt, "1").ok());
  Status bad = encoder.Append(KeyType::kSignedInt, "one");
  EXPECT_TRUE(bad.IsInvalidArgument());
  EXPECT_NE(bad.message().find("'one'"), std::string::npos);
  EXPECT_EQ(*encoder.Finish(), Encode(KeyType::kSignedInt, "1"));
}

TEST(KeyEncoderTest, FormatValidationAndEncodingNames) {
  EXPECT_TRUE((RowKeyFormat{KeyEncoding::kOrdered, "", 257}).Validate().IsInvalidArgument());
  EXPECT_TRUE((RowKeyFormat{KeyEncoding::kOrdered, "", -1}).Validate().IsInvalidArgument());
  EXPECT_TRUE((RowKeyFormat{KeyEncoding::kOrdered, "", 256}).Validate().ok());
  EXPECT_EQ(*ParseKeyEncoding("Ordered"), KeyEncoding::kOrdered);
  EXPECT_EQ(*ParseKeyEncoding("text"), KeyEncoding::kText);
  EXPECT_TRUE(ParseKeyEncoding("binary").status().IsInvalidArgument());
}

}  // namespace
}  // namespace cellar::replicate
