#pragma once

// Row keys built from a source row's key columns (PostgreSQL now, MySQL later). The one place
// that knows these bytes; the grammar is docs/row-key-encoding.md:
//
//   row_key   := [salt:u8] row_prefix components
//   ordered   := component+   (each self-delimiting, so composite keys compare column by column
//                              and numbers sort numerically)
//   text      := value (one column: the text as is, hbrep's keys)
//              | escaped(value) ('|' escaped(value))+   (several columns)
//
// KeyEncoder is a value type; one instance is not safe for concurrent use, separate instances
// are independent. The free functions are pure and thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"

namespace cellar::replicate {

// How one key column's value is encoded in ordered mode, by the column's type.
enum class KeyType {
  kSignedInt,    // int2, int4, int8; MySQL signed integers. 8 bytes whatever the width.
  kUnsignedInt,  // oid; MySQL unsigned integers.
  kDecimal,      // numeric / decimal of any precision, kept exact.
  kFloat,        // float4, float8 (compared as doubles).
  kBool,         // boolean.
  kText,         // text, varchar, char, name, json... bytes as given; sorts bytewise (C collation).
  kBytea,        // bytea in PostgreSQL's hex output ("\x0a1b"); sorts by the decoded bytes.
  kDate,         // date, ISO text.
  kTimestamp,    // timestamp without time zone, ISO text.
  kTimestampTz,  // timestamptz, ISO text with a UTC offset; encoded as the UTC instant.
  kUuid,         // uuid; sorts as 16 bytes, as PostgreSQL does.
};

// "signed integer", "decimal", ... for messages.
std::string_view KeyTypeName(KeyType type);

enum class KeyEncoding {
  kOrdered,  // typed, order-preserving components (the default)
  kText,     // hbrep's: the text value itself
};

// Parses "ordered" or "text" (any case). Returns InvalidArgument naming the accepted values.
Result<KeyEncoding> ParseKeyEncoding(std::string_view name);
std::string_view KeyEncodingName(KeyEncoding encoding);

// The separator of composite keys in text mode.
inline constexpr char kTextKeySeparator = '|';
// HBase's limit on row length (Short.MAX_VALUE).
inline constexpr size_t kMaxRowKeySize = 32767;
inline constexpr int kMaxSaltBuckets = 256;

// Everything but the columns' types that decides the bytes of a row key.
struct RowKeyFormat {
  // Default: ordered.
  KeyEncoding encoding = KeyEncoding::kOrdered;
  // Bytes put before the key columns (hbrep's hbase_row_prefix). Default: none.
  std::string row_prefix;
  // 0: no salt. N in 1..256: a first byte FNV-1a-32(unsalted key) % N, spreading consecutive
  // keys over N ranges. Default: 0.
  int salt_buckets = 0;

  // Returns InvalidArgument when salt_buckets is outside 0..256.
  Status Validate() const;
};

// Builds one row key at a time: Append each key column in key order, then Finish.
class KeyEncoder {
 public:
  // REQUIRES: format.Validate().ok().
  explicit KeyEncoder(RowKeyFormat format);

  // Appends the key column value "text" (the source's text output) of type "type". In text
  // mode the type is only checked for being known. Returns InvalidArgument naming the type and
  // the value when "text" is not a value of "type"; the encoder is then unchanged.
  Status Append(KeyType type, std::string_view text);

  // The row key of the columns appended since the last Finish or Reset, which it resets.
  // Returns InvalidArgument when no column was appended, the key is empty (text mode, empty
  // value, no prefix) or longer than kMaxRowKeySize.
  Result<std::string> Finish();

  // Forgets the columns appended so far.
  void Reset();

  const RowKeyFormat& format() const { return format_; }

 private:
  RowKeyFormat format_;
  std::string components_;
  std::vector<std::string> text_values_;  // text mode: joined in Finish
  int count_ = 0;
};

// The text of each key column of "row_key", which a KeyEncoder with "format" built from columns
// of "types". Values come back in canonical form (see the docs: "1.50" gives "1.5", timestamptz
// gives UTC). In text mode with one column the rest of the key after the prefix is the value.
// Returns InvalidArgument when the key does not follow the format (wrong salt, prefix, length or
// bytes).
Result<std::vector<std::string>> DecodeRowKey(const RowKeyFormat& format,
                                              const std::vector<KeyType>& types,
                                              std::string_view row_key);

// The salt byte of "unsalted_key" for "buckets" in 1..256.
uint8_t SaltOf(std::string_view unsalted_key, int buckets);

// One ordered component: appends the encoding of "text" as "type" to "out" (out unchanged on
// InvalidArgument), or decodes one component from the front of "in" and advances it.
Status AppendOrderedComponent(std::string& out, KeyType type, std::string_view text);
Result<std::string> ConsumeOrderedComponent(std::string_view& in, KeyType type);

}  // namespace cellar::replicate
