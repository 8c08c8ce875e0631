// SkipPlainSql's loop with AVX2: a step is two 32-byte registers. Compiled with -mavx2 on
// x86-64 and called only when the CPU has AVX2 (dump_block_scan.cc checks at run time).

#include "replicate/mysql/dump_block_scan.h"

#if defined(__x86_64__)
#include <immintrin.h>

#include "replicate/mysql/dump_block_scan_loop.h"

namespace cellar::mysql {
namespace {

struct Step32 {
  explicit Step32(const char* p)
      : lo(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))),
        hi(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32))) {}
  static uint64_t Bits(__m256i eq_lo, __m256i eq_hi) {
    return static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(eq_lo))) |
           static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(eq_hi))) << 32;
  }
  uint64_t Equal(char c) const {
    const __m256i x = _mm256_set1_epi8(c);
    return Bits(_mm256_cmpeq_epi8(lo, x), _mm256_cmpeq_epi8(hi, x));
  }
  uint64_t EqualAny(char a, char b, char c, char d, char e) const {
    const __m256i xa = _mm256_set1_epi8(a), xb = _mm256_set1_epi8(b), xc = _mm256_set1_epi8(c);
    const __m256i xd = _mm256_set1_epi8(d), xe = _mm256_set1_epi8(e);
    auto any = [&](__m256i x) {
      return _mm256_or_si256(
          _mm256_or_si256(_mm256_cmpeq_epi8(x, xa), _mm256_cmpeq_epi8(x, xb)),
          _mm256_or_si256(_mm256_cmpeq_epi8(x, xc),
                          _mm256_or_si256(_mm256_cmpeq_epi8(x, xd), _mm256_cmpeq_epi8(x, xe))));
    };
    return Bits(any(lo), any(hi));
  }
  __m256i lo, hi;
};

}  // namespace

namespace dump_block_scan_internal {

size_t SkipPlainSqlAvx2(const char* base, size_t from, size_t end, char delimiter_byte) {
  return SkipPlainSqlWith<Step32>(base, from, end, delimiter_byte);
}

}  // namespace dump_block_scan_internal
}  // namespace cellar::mysql
#endif  // defined(__x86_64__)
