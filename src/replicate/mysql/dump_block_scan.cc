#include "replicate/mysql/dump_block_scan.h"

#include <cstdint>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "replicate/mysql/dump_block_scan_loop.h"

namespace cellar::mysql {
namespace {

// The 64 bytes of a step in four 16-byte registers (SSE2, the x86-64 baseline), or a byte loop.
#if defined(__SSE2__)
struct Step16 {
  explicit Step16(const char* p) {
    for (int i = 0; i < 4; ++i)
      v[i] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
  }
  uint64_t Bits(int i, __m128i eq) const {
    return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(eq))) << (16 * i);
  }
  uint64_t Equal(char c) const {
    const __m128i x = _mm_set1_epi8(c);
    uint64_t mask = 0;
    for (int i = 0; i < 4; ++i) mask |= Bits(i, _mm_cmpeq_epi8(v[i], x));
    return mask;
  }
  uint64_t EqualAny(char a, char b, char c, char d, char e) const {
    const __m128i xa = _mm_set1_epi8(a), xb = _mm_set1_epi8(b), xc = _mm_set1_epi8(c);
    const __m128i xd = _mm_set1_epi8(d), xe = _mm_set1_epi8(e);
    uint64_t mask = 0;
    for (int i = 0; i < 4; ++i) {
      const __m128i x = v[i];
      mask |= Bits(
          i,
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, xa), _mm_cmpeq_epi8(x, xb)),
                       _mm_or_si128(_mm_cmpeq_epi8(x, xc),
                                    _mm_or_si128(_mm_cmpeq_epi8(x, xd), _mm_cmpeq_epi8(x, xe)))));
    }
    return mask;
  }
  __m128i v[4];
};
#else
struct Step16 {
  explicit Step16(const char* p) : p(p) {}
  uint64_t Equal(char c) const {
    uint64_t mask = 0;
    for (int i = 0; i < 64; ++i) mask |= static_cast<uint64_t>(p[i] == c) << i;
    return mask;
  }
  uint64_t EqualAny(char a, char b, char c, char d, char e) const {
    return Equal(a) | Equal(b) | Equal(c) | Equal(d) | Equal(e);
  }
  const char* p;
};
#endif

using SkipFunction = size_t (*)(const char*, size_t, size_t, char);

SkipFunction ChooseSkip() {
#if defined(__x86_64__)
  if (dump_block_scan_internal::HasAvx2()) return dump_block_scan_internal::SkipPlainSqlAvx2;
#endif
  return dump_block_scan_internal::SkipPlainSqlBaseline;
}

}  // namespace

namespace dump_block_scan_internal {

size_t SkipPlainSqlBaseline(const char* base, size_t from, size_t end, char delimiter_byte) {
  return SkipPlainSqlWith<Step16>(base, from, end, delimiter_byte);
}

#if defined(__x86_64__)
bool HasAvx2() { return __builtin_cpu_supports("avx2"); }
#endif

}  // namespace dump_block_scan_internal

size_t SkipPlainSql(const char* base, size_t from, size_t end, char delimiter_byte) {
  static const SkipFunction skip = ChooseSkip();  // the CPU's best, chosen once
  return skip(base, from, end, delimiter_byte);
}

}  // namespace cellar::mysql
