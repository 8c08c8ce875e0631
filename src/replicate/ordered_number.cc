#include "replicate/ordered_number.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "util/bytes.h"

namespace cellar::replicate {
namespace {

constexpr uint64_t kSignBit = uint64_t{1} << 63;
// Decimal exponents beyond this are rejected, so decoding never builds huge strings.
// PostgreSQL's numeric allows 131072 digits before the point and 16383 after.
constexpr int64_t kMaxDecimalExponent = 1'000'000;

enum DecimalClass : uint8_t {
  kNegativeInfinity = 0x01,
  kNegative = 0x02,
  kZero = 0x03,
  kPositive = 0x04,
  kPositiveInfinity = 0x05,
  kNaN = 0x06,
};

Status BadValue(std::string_view kind, std::string_view text, std::string_view expected) {
  return Status::InvalidArgument("'" + std::string(text) + "' is not a valid " + std::string(kind) +
                                 " key value; expected " + std::string(expected));
}

Status Truncated(std::string_view kind) {
  return Status::InvalidArgument("row key ends inside a " + std::string(kind) + " component");
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

Result<uint64_t> ConsumeFixed64(std::string_view& in, std::string_view kind) {
  if (in.size() < 8) return Truncated(kind);
  uint64_t v = DecodeFixed64BE(in.data());
  in.remove_prefix(8);
  return v;
}

template <typename Int>
bool ParseInteger(std::string_view text, Int& value) {
  bool plus = !text.empty() && text.front() == '+';
  if (plus) text.remove_prefix(1);
  if (text.empty() || (text.front() == '-' && (plus || std::is_unsigned_v<Int>))) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

// The common text of a key integer, plain decimal digits, read by a digit loop instead of
// ParseInteger (std::from_chars with its overflow checks per digit: 190 instructions for a
// 13-digit id against about 60). Up to 19 digits (below 10^19 < 2^64) cannot overflow a uint64,
// up to 18 (below 10^18 < 2^63) not an int64 of either sign.
constexpr size_t kPlainUnsignedDigits = 19;
constexpr size_t kPlainSignedDigits = 18;

// Whether "digits" is 1 to "max_digits" decimal digits, and then its value in "value". Anything
// else (a sign, a space, more digits) is left to ParseInteger, which accepts or rejects it as
// it always did: this only takes texts ParseInteger reads to the same value.
[[gnu::always_inline]] inline bool PlainDigits(std::string_view digits, size_t max_digits,
                                              uint64_t& value) {
  if (digits.empty() || digits.size() > max_digits) return false;
  uint64_t v = 0;
  if constexpr (std::endian::native == std::endian::little) {
    // Eight digits at once (the SWAR parse of simdjson and fast_float): a word of eight ASCII
    // digits has no byte below '0' or above '9'; then pairs, quads and the eight are combined
    // by multiplication, the first byte the most significant digit.
    for (; digits.size() >= 8; digits.remove_prefix(8)) {
      uint64_t w;
      std::memcpy(&w, digits.data(), 8);
      if ((((w + 0x4646464646464646) | (w - 0x3030303030303030)) & 0x8080808080808080) != 0) {
        return false;
      }
      w = ((w & 0x0F0F0F0F0F0F0F0F) * 2561) >> 8;
      w = ((w & 0x00FF00FF00FF00FF) * 6553601) >> 16;
      v = v * 100000000 + static_cast<uint32_t>(((w & 0x0000FFFF0000FFFF) * 42949672960001) >> 32);
    }
  }
  for (char c : digits) {
    const unsigned digit = static_cast<unsigned>(static_cast<unsigned char>(c)) - '0';
    if (digit > 9) return false;
    v = v * 10 + digit;
  }
  value = v;
  return true;
}

// Infinity or NaN spelled as PostgreSQL and MySQL print or accept them; 0 if neither.
int SpecialFloat(std::string_view text, bool& nan) {
  nan = EqualsIgnoreCase(text, "nan");
  if (nan) return 0;
  int sign = 1;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    sign = text.front() == '-' ? -1 : 1;
    text.remove_prefix(1);
  }
  return EqualsIgnoreCase(text, "infinity") || EqualsIgnoreCase(text, "inf") ? sign : 0;
}

// A finite decimal as 0.digits x 10^exponent: digits without leading or trailing zeros (empty
// for zero).
struct DecimalParts {
  bool negative = false;
  std::string digits;
  int64_t exponent = 0;
};

bool ParseDecimalExponent(std::string_view text, int64_t& exponent) {
  if (text.empty()) return true;
  if (text.front() != 'e' && text.front() != 'E') return false;
  text.remove_prefix(1);
  bool plus = !text.empty() && text.front() == '+';
  if (plus) text.remove_prefix(1);
  if (text.empty() || text.size() > 12 || (plus && text.front() == '-')) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), exponent);
  return ec == std::errc() && end == text.data() + text.size();
}

bool ParseDecimal(std::string_view text, DecimalParts& parts) {
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    parts.negative = text.front() == '-';
    text.remove_prefix(1);
  }
  size_t integer_digits = 0, fraction_digits = 0, i = 0;
  std::string all_digits;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) all_digits += text[i];
  integer_digits = all_digits.size();
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++fraction_digits) {
      all_digits += text[i];
    }
  }
  if (integer_digits + fraction_digits == 0) return false;
  int64_t exponent = 0;
  if (!ParseDecimalExponent(text.substr(i), exponent)) return false;
  size_t leading = all_digits.find_first_not_of('0');
  if (leading == std::string::npos) return true;  // zero, whatever the sign or exponent
  size_t last = all_digits.find_last_not_of('0');
  parts.digits = all_digits.substr(leading, last - leading + 1);
  parts.exponent = static_cast<int64_t>(integer_digits) - static_cast<int64_t>(leading) + exponent;
  return parts.exponent >= -kMaxDecimalExponent && parts.exponent <= kMaxDecimalExponent;
}

