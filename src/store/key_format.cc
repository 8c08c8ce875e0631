#include "store/key_format.h"

#include <cstring>

#include "util/bytes.h"

namespace cellar::store {
namespace {

constexpr uint64_t kMaxU64 = ~uint64_t{0};

void AppendTimestampAndType(std::string& out, int64_t timestamp, CellType type) {
  PutFixed64BE(out, kMaxU64 - static_cast<uint64_t>(timestamp));
  out.push_back(static_cast<char>(0xff - static_cast<uint8_t>(type)));
}

bool IsKnownType(uint8_t code) {
  return code == 4 || code == 8 || code == 10 || code == 12 || code == 14;
}

}  // namespace

// Copies the runs between 0x00 bytes whole (memchr): most rows and qualifiers have none.
bool UnescapeAt(std::string_view key, size_t* pos, std::string* out) {
  size_t i = *pos;
  out->clear();
  while (i < key.size()) {
    const void* zero = std::memchr(key.data() + i, '\0', key.size() - i);
    if (zero == nullptr) return false;
    size_t z = static_cast<const char*>(zero) - key.data();
    out->append(key.data() + i, z - i);
    if (z + 1 >= key.size()) return false;
    char next = key[z + 1];
    if (next == '\x01') {
      *pos = z + 2;
      return true;
    }
    if (next != '\xff') return false;
    out->push_back('\0');
    i = z + 2;
  }
  return false;
}

void AppendEscaped(std::string& out, std::string_view bytes) {
  for (char c : bytes) {
    out.push_back(c);
    if (c == '\0') out.push_back('\xff');
  }
  out.push_back('\0');
  out.push_back('\x01');
}

std::string EncodeRowPrefix(std::string_view prefix) {
  std::string out;
  AppendEscaped(out, prefix);
  out.resize(out.size() - 2);
  return out;
}

std::string EncodeRowKey(std::string_view row) {
  std::string out;
  out.reserve(row.size() + 2);
  AppendEscaped(out, row);
  return out;
}

std::string EncodeCellKey(std::string_view row, std::string_view qualifier, int64_t timestamp,
                          CellType type) {
  std::string out;
  EncodeCellKeyTo(&out, row, qualifier, timestamp, type);
  return out;
}

void EncodeCellKeyTo(std::string* out, std::string_view row, std::string_view qualifier,
                     int64_t timestamp, CellType type) {
  out->clear();
  out->reserve(row.size() + qualifier.size() + 14);
  AppendEscaped(*out, row);
  AppendCellKeyAfterRow(out, qualifier, timestamp, type);
}

void AppendCellKeyAfterRow(std::string* out, std::string_view qualifier, int64_t timestamp,
                           CellType type) {
  if (type == CellType::kDeleteFamily || type == CellType::kDeleteFamilyVersion) {
    out->push_back(kFamilyMarkerTag);
  } else {
    out->push_back(kColumnTag);
    AppendEscaped(*out, qualifier);
  }
  AppendTimestampAndType(*out, timestamp, type);
}

std::string EncodeColumnSeekKey(std::string_view row, std::string_view qualifier) {
  std::string out;
  AppendEscaped(out, row);
  out.push_back(kColumnTag);
  AppendEscaped(out, qualifier);
  return out;
}

size_t RowKeySize(std::string_view key) {
  for (size_t i = 0; i + 1 < key.size(); ++i) {
    if (key[i] != '\0') continue;
    if (key[i + 1] == '\x01') return i + 2;
    if (key[i + 1] != '\xff') return 0;
    ++i;
  }
  return 0;
}

std::optional<std::string> DecodeRowKey(std::string_view row_key) {
  std::string row;
  if (!DecodeRowKeyInto(row_key, &row)) return std::nullopt;
  return row;
}

bool DecodeRowKeyInto(std::string_view row_key, std::string* row) {
  size_t pos = 0;
  return UnescapeAt(row_key, &pos, row) && pos == row_key.size();
}

std::optional<DecodedKey> DecodeCellKey(std::string_view key) {
  DecodedKey d;
  size_t pos = 0;
  if (!UnescapeAt(key, &pos, &d.row)) return std::nullopt;
  d.row_key_size = pos;
  if (pos >= key.size()) return std::nullopt;
  char tag = key[pos++];
  if (tag == kColumnTag) {
    if (!UnescapeAt(key, &pos, &d.qualifier)) return std::nullopt;
  } else if (tag == kFamilyMarkerTag) {
    d.is_family_marker = true;
  } else {
    return std::nullopt;
  }
  if (key.size() - pos != 9) return std::nullopt;
  d.timestamp = static_cast<int64_t>(kMaxU64 - DecodeFixed64BE(key.data() + pos));
  uint8_t code = 0xff - static_cast<uint8_t>(key[pos + 8]);
  if (!IsKnownType(code)) return std::nullopt;
  d.type = static_cast<CellType>(code);
  bool family_type = d.type == CellType::kDeleteFamily || d.type == CellType::kDeleteFamilyVersion;
  if (family_type != d.is_family_marker) return std::nullopt;
  return d;
}

std::string EncodeCellValue(uint64_t sequence, std::string_view payload) {
  std::string out;
  out.reserve(8 + payload.size());
  PutFixed64BE(out, sequence);
  out.append(payload);
  return out;
}

}  // namespace cellar::store
