#pragma once

// Byte helpers shared by every module: big-endian fixed-width integers and HBase's
// Bytes.toStringBinary printing. Pure functions; thread-safe.

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace cellar {

// REQUIRES: p points at 8 writable bytes. Inline, as DecodeFixed64BE: every write's value head.
inline void EncodeFixed64BE(char* p, uint64_t v) {
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
  std::memcpy(p, &v, sizeof v);
}
// Appends fixed64be "v". Inline: a key's ordered integers and every cell key's timestamp.
inline void PutFixed64BE(std::string& out, uint64_t v) {
  char bytes[8];
  EncodeFixed64BE(bytes, v);
  out.append(bytes, sizeof bytes);
}
// REQUIRES: p points at 8 readable bytes. Inline: it is on every read's path.
// One load and a byte swap (GCC does not turn the shift loop into one; the scan path decodes two
// of these per cell).
inline uint64_t DecodeFixed64BE(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
  return v;
}
void PutFixed32BE(std::string& out, uint32_t v);
uint32_t DecodeFixed32BE(const char* p);

// HBase's Bytes.toBytes(long): 8 bytes, big-endian, two's complement.
std::string EncodeLong(int64_t v);
// HBase's Bytes.toLong. REQUIRES: bytes.size() == 8.
int64_t DecodeLong(std::string_view bytes);

// Lower-case hex of every byte ("0a1b..."), as digests are printed.
std::string HexLower(std::string_view bytes);
// As HexLower, into "out" (replacing its contents, reusing its storage).
void HexLowerTo(std::string_view bytes, std::string* out);

// HBase's Bytes.toStringBinary: printable ASCII as is, everything else (and '\\') as \xNN.
std::string ToStringBinary(std::string_view bytes);

}  // namespace cellar
