#pragma once

// CRC-32C (Castagnoli), the whole-file checksum of handed-over table files (REPL DUMP --files):
// the SSE4.2 crc32 instruction when the CPU has it, a table otherwise; both give the same value.
// Pure functions; thread-safe.

#include <cstddef>
#include <cstdint>

namespace cellar::store {

// The CRC-32C of the bytes "crc" covers followed by "data[0, n)"; start with crc = 0.
// Crc32cExtend(0, "123456789", 9) == 0xe3069283.
uint32_t Crc32cExtend(uint32_t crc, const char* data, size_t n);
// The same, always with the table (for tests of the fast path).
uint32_t Crc32cExtendPortable(uint32_t crc, const char* data, size_t n);

}  // namespace cellar::store
