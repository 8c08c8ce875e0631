#pragma once

// The cell key and value format of docs/key-format.md: the one place that knows those bytes.
// Pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cellar/cell.h"
#include "store/byte_ops.h"
#include "util/bytes.h"

namespace cellar::store {

inline constexpr char kFamilyMarkerTag = 0x00;
inline constexpr char kColumnTag = 0x01;

// escaped(b) of the grammar, terminator included, appended to "out".
void AppendEscaped(std::string& out, std::string_view bytes);
// The most bytes escaped(b) of "size" bytes takes: every byte 0x00, and the terminator.
constexpr size_t EscapedSizeLimit(size_t size) { return 2 * size + 2; }
// escaped(b) of the grammar, terminator included, written at "out"; the end of what it wrote.
// For a writer that keeps its own buffer. REQUIRES: EscapedSizeLimit(bytes.size()) bytes
// writable at "out".
char* EscapeTo(char* out, std::string_view bytes);
// escaped(prefix) without the terminator: every row starting with "prefix" has a key starting
// with this.
std::string EncodeRowPrefix(std::string_view prefix);
// row_key: the key prefix shared by every entry of "row".
std::string EncodeRowKey(std::string_view row);
// As EncodeRowKey, into "out" (replacing its contents, reusing its storage).
void EncodeRowKeyTo(std::string* out, std::string_view row);
// The smallest key after every entry of the row whose row_key is "row_key" (its terminator
// 0x00 0x01 made 0x00 0x02), into "out". REQUIRES: "row_key" is a row_key.
void EncodeRowEndKeyTo(std::string* out, std::string_view row_key);
std::string EncodeRowEndKey(std::string_view row_key);

// The full key of a cell or marker. Family markers (DeleteFamily, DeleteFamilyVersion) ignore
// "qualifier". REQUIRES: timestamp >= 0.
std::string EncodeCellKey(std::string_view row, std::string_view qualifier, int64_t timestamp,
                          CellType type);
// As EncodeCellKey, into "out" (replacing its contents, reusing its storage).
void EncodeCellKeyTo(std::string* out, std::string_view row, std::string_view qualifier,
                     int64_t timestamp, CellType type);
// The rest of a cell key after its row_key: EncodeCellKey(row, ...) is EncodeRowKey(row) followed
// by what this appends to "out", so a writer of many cells of one row escapes the row once.
// REQUIRES: timestamp >= 0.
void AppendCellKeyAfterRow(std::string* out, std::string_view qualifier, int64_t timestamp,
                           CellType type);
// The first key of "qualifier" in "row": seeking here lands on the column's newest entry.
std::string EncodeColumnSeekKey(std::string_view row, std::string_view qualifier);

// A decoded key. Views point into the decoded key unless unescaping was needed (then into the
// owned buffers); valid while both the key bytes and this object live.
struct DecodedKey {
  std::string row;
  bool is_family_marker = false;
  std::string qualifier;
  int64_t timestamp = 0;
  CellType type = CellType::kPut;
  // Length of the row_key prefix (escaped row with terminator) in the encoded key.
  size_t row_key_size = 0;
};

// Parses "key"; nullopt if it does not follow the grammar (DataLoss for the caller).
std::optional<DecodedKey> DecodeCellKey(std::string_view key);
// Unescapes the escaped(b) that starts at key[*pos] into "out" (replacing its contents) and moves
// *pos past its terminator; false if malformed.
bool UnescapeAt(std::string_view key, size_t* pos, std::string* out);
// The row of a row_key (escaped row with terminator); nullopt if malformed.
std::optional<std::string> DecodeRowKey(std::string_view row_key);
// As DecodeRowKey, into "row" (reusing its storage); false if malformed.
bool DecodeRowKeyInto(std::string_view row_key, std::string* row);
// Length of row_key at the start of "key" (escaped row with terminator), or 0 if malformed.
size_t RowKeySize(std::string_view key);
// The row_key at the start of "key" (empty if malformed). "*plain" tells whether its row holds no
// 0x00 byte: then the escaped row is the row itself and the row_key's first 0x00 starts the
// terminator 0x00 0x01 (an escaped 0x00 is 0x00 0xFF), found a word at a time. Inline: a scan
// calls it once per row.
// "likely_size", when not 0, is a size the row_key probably has (a scan's previous row's): it is
// tested first, with one search for 0x00 of the bytes before it.
inline std::string_view RowKeyAt(std::string_view key, bool* plain, size_t likely_size = 0) {
  const char* p = key.data();
  if (likely_size >= 2 && likely_size < key.size() && p[likely_size - 2] == '\0' &&
      p[likely_size - 1] == '\x01' && !HasZeroByte(std::string_view(p, likely_size - 2))) {
    *plain = true;
    return std::string_view(p, likely_size);
  }
  const size_t zero = FindZeroByte(key);
  *plain = zero != std::string_view::npos && zero + 1 < key.size() && key[zero + 1] == '\x01';
  return std::string_view(p, *plain ? zero + 2 : RowKeySize(key));
}
// Whether "key" is an entry of the row whose row_key is "row_key": a key of another row never
// starts with it (in an escaped row 0x00 is always followed by 0xFF, so the terminator 0x00 0x01
// cannot occur early).
inline bool InRow(std::string_view key, std::string_view row_key) {
  return key.size() >= row_key.size() && SameBytes(key.data(), row_key.data(), row_key.size());
}

// value := sequenced_value | plain_put   (docs/key-format.md)
// sequenced_value := sequence:fixed64be payload   ; sequence < kSequenceLimit: first byte 0x00
// plain_put       := kPlainPutTag payload
// Markers always keep their sequence, and so do puts in families with NEW_VERSION_BEHAVIOR (a
// marker masks only puts with a lower sequence); other puts are plain: they need no sequence.
inline constexpr uint64_t kSequenceLimit = uint64_t{1} << 56;
inline constexpr char kPlainPutTag = 0x01;

// Whether a cell of "type" in a family with "new_version_behavior" stores its write sequence.
inline bool KeepsSequence(CellType type, bool new_version_behavior) {
  return new_version_behavior || type != CellType::kPut;
}

// The bytes of a value before its payload: the sequence, or the plain put's tag. Lets a writer
// hand the value to RocksDB in two parts without joining them. Not thread-safe.
class ValueHead {
 public:
  // The head of a value with "sequence" if "keeps_sequence" (KeepsSequence), else of a plain put.
  // REQUIRES: sequence < kSequenceLimit (the allocator's invariant).
  void Set(uint64_t sequence, bool keeps_sequence) {
    if (!keeps_sequence) {
      bytes_[0] = kPlainPutTag;
      size_ = 1;
      return;
    }
    EncodeFixed64BE(bytes_, sequence);
    size_ = 8;
  }
  std::string_view bytes() const { return {bytes_, size_}; }

 private:
  char bytes_[8] = {};
  size_t size_ = 0;
};

// sequenced_value of "sequence" and "payload". REQUIRES: sequence < kSequenceLimit.
std::string EncodeCellValue(uint64_t sequence, std::string_view payload);
// plain_put of "payload".
std::string EncodePlainPutValue(std::string_view payload);
struct DecodedValue {
  uint64_t sequence;  // 0 for a plain put: written before every marker
  std::string_view payload;
};
// nullopt if "value" follows neither form. Inline: every cell a read returns goes through it.
inline std::optional<DecodedValue> DecodeCellValue(std::string_view value) {
  if (!value.empty() && value[0] == kPlainPutTag) return DecodedValue{0, value.substr(1)};
  if (value.size() < 8 || value[0] != 0) return std::nullopt;
  return DecodedValue{DecodeFixed64BE(value.data()), value.substr(8)};
}

}  // namespace cellar::store
