#pragma once

// Inline byte helpers for the read loop, which runs them once or more per cell: rows, family names
// and qualifiers are mostly a few bytes to a few dozen, where a call into libc (memcmp, memchr,
// memcpy) costs more than the work itself. Pure functions; thread-safe.

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace cellar::store {

// Whether the "n" bytes at "a" and "b" are equal. A word at a time from the end (keys of
// neighbouring rows and columns differ last), the last word overlapping the ones compared.
inline bool SameBytes(const char* a, const char* b, size_t n) {
  uint64_t x, y;
  if (n >= 8) {
    for (; n > 8; n -= 8) {
      std::memcpy(&x, a + n - 8, 8);
      std::memcpy(&y, b + n - 8, 8);
      if (x != y) return false;
    }
    std::memcpy(&x, a, 8);  // bytes [0, n) with n <= 8, some compared before
    std::memcpy(&y, b, 8);
    return x == y;
  }
  if (n >= 4) {
    uint32_t u, v, s, t;
    std::memcpy(&u, a, 4);
    std::memcpy(&v, b, 4);
    std::memcpy(&s, a + n - 4, 4);
    std::memcpy(&t, b + n - 4, 4);
    return u == v && s == t;
  }
  while (n > 0) {
    --n;
    if (a[n] != b[n]) return false;
  }
  return true;
}

// The position of the first 0x00 byte in "bytes", or npos. A word at a time where words are
// little-endian: (w - 0x01..01) & ~w & 0x80..80 flags the first zero byte of w exactly (bytes
// after it may be flagged falsely, which the lowest flag ignores).
inline size_t FindZeroByte(std::string_view bytes) {
  const char* p = bytes.data();
  const size_t n = bytes.size();
  size_t i = 0;
  if constexpr (std::endian::native == std::endian::little) {
    constexpr uint64_t kOnes = 0x0101010101010101ull;
    constexpr uint64_t kHighs = 0x8080808080808080ull;
    for (; i + 8 <= n; i += 8) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (uint64_t flags = (w - kOnes) & ~w & kHighs; flags != 0) {
        return i + static_cast<size_t>(std::countr_zero(flags) / 8);
      }
    }
  }
  for (; i < n; ++i) {
    if (p[i] == '\0') return i;
  }
  return std::string_view::npos;
}

inline bool HasZeroByte(std::string_view bytes) {
  return FindZeroByte(bytes) != std::string_view::npos;
}

// The position of the first 0x00 among the 8 bytes at "p", or 8 if none: one word read (a
// byte is flagged falsely only after a true 0x00, see FindZeroByte). For the short strings of a
// key, which are followed by more of the key. REQUIRES: 8 bytes readable at "p".
inline size_t FindZeroByteInWord(const char* p) {
  if constexpr (std::endian::native == std::endian::little) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    const uint64_t flags = (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
    return static_cast<size_t>(std::countr_zero(flags)) / 8;  // 64 / 8 when there is none
  } else {
    const size_t at = FindZeroByte(std::string_view(p, 8));
    return at == std::string_view::npos ? 8 : at;
  }
}

// memcpy of "n" bytes from "src" to "dst", inline up to 128 bytes (two overlapping moves, one
// from each end). The sizes are tested as a search tree, shortest first: family names and
// qualifiers (a few bytes) take two or three tests, rows (8 to 32 bytes) two, values of up to
// 128 bytes four (a call to memcpy costs more), longer values one call to memcpy.
// REQUIRES: the two ranges do not overlap.
inline void CopyBytes(char* dst, const char* src, size_t n) {
  if (n < 8) {
    if (n >= 4) {
      uint32_t head, tail;
      std::memcpy(&head, src, 4);
      std::memcpy(&tail, src + n - 4, 4);
      std::memcpy(dst, &head, 4);
      std::memcpy(dst + n - 4, &tail, 4);
    } else if (n > 0) {  // 1 to 3 bytes
      dst[0] = src[0];
      dst[n / 2] = src[n / 2];
      dst[n - 1] = src[n - 1];
    }
  } else if (n <= 16) {
    uint64_t head, tail;
    std::memcpy(&head, src, 8);
    std::memcpy(&tail, src + n - 8, 8);
    std::memcpy(dst, &head, 8);
    std::memcpy(dst + n - 8, &tail, 8);
  } else if (n <= 32) {
    char head[16], tail[16];
    std::memcpy(head, src, 16);
    std::memcpy(tail, src + n - 16, 16);
    std::memcpy(dst, head, 16);
    std::memcpy(dst + n - 16, tail, 16);
  } else if (n <= 64) {
    std::memcpy(dst, src, 32);
    std::memcpy(dst + n - 32, src + n - 32, 32);
  } else if (n <= 128) {
    std::memcpy(dst, src, 64);
    std::memcpy(dst + n - 64, src + n - 64, 64);
  } else {
    std::memcpy(dst, src, n);
  }
}

// "dst" = "src", reusing dst's buffer. Reused buffers usually receive bytes of the same length
// (the same family, rows and values of one size): then this is one inline copy, without the
// aliasing checks of std::string::assign. REQUIRES: "src" does not point into "dst".
inline void AssignBytes(std::string& dst, std::string_view src) {
  if (dst.size() == src.size()) [[likely]] {
    CopyBytes(dst.data(), src.data(), src.size());
  } else {
    dst.assign(src.data(), src.size());
  }
}

}  // namespace cellar::store
