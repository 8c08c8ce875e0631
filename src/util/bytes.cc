#include "util/bytes.h"

namespace cellar {

void PutFixed32BE(std::string& out, uint32_t v) {
  char buf[4];
  for (int i = 3; i >= 0; --i) {
    buf[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  out.append(buf, 4);
}

uint32_t DecodeFixed32BE(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

std::string EncodeLong(int64_t v) {
  std::string out;
  PutFixed64BE(out, static_cast<uint64_t>(v));
  return out;
}

int64_t DecodeLong(std::string_view bytes) {
  return static_cast<int64_t>(DecodeFixed64BE(bytes.data()));
}

std::string HexLower(std::string_view bytes) {
  std::string out;
  HexLowerTo(bytes, &out);
  return out;
}

namespace {

// The two hex digits of every byte value: one load and one 2-byte store per byte (a digest's hex
// is every row key of a table without a primary key).
struct HexPairs {
  char pairs[256][2];
  constexpr HexPairs() : pairs() {
    constexpr char kHex[] = "0123456789abcdef";
    for (int b = 0; b < 256; ++b) {
      pairs[b][0] = kHex[b >> 4];
      pairs[b][1] = kHex[b & 0xf];
    }
  }
};
constexpr HexPairs kHexPairs;

}  // namespace

void HexLowerTo(std::string_view bytes, std::string* out) {
  out->resize(bytes.size() * 2);
  char* p = out->data();
  for (unsigned char c : bytes) {
    std::memcpy(p, kHexPairs.pairs[c], 2);
    p += 2;
  }
}

std::string ToStringBinary(std::string_view bytes) {
  // HBase prints bytes in [' ', '~'] except '\\' as themselves... and escapes the rest.
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size());
  for (unsigned char c : bytes) {
    if (c >= ' ' && c <= '~' && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

}  // namespace cellar
