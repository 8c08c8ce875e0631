#include "replicate/row_key.h"

#include "replicate/ordered_datetime.h"
#include "replicate/ordered_number.h"

namespace cellar::replicate {
namespace {

// bytes := (b != 0x00 | 0x00 0xFF)* 0x00 0x01
constexpr char kEscapeByte = '\x00';
constexpr char kEscapedZero = '\xff';
constexpr char kTerminator = '\x01';

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Status BadValue(KeyType type, std::string_view text, std::string_view expected) {
  return Status::InvalidArgument("'" + std::string(text) + "' is not a valid " +
                                 std::string(KeyTypeName(type)) + " key value; expected " +
                                 std::string(expected));
}

void AppendEscapedBytes(std::string& out, std::string_view bytes) {
  for (char c : bytes) {
    out += c;
    if (c == kEscapeByte) out += kEscapedZero;
  }
  out += kEscapeByte;
  out += kTerminator;
}

Result<std::string> ConsumeEscapedBytes(std::string_view& in) {
  std::string bytes;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != kEscapeByte) {
      bytes += in[i];
      continue;
    }
    if (i + 1 == in.size()) break;
    if (in[i + 1] == kTerminator) {
      in.remove_prefix(i + 2);
      return bytes;
    }
    if (in[i + 1] != kEscapedZero) return Status::InvalidArgument("row key has a bad escape");
    bytes += kEscapeByte;
    ++i;
  }
  return Status::InvalidArgument("row key ends inside a text component");
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool DecodeHex(std::string_view hex, std::string& bytes) {
  if (hex.size() % 2 != 0) return false;
  for (size_t i = 0; i < hex.size(); i += 2) {
    int high = HexDigit(hex[i]), low = HexDigit(hex[i + 1]);
    if (high < 0 || low < 0) return false;
    bytes += static_cast<char>(high << 4 | low);
  }
  return true;
}

std::string EncodeHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (char c : bytes) {
    hex += kDigits[static_cast<uint8_t>(c) >> 4];
    hex += kDigits[static_cast<uint8_t>(c) & 0xf];
  }
  return hex;
}

Status AppendBool(std::string& out, std::string_view text) {
  std::string v = Lower(text);
  if (v == "t" || v == "true" || v == "y" || v == "yes" || v == "on" || v == "1") {
    out += '\x01';
  } else if (v == "f" || v == "false" || v == "n" || v == "no" || v == "off" || v == "0") {
    out += '\x00';
  } else {
    return BadValue(KeyType::kBool, text, "t, f, true, false, yes, no, on, off, 1 or 0");
  }
  return Status::Ok();
}

Result<std::string> ConsumeBool(std::string_view& in) {
  if (in.empty() || static_cast<uint8_t>(in.front()) > 1) {
    return Status::InvalidArgument("row key has a bad boolean component");
  }
  std::string text = in.front() == '\x01' ? "t" : "f";
  in.remove_prefix(1);
  return text;
}

Status AppendBytea(std::string& out, std::string_view text) {
  std::string bytes;
  if (text.substr(0, 2) != "\\x" || !DecodeHex(text.substr(2), bytes)) {
    return BadValue(KeyType::kBytea, text,
                    "PostgreSQL's hex output \\x... (set bytea_output = 'hex')");
  }
  AppendEscapedBytes(out, bytes);
  return Status::Ok();
}

Result<std::string> ConsumeBytea(std::string_view& in) {
  CELLAR_ASSIGN_OR_RETURN(std::string bytes, ConsumeEscapedBytes(in));
  return "\\x" + EncodeHex(bytes);
}

Status AppendUuid(std::string& out, std::string_view text) {
  std::string hex(text);
  if (hex.size() == 36 && hex[8] == '-' && hex[13] == '-' && hex[18] == '-' && hex[23] == '-') {
    hex = hex.substr(0, 8) + hex.substr(9, 4) + hex.substr(14, 4) + hex.substr(19, 4) +
          hex.substr(24);
  }
  std::string bytes;
  if (hex.size() != 32 || !DecodeHex(hex, bytes)) {
    return BadValue(KeyType::kUuid, text, "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx in hex");
  }
  out += bytes;
  return Status::Ok();
}

