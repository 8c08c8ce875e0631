#include "replicate/mysql/sql_block_scan.h"

#include <cstdint>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cellar::mysql {
namespace {

// Bit i of each mask stands for byte i of a 64-byte step.
struct BlockMasks {
  uint64_t quote = 0;      // '\''
  uint64_t backslash = 0;  // '\\'
  uint64_t dash = 0;       // '-'
  uint64_t stop = 0;       // the delimiter's byte, '"', '`', '#', '/'
};

#if defined(__SSE2__)
uint64_t Bits(__m128i eq, int step) {
  return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(eq))) << (16 * step);
}
#endif

BlockMasks Classify(const char* p, char delimiter_byte) {
  BlockMasks m;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('\''), backslash = _mm_set1_epi8('\\');
  const __m128i dash = _mm_set1_epi8('-'), delimiter = _mm_set1_epi8(delimiter_byte);
  const __m128i dquote = _mm_set1_epi8('"'), backtick = _mm_set1_epi8('`');
  const __m128i hash = _mm_set1_epi8('#'), slash = _mm_set1_epi8('/');
  for (int step = 0; step < 4; ++step) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * step));
    m.quote |= Bits(_mm_cmpeq_epi8(x, quote), step);
    m.backslash |= Bits(_mm_cmpeq_epi8(x, backslash), step);
    m.dash |= Bits(_mm_cmpeq_epi8(x, dash), step);
    const __m128i stop =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, delimiter), _mm_cmpeq_epi8(x, dquote)),
                     _mm_or_si128(_mm_cmpeq_epi8(x, backtick),
                                  _mm_or_si128(_mm_cmpeq_epi8(x, hash), _mm_cmpeq_epi8(x, slash))));
    m.stop |= Bits(stop, step);
  }
#else
  for (int i = 0; i < 64; ++i) {
    const char c = p[i];
    const uint64_t bit = uint64_t{1} << i;
    if (c == '\'') m.quote |= bit;
    if (c == '\\') m.backslash |= bit;
    if (c == '-') m.dash |= bit;
    if (c == delimiter_byte || c == '"' || c == '`' || c == '#' || c == '/') m.stop |= bit;
  }
#endif
  return m;
}

// The bytes escaped by a backslash: each one after an odd run of backslashes. "carry" is 1 when
// the previous step ended in such a run (its first byte is escaped) and is set for the next.
// The carries of a subtraction find the runs' lengths (simdjson's escape scanner).
uint64_t Escaped(uint64_t backslash, uint64_t& carry) {
  if (backslash == 0) {
    const uint64_t escaped = carry;
    carry = 0;
    return escaped;
  }
  constexpr uint64_t kOddBits = 0xAAAAAAAAAAAAAAAAull;
  const uint64_t potential_escape = backslash & ~carry;
  const uint64_t escape_and_terminal =
      (((potential_escape << 1) | kOddBits) - potential_escape) ^ kOddBits;
  const uint64_t escaped = escape_and_terminal ^ (backslash | carry);
  carry = (escape_and_terminal & backslash) >> 63;
  return escaped;
}

// Bit i of the result is the xor of bits 0..i of "x": 1 from an opening quote up to, not
// including, its closing one.
uint64_t PrefixXor(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

}  // namespace

size_t SkipPlainSql(const char* base, size_t from, size_t end, char delimiter_byte) {
  uint64_t escape_carry = 0;   // the last step ended in an odd run of backslashes
  uint64_t in_string = 0;      // all ones when the last step ended inside a string
  uint64_t closed_at_end = 0;  // 1 when the last step's last byte closed a string
  size_t opening = from;       // the opening quote of the string open at "p", if one is
  size_t p = from;
  while (end - p > 64) {  // the byte after the step is there (a doubled quote's second one?)
    const BlockMasks m = Classify(base + p, delimiter_byte);
    const uint64_t quote = m.quote & ~Escaped(m.backslash, escape_carry);
    const uint64_t inside = PrefixXor(quote) ^ in_string;  // opening quotes in, closing ones out
    const uint64_t double_dash = m.dash & ((m.dash >> 1) | (uint64_t{1} << 63));
    const uint64_t stops = (m.stop | m.backslash | double_dash) & ~inside;
    if (stops != 0) return p + __builtin_ctzll(stops);
    const uint64_t closes = quote & ~inside;
    const uint64_t opens = quote & inside & ~((closes << 1) | closed_at_end);  // not doubled
    if (opens != 0) opening = p + 63 - __builtin_clzll(opens);
    closed_at_end = closes >> 63;
    in_string = static_cast<uint64_t>(static_cast<int64_t>(inside) >> 63);
    p += 64;
  }
  const bool doubled = closed_at_end != 0 && base[p] == '\'';  // still in the string
  return in_string != 0 || doubled ? opening : p;
}

}  // namespace cellar::mysql