// exponent:fixed32be(E XOR 2^31), then the digits as nibbles digit+1, ended by a 0 nibble and
// padded with a 0 nibble to whole bytes.
std::string EncodeMagnitude(const DecimalParts& parts) {
  std::string out;
  PutFixed32BE(out, static_cast<uint32_t>(static_cast<int32_t>(parts.exponent)) ^ (1u << 31));
  for (size_t i = 0; i <= parts.digits.size(); i += 2) {
    uint8_t high = i < parts.digits.size() ? parts.digits[i] - '0' + 1 : 0;
    uint8_t low = i + 1 < parts.digits.size() ? parts.digits[i + 1] - '0' + 1 : 0;
    out += static_cast<char>(high << 4 | low);
  }
  return out;
}

Result<DecimalParts> DecodeMagnitude(std::string_view& in, bool negative) {
  if (in.size() < 4) return Truncated("decimal");
  DecimalParts parts;
  parts.negative = negative;
  uint32_t flip = negative ? 0xffffffffu : 0u;
  parts.exponent = static_cast<int32_t>((DecodeFixed32BE(in.data()) ^ flip) ^ (1u << 31));
  in.remove_prefix(4);
  while (true) {
    if (in.empty()) return Truncated("decimal");
    uint8_t byte = static_cast<uint8_t>(in.front()) ^ static_cast<uint8_t>(flip);
    in.remove_prefix(1);
    for (uint8_t nibble : {static_cast<uint8_t>(byte >> 4), static_cast<uint8_t>(byte & 0xf)}) {
      if (nibble == 0) return parts;
      if (nibble > 10) return Status::InvalidArgument("row key has a bad decimal digit");
      parts.digits += static_cast<char>('0' + nibble - 1);
    }
  }
}

std::string FormatDecimal(const DecimalParts& parts) {
  std::string out = parts.negative ? "-" : "";
  int64_t size = static_cast<int64_t>(parts.digits.size());
  if (parts.exponent <= 0) {
    out += "0." + std::string(static_cast<size_t>(-parts.exponent), '0') + parts.digits;
  } else if (parts.exponent >= size) {
    out += parts.digits + std::string(static_cast<size_t>(parts.exponent - size), '0');
  } else {
    out += parts.digits.substr(0, parts.exponent) + "." + parts.digits.substr(parts.exponent);
  }
  return out;
}

}  // namespace

Status AppendOrderedSignedInt(std::string& out, std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  uint64_t magnitude = 0;
  if (PlainDigits(text.substr(negative ? 1 : 0), kPlainSignedDigits, magnitude)) {
    const uint64_t value = negative ? uint64_t{0} - magnitude : magnitude;
    PutFixed64BE(out, value ^ kSignBit);
    return Status::Ok();
  }
  int64_t value = 0;
  if (!ParseInteger(text, value)) {
    return BadValue("signed integer", text, "an integer between -2^63 and 2^63-1");
  }
  PutFixed64BE(out, static_cast<uint64_t>(value) ^ kSignBit);
  return Status::Ok();
}

