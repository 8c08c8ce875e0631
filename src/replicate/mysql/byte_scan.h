#pragma once

// Byte scanning primitives of the dump parser (the statement splitter and the row scanner):
// several bytes per step where the machine allows it, a byte at a time otherwise. Every function
// reads only inside [p, end). Stateless, thread-safe.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cellar::mysql {

namespace byte_scan_internal {

constexpr std::array<bool, 256> MakeWordBytes() {
  std::array<bool, 256> word{};
  for (int c = 0; c < 256; ++c) {
    word[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '$' || c >= 0x80;
  }
  return word;
}
inline constexpr std::array<bool, 256> kWordByte = MakeWordBytes();

constexpr std::array<int8_t, 256> MakeHexValues() {
  std::array<int8_t, 256> value{};
  for (int c = 0; c < 256; ++c) {
    value[c] = c >= '0' && c <= '9'   ? static_cast<int8_t>(c - '0')
               : c >= 'a' && c <= 'f' ? static_cast<int8_t>(c - 'a' + 10)
               : c >= 'A' && c <= 'F' ? static_cast<int8_t>(c - 'A' + 10)
                                      : int8_t{-1};
  }
  return value;
}
inline constexpr std::array<int8_t, 256> kHexValue = MakeHexValues();

}  // namespace byte_scan_internal

// A byte of a bare word: letters, digits, '_', '$' and every byte >= 0x80 (MySQL identifiers).
inline bool IsWordByte(char c) {
  return byte_scan_internal::kWordByte[static_cast<unsigned char>(c)];
}

// The value of a hex digit, or -1.
inline int HexValue(char c) { return byte_scan_internal::kHexValue[static_cast<unsigned char>(c)]; }

// The number of ASCII digits at the start of [p, end). Eight bytes per step (SWAR).
inline size_t DigitRun(const char* p, const char* end) {
  const char* const start = p;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  while (end - p >= 8) {
    uint64_t x;
    std::memcpy(&x, p, 8);
    // A byte is a digit when its high nibble is 3 and its low nibble + 6 does not carry.
    const uint64_t high = (x & 0xF0F0F0F0F0F0F0F0ull) ^ 0x3030303030303030ull;
    const uint64_t low =
        ((x & 0x0F0F0F0F0F0F0F0Full) + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull;
    const uint64_t not_digit = high | low;  // non-zero in the bytes that are not digits
    if (not_digit != 0) return static_cast<size_t>(p - start) + __builtin_ctzll(not_digit) / 8;
    p += 8;
  }
#endif
  while (p < end && *p >= '0' && *p <= '9') ++p;
  return static_cast<size_t>(p - start);
}

#if defined(__SSE2__)
namespace byte_scan_internal {

// The hex digits among 16 bytes (0xFF in their lanes) and, in those lanes, their values.
struct HexLanes {
  __m128i is_hex;
  __m128i value;
};

inline HexLanes ClassifyHex(__m128i x) {
  // Signed compares: bytes >= 0x80 are negative, below every bound here.
  const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                                      _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
  const __m128i lower = _mm_or_si128(x, _mm_set1_epi8(0x20));  // 'A'..'F' -> 'a'..'f'
  const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                       _mm_cmplt_epi8(lower, _mm_set1_epi8('f' + 1)));
  const __m128i value =
      _mm_or_si128(_mm_and_si128(digit, _mm_sub_epi8(x, _mm_set1_epi8('0'))),
                   _mm_andnot_si128(digit, _mm_sub_epi8(lower, _mm_set1_epi8('a' - 10))));
  return {_mm_or_si128(digit, letter), value};
}

}  // namespace byte_scan_internal
#endif

// The number of hex digits at the start of [p, end). Sixteen bytes per step (SSE2).
inline size_t HexDigitRun(const char* p, const char* end) {
  const char* const start = p;
#if defined(__SSE2__)
  while (end - p >= 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const unsigned not_hex =
        ~static_cast<unsigned>(_mm_movemask_epi8(byte_scan_internal::ClassifyHex(x).is_hex)) &
        0xFFFFu;
    if (not_hex != 0) return static_cast<size_t>(p - start) + __builtin_ctz(not_hex);
    p += 16;
  }
#endif
  while (p < end && HexValue(*p) >= 0) ++p;
  return static_cast<size_t>(p - start);
}

// Writes the "count" / 2 bytes of the hex digits at "digits" (REQUIRES: "count" even, all hex
// digits) to "out": the first digit of each pair is the high nibble. Sixteen digits per step
// (SSE2).
inline void DecodeHexPairs(const char* digits, size_t count, char* out) {
  size_t i = 0;
#if defined(__SSE2__)
  for (; count - i >= 16; i += 16, out += 8) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(digits + i));
    const __m128i value = byte_scan_internal::ClassifyHex(x).value;
    // Little-endian 16-bit lanes hold (high digit, low digit): high << 4 | low, then one byte
    // per lane.
    const __m128i high = _mm_and_si128(value, _mm_set1_epi16(0x00FF));
    const __m128i low = _mm_srli_epi16(value, 8);
    const __m128i bytes = _mm_or_si128(_mm_slli_epi16(high, 4), low);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(out), _mm_packus_epi16(bytes, bytes));
  }
#endif
  for (; i < count; i += 2)
    *out++ = static_cast<char>(HexValue(digits[i]) * 16 + HexValue(digits[i + 1]));
}

// The first byte of [p, end) equal to "a" or "b", or "end". Sixteen bytes per step (SSE2).
inline const char* FindEither(const char* p, const char* end, char a, char b) {
#if defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
  while (end - p >= 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)));
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (p < end && *p != a && *p != b) ++p;
  return p;
}

}  // namespace cellar::mysql