Result<std::string> ConsumeUuid(std::string_view& in) {
  if (in.size() < 16) return Status::InvalidArgument("row key ends inside a uuid component");
  std::string hex = EncodeHex(in.substr(0, 16));
  in.remove_prefix(16);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

// Text mode, several columns: '\' and '|' inside a value are escaped with '\'.
void AppendTextEscaped(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '\\' || c == kTextKeySeparator) out += '\\';
    out += c;
  }
}

Result<std::vector<std::string>> SplitTextKey(std::string_view key, size_t columns) {
  std::vector<std::string> values(1);
  if (columns == 1) {
    values[0] = std::string(key);
    return values;
  }
  for (size_t i = 0; i < key.size(); ++i) {
    if (key[i] == '\\' && i + 1 < key.size()) {
      values.back() += key[++i];
    } else if (key[i] == kTextKeySeparator) {
      values.emplace_back();
    } else {
      values.back() += key[i];
    }
  }
  if (values.size() != columns) {
    return Status::InvalidArgument("text row key has " + std::to_string(values.size()) +
                                   " values; expected " + std::to_string(columns));
  }
  return values;
}

}  // namespace

std::string_view KeyTypeName(KeyType type) {
  switch (type) {
    case KeyType::kSignedInt:
      return "signed integer";
    case KeyType::kUnsignedInt:
      return "unsigned integer";
    case KeyType::kDecimal:
      return "decimal";
    case KeyType::kFloat:
      return "float";
    case KeyType::kBool:
      return "boolean";
    case KeyType::kText:
      return "text";
    case KeyType::kBytea:
      return "bytea";
    case KeyType::kDate:
      return "date";
    case KeyType::kTimestamp:
      return "timestamp";
    case KeyType::kTimestampTz:
      return "timestamptz";
    case KeyType::kUuid:
      return "uuid";
  }
  return "unknown";
}

Result<KeyEncoding> ParseKeyEncoding(std::string_view name) {
  std::string lowered = Lower(name);
  if (lowered == "ordered") return KeyEncoding::kOrdered;
  if (lowered == "text") return KeyEncoding::kText;
  return Status::InvalidArgument("unknown key encoding '" + std::string(name) +
                                 "'; use ordered or text");
}

std::string_view KeyEncodingName(KeyEncoding encoding) {
  return encoding == KeyEncoding::kText ? "text" : "ordered";
}

Status RowKeyFormat::Validate() const {
  if (salt_buckets < 0 || salt_buckets > kMaxSaltBuckets) {
    return Status::InvalidArgument("salt_buckets must be between 0 (no salt) and 256, not " +
                                   std::to_string(salt_buckets));
  }
  return Status::Ok();
}

uint8_t SaltOf(std::string_view unsalted_key, int buckets) {
  uint32_t hash = 2166136261u;  // FNV-1a, 32 bits
  for (char c : unsalted_key) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 16777619u;
  }
  return static_cast<uint8_t>(hash % static_cast<uint32_t>(buckets));
}

Status AppendOrderedComponent(std::string& out, KeyType type, std::string_view text) {
  switch (type) {
    case KeyType::kSignedInt:
      return AppendOrderedSignedInt(out, text);
    case KeyType::kUnsignedInt:
      return AppendOrderedUnsignedInt(out, text);
    case KeyType::kDecimal:
      return AppendOrderedDecimal(out, text);
    case KeyType::kFloat:
      return AppendOrderedFloat(out, text);
    case KeyType::kBool:
      return AppendBool(out, text);
    case KeyType::kText:
      AppendEscapedBytes(out, text);
      return Status::Ok();
    case KeyType::kBytea:
      return AppendBytea(out, text);
    case KeyType::kDate:
      return AppendOrderedDate(out, text);
    case KeyType::kTimestamp:
      return AppendOrderedTimestamp(out, text);
    case KeyType::kTimestampTz:
      return AppendOrderedTimestampTz(out, text);
    case KeyType::kUuid:
      return AppendUuid(out, text);
  }
  return Status::InvalidArgument("unknown key type");
}