Result<std::string> ConsumeOrderedSignedInt(std::string_view& in) {
  CELLAR_ASSIGN_OR_RETURN(uint64_t bits, ConsumeFixed64(in, "signed integer"));
  return std::to_string(static_cast<int64_t>(bits ^ kSignBit));
}

Status AppendOrderedUnsignedInt(std::string& out, std::string_view text) {
  uint64_t value = 0;
  if (PlainDigits(text, kPlainUnsignedDigits, value)) {
    PutFixed64BE(out, value);
    return Status::Ok();
  }
  if (!ParseInteger(text, value)) {
    return BadValue("unsigned integer", text, "an integer between 0 and 2^64-1");
  }
  PutFixed64BE(out, value);
  return Status::Ok();
}

Result<std::string> ConsumeOrderedUnsignedInt(std::string_view& in) {
  CELLAR_ASSIGN_OR_RETURN(uint64_t bits, ConsumeFixed64(in, "unsigned integer"));
  return std::to_string(bits);
}

Status AppendOrderedFloat(std::string& out, std::string_view text) {
  bool nan = false;
  int infinity = SpecialFloat(text, nan);
  double value = 0;
  if (nan) {
    value = std::numeric_limits<double>::quiet_NaN();
  } else if (infinity != 0) {
    value = infinity * std::numeric_limits<double>::infinity();
  } else {
    std::string_view digits = !text.empty() && text.front() == '+' ? text.substr(1) : text;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || (digits.size() < text.size() && digits.front() == '-') ||
        ec != std::errc() || end != digits.data() + digits.size() || std::isnan(value) ||
        std::isinf(value)) {
      return BadValue("float", text, "a finite double, Infinity, -Infinity or NaN");
    }
  }
  if (value == 0) value = 0;  // -0 sorts and compares as 0 in PostgreSQL
  uint64_t bits = std::isnan(value) ? uint64_t{0x7ff8000000000000} : std::bit_cast<uint64_t>(value);
  PutFixed64BE(out, (bits & kSignBit) != 0 ? ~bits : bits ^ kSignBit);
  return Status::Ok();
}

Result<std::string> ConsumeOrderedFloat(std::string_view& in) {
  CELLAR_ASSIGN_OR_RETURN(uint64_t encoded, ConsumeFixed64(in, "float"));
  uint64_t bits = (encoded & kSignBit) != 0 ? encoded ^ kSignBit : ~encoded;
  double value = std::bit_cast<double>(bits);
  if (std::isnan(value)) return std::string("NaN");
  if (std::isinf(value)) return std::string(value > 0 ? "Infinity" : "-Infinity");
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, end);
}

Status AppendOrderedDecimal(std::string& out, std::string_view text) {
  bool nan = false;
  int infinity = SpecialFloat(text, nan);
  if (nan || infinity != 0) {
    out += static_cast<char>(nan ? kNaN : infinity > 0 ? kPositiveInfinity : kNegativeInfinity);
    return Status::Ok();
  }
  DecimalParts parts;
  if (!ParseDecimal(text, parts)) {
    return BadValue("decimal", text,
                    "digits with an optional sign, point and exponent (|exponent| <= 10^6), "
                    "NaN or Infinity");
  }
  if (parts.digits.empty()) {
    out += static_cast<char>(kZero);
    return Status::Ok();
  }
  std::string magnitude = EncodeMagnitude(parts);
  out += static_cast<char>(parts.negative ? kNegative : kPositive);
  for (char c : magnitude) out += parts.negative ? static_cast<char>(~c) : c;
  return Status::Ok();
}

Result<std::string> ConsumeOrderedDecimal(std::string_view& in) {
  if (in.empty()) return Truncated("decimal");
  uint8_t decimal_class = static_cast<uint8_t>(in.front());
  in.remove_prefix(1);
  switch (decimal_class) {
    case kNegativeInfinity:
      return std::string("-Infinity");
    case kZero:
      return std::string("0");
    case kPositiveInfinity:
      return std::string("Infinity");
    case kNaN:
      return std::string("NaN");
    case kNegative:
    case kPositive: {
      CELLAR_ASSIGN_OR_RETURN(DecimalParts parts, DecodeMagnitude(in, decimal_class == kNegative));
      if (parts.digits.empty()) return Status::InvalidArgument("row key has an empty decimal");
      return FormatDecimal(parts);
    }
    default:
      return Status::InvalidArgument("row key has a bad decimal class byte");
  }
}

}  // namespace cellar::replicate
