#pragma once

// Test helper: builds PostgreSQL wire messages by hand, big-endian as the server sends them.

#include <cstdint>
#include <string>
#include <string_view>

namespace cellar::pg {

// Builds wire messages by hand, big-endian as PostgreSQL sends them.
class Wire {
 public:
  explicit Wire(char type) { bytes_ += type; }
  Wire& U8(uint8_t v) { return Fixed(v, 1); }
  Wire& U16(uint16_t v) { return Fixed(v, 2); }
  Wire& U32(uint32_t v) { return Fixed(v, 4); }
  Wire& U64(uint64_t v) { return Fixed(v, 8); }
  Wire& Str(std::string_view s) {
    bytes_ += s;
    bytes_ += '\0';
    return *this;
  }
  Wire& Raw(std::string_view s) {
    bytes_ += s;
    return *this;
  }
  // A TupleData column with data: kind, Int32 length, bytes.
  Wire& Value(char kind, std::string_view data) {
    U8(static_cast<uint8_t>(kind)).U32(static_cast<uint32_t>(data.size()));
    return Raw(data);
  }
  std::string str() const { return bytes_; }

 private:
  Wire& Fixed(uint64_t v, int size) {
    for (int i = size - 1; i >= 0; --i) bytes_ += static_cast<char>(v >> (8 * i));
    return *this;
  }
  std::string bytes_;
};

}  // namespace cellar::pg
