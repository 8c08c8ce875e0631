#include "store/key_format.h"

#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "store/byte_ops.h"
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

// A word at a time, into room made by the caller (the bulk loader escapes each row once into its
// own buffer; AppendEscaped the rest of a row or qualifier from its first 0x00 on): a word
// without 0x00 (most rows) is stored whole; a word with one (ordered integer keys are full of
// them) and the last bytes go byte by byte without a branch per byte (each byte is written, then
// 0xFF after it, kept only when the byte was 0x00). For the bulk loader: 40 instead of 200
// instructions for an 8-byte ordered integer against AppendEscaped's former search, resizes and
// copy calls.
char* EscapeTo(char* out, std::string_view bytes) {
  const char* p = bytes.data();
  const char* const end = p + bytes.size();
  auto bytewise = [&out](const char* from, const char* to) {
    for (; from != to; ++from) {
      const char c = *from;
      out[0] = c;
      out[1] = '\xff';
      out += 1 + (c == '\0');
    }
  };
  for (; end - p >= 8; p += 8) {
    if (FindZeroByteInWord(p) == 8) {
      std::memcpy(out, p, 8);
      out += 8;
    } else {
      bytewise(p, p + 8);
    }
  }
  bytewise(p, end);
  out[0] = '\0';
  out[1] = '\x01';
  return out + 2;
}

// Most rows and qualifiers hold no 0x00 and are appended whole. Ordered integer keys hold many:
// from the first one on, the rest is escaped by EscapeTo into room made once (the rest's worst
// case: all 0x00).
void AppendEscaped(std::string& out, std::string_view bytes) {
  const size_t zero = FindZeroByte(bytes);
  if (zero == std::string_view::npos) {
    out.append(bytes.data(), bytes.size());
    out.append("\0\x01", 2);
    return;
  }
  const size_t start = out.size();
  out.resize(start + zero + EscapedSizeLimit(bytes.size() - zero));
  char* p = out.data() + start;
  std::memcpy(p, bytes.data(), zero);
  const char* end = EscapeTo(p + zero, bytes.substr(zero));
  out.resize(static_cast<size_t>(end - out.data()));
}

std::string EncodeRowPrefix(std::string_view prefix) {
  std::string out;
  AppendEscaped(out, prefix);
  out.resize(out.size() - 2);
  return out;
}

std::string EncodeRowKey(std::string_view row) {
  std::string out;
  EncodeRowKeyTo(&out, row);
  return out;
}

void EncodeRowKeyTo(std::string* out, std::string_view row) {
  out->clear();
  out->reserve(row.size() + 2);
  AppendEscaped(*out, row);
}

void EncodeRowEndKeyTo(std::string* out, std::string_view row_key) {
  out->assign(row_key);
  out->back() = '\x02';
}

std::string EncodeRowEndKey(std::string_view row_key) {
  std::string out;
  EncodeRowEndKeyTo(&out, row_key);
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
  // The row ends at the first 0x00 that is not an escape (0x00 0xFF): 0x00 0x01 ends it, anything
  // else makes the key malformed. The row prefix extractor calls this for every seek, memtable
  // insert, table file key and filter probe, and ordered number keys are full of escaped 0x00s,
  // so with SSE2 sixteen positions are tested at once (each against its next byte), with no
  // branch per 0x00. Measured per key: 2.6 ns against 6.6 for a byte loop and 17 for a search
  // of 0x00 a word at a time on ordered 8-byte integers; 3.4 / 12 / 4.3 ns on ASCII rows.
  const char* p = key.data();
  const size_t n = key.size();
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i zero = _mm_setzero_si128();
  const __m128i ff = _mm_set1_epi8(static_cast<char>(0xFF));
  for (; i + 17 <= n; i += 16) {
    const __m128i here = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
    const auto zeros = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(here, zero)));
    const auto escaped = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(next, ff)));
    if (const unsigned ends = zeros & ~escaped; ends != 0) {
      const size_t at = i + static_cast<size_t>(std::countr_zero(ends));
      return p[at + 1] == '\x01' ? at + 2 : 0;
    }
  }
#endif
  for (; i + 1 < n; ++i) {
    if (p[i] != '\0') continue;
    if (p[i + 1] == '\x01') return i + 2;
    if (p[i + 1] != '\xff') return 0;
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

namespace {

// A value of "payload" after the head ValueHead gives it: the one place that knows both forms.
std::string JoinValue(uint64_t sequence, bool keeps_sequence, std::string_view payload) {
  ValueHead head;
  head.Set(sequence, keeps_sequence);
  std::string out;
  out.reserve(head.bytes().size() + payload.size());
  out.append(head.bytes());
  out.append(payload);
  return out;
}

}  // namespace

std::string EncodeCellValue(uint64_t sequence, std::string_view payload) {
  return JoinValue(sequence, true, payload);
}

std::string EncodePlainPutValue(std::string_view payload) { return JoinValue(0, false, payload); }

}  // namespace cellar::store
