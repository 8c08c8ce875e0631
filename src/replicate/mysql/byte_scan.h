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