Result<std::string> ConsumeOrderedComponent(std::string_view& in, KeyType type) {
  switch (type) {
    case KeyType::kSignedInt:
      return ConsumeOrderedSignedInt(in);
    case KeyType::kUnsignedInt:
      return ConsumeOrderedUnsignedInt(in);
    case KeyType::kDecimal:
      return ConsumeOrderedDecimal(in);
    case KeyType::kFloat:
      return ConsumeOrderedFloat(in);
    case KeyType::kBool:
      return ConsumeBool(in);
    case KeyType::kText:
      return ConsumeEscapedBytes(in);
    case KeyType::kBytea:
      return ConsumeBytea(in);
    case KeyType::kDate:
      return ConsumeOrderedDate(in);
    case KeyType::kTimestamp:
      return ConsumeOrderedTimestamp(in);
    case KeyType::kTimestampTz:
      return ConsumeOrderedTimestampTz(in);
    case KeyType::kUuid:
      return ConsumeUuid(in);
  }
  return Status::InvalidArgument("unknown key type");
}

KeyEncoder::KeyEncoder(RowKeyFormat format) : format_(std::move(format)) {}

Status KeyEncoder::Append(KeyType type, std::string_view text) {
  if (format_.encoding == KeyEncoding::kText) {
    text_values_.emplace_back(text);
  } else {
    CELLAR_RETURN_IF_ERROR(AppendOrderedComponent(components_, type, text));
  }
  ++count_;
  return Status::Ok();
}

Result<std::string> KeyEncoder::Finish() {
  std::string unsalted = format_.row_prefix;
  if (text_values_.size() == 1) {
    unsalted += text_values_[0];
  } else {
    for (size_t i = 0; i < text_values_.size(); ++i) {
      if (i > 0) unsalted += kTextKeySeparator;
      AppendTextEscaped(unsalted, text_values_[i]);
    }
  }
  unsalted += components_;
  int count = count_;
  Reset();
  if (count == 0) return Status::InvalidArgument("a row key needs at least one key column");
  if (unsalted.empty()) {
    return Status::InvalidArgument("the row key is empty (an empty key value and no row prefix)");
  }
  size_t size = unsalted.size() + (format_.salt_buckets > 0 ? 1 : 0);
  if (size > kMaxRowKeySize) {
    return Status::InvalidArgument("the row key is " + std::to_string(size) +
                                   " bytes; HBase allows at most 32767");
  }
  if (format_.salt_buckets == 0) return unsalted;
  return std::string(1, static_cast<char>(SaltOf(unsalted, format_.salt_buckets))) + unsalted;
}

void KeyEncoder::Reset() {
  components_.clear();
  text_values_.clear();
  count_ = 0;
}

Result<std::vector<std::string>> DecodeRowKey(const RowKeyFormat& format,
                                              const std::vector<KeyType>& types,
                                              std::string_view row_key) {
  CELLAR_RETURN_IF_ERROR(format.Validate());
  if (format.salt_buckets > 0) {
    if (row_key.empty() ||
        static_cast<uint8_t>(row_key.front()) != SaltOf(row_key.substr(1), format.salt_buckets)) {
      return Status::InvalidArgument("row key has the wrong salt byte");
    }
    row_key.remove_prefix(1);
  }
  if (row_key.substr(0, format.row_prefix.size()) != format.row_prefix) {
    return Status::InvalidArgument("row key does not start with the row prefix");
  }
  row_key.remove_prefix(format.row_prefix.size());
  if (types.empty()) return Status::InvalidArgument("no key column types given");
  if (format.encoding == KeyEncoding::kText) return SplitTextKey(row_key, types.size());
  std::vector<std::string> values;
  for (KeyType type : types) {
    CELLAR_ASSIGN_OR_RETURN(std::string value, ConsumeOrderedComponent(row_key, type));
    values.push_back(std::move(value));
  }
  if (!row_key.empty()) return Status::InvalidArgument("row key has bytes after its last column");
  return values;
}

}  // namespace cellar::replicate
