#pragma once

// SkipPlainSql: the statement splitter's fast path over the bulk of a dump (rows of numbers and
// single-quoted strings), 64 bytes per step with a structural index as simdjson builds one:
// bitmasks of the bytes that matter (AVX2 when the CPU has it, else SSE2, the x86-64 baseline;
// a byte loop elsewhere), the bytes escaped by a backslash (odd runs of backslashes, by
// carries), and the bytes inside single-quoted strings (prefix xor of the unescaped quotes: a
// doubled quote closes and reopens the string, which is the same state). Stateless,
// thread-safe.

#include <cstddef>

namespace cellar::mysql {

// Scans "base"[from, end) from outside any quote or comment and returns the first position at
// which the splitter's byte-at-a-time state machine must take over, again outside any quote or
// comment:
//   - outside single-quoted strings, the first "delimiter_byte", '"', '`', '#', '/', '\\', or
//     "--" (a '-' in a 64-byte step's last byte counts, not knowing the next);
//   - otherwise, where 64 bytes or fewer are left, or the opening quote of a string that is
//     still open there (the original one when the string holds doubled quotes), so that the
//     state machine reads that string whole.
// REQUIRES: "delimiter_byte" is none of '\'', '\\' (the caller scans byte by byte then).
// Uses AVX2 where the CPU has it (checked once), SSE2 otherwise.
size_t SkipPlainSql(const char* base, size_t from, size_t end, char delimiter_byte);

// The builds SkipPlainSql chooses from, for the tests that compare them.
namespace dump_block_scan_internal {
size_t SkipPlainSqlBaseline(const char* base, size_t from, size_t end, char delimiter_byte);
#if defined(__x86_64__)
bool HasAvx2();
// REQUIRES: HasAvx2().
size_t SkipPlainSqlAvx2(const char* base, size_t from, size_t end, char delimiter_byte);
#endif
}  // namespace dump_block_scan_internal

}  // namespace cellar::mysql
