#pragma once

// The loop of SkipPlainSql (dump_block_scan.h) over a "Step": the 64 bytes at a pointer, with
// Equal(c), the mask of the bytes equal to c, and EqualAny(a, b, c, d, e). Included by the
// SSE2 build (dump_block_scan.cc) and by the AVX2 one (dump_block_scan_avx2.cc, compiled with
// -mavx2): everything here has internal linkage, so that the linker never picks one
// instruction set's copy of an inline function for the other.

#include <cstddef>
#include <cstdint>

namespace cellar::mysql {
namespace {

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

template <typename Step>
size_t SkipPlainSqlWith(const char* base, size_t from, size_t end, char delimiter_byte) {
  uint64_t escape_carry = 0;   // the last step ended in an odd run of backslashes
  uint64_t in_string = 0;      // all ones when the last step ended inside a string
  uint64_t closed_at_end = 0;  // 1 when the last step's last byte closed a string
  size_t opening = from;       // the opening quote of the string open at "p", if one is
  size_t p = from;
  while (end - p > 64) {  // the byte after the step is there (a doubled quote's second one?)
    const Step step(base + p);
    const uint64_t backslash = step.Equal('\\'), dash = step.Equal('-');
    const uint64_t quote = step.Equal('\'') & ~Escaped(backslash, escape_carry);
    const uint64_t inside = PrefixXor(quote) ^ in_string;  // opening quotes in, closing ones out
    const uint64_t double_dash = dash & ((dash >> 1) | (uint64_t{1} << 63));
    const uint64_t stop = step.EqualAny(delimiter_byte, '"', '`', '#', '/');
    const uint64_t stops = (stop | backslash | double_dash) & ~inside;
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

}  // namespace
}  // namespace cellar::mysql
