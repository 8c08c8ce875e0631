#include "replicate/mysql/type_map.h"

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <set>

namespace cellar::mysql {
namespace {

using replicate::KeyType;

bool In(std::string_view type, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    if (type == n) return true;
  }
  return false;
}

bool IsInteger(std::string_view t) {
  return In(t, {"tinyint", "smallint", "mediumint", "int", "integer", "bigint", "int1", "int2",
                "int3", "int4", "int8", "middleint", "serial"});
}

// Width in bytes of the Hive integer type of an integer column (after widening unsigned ones);
// 0 for bigint unsigned (decimal(20,0), no binary form).
int IntegerBytes(const ColumnDef& c) {
  std::string_view t = c.type;
  int base = In(t, {"tinyint", "int1"})                  ? 1
             : In(t, {"smallint", "int2"})               ? 2
             : In(t, {"mediumint", "int", "integer", "int3", "int4", "middleint"}) ? 4
                                                                                   : 8;
  if (t == "serial") return 0;  // bigint unsigned
  if (!c.is_unsigned) return base;
  return base == 1 ? 2 : base == 2 ? 4 : base == 4 ? 8 : 0;
}

bool IsDecimal(std::string_view t) { return In(t, {"decimal", "numeric", "dec", "fixed"}); }
bool IsFloat(std::string_view t) { return In(t, {"float", "float4"}); }
bool IsDouble(std::string_view t) { return In(t, {"double", "real", "float8", "double precision"}); }

bool IsBinary(std::string_view t) {
  return In(t, {"binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "geometry",
                "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                "geometrycollection", "long varbinary"});
}

void AppendBigEndian(std::string& out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

}  // namespace

KeyType KeyTypeOf(const ColumnDef& c) {
  std::string_view t = c.type;
  if (IsInteger(t)) return c.is_unsigned || t == "serial" ? KeyType::kUnsignedInt : KeyType::kSignedInt;
  if (t == "year") return KeyType::kSignedInt;
  if (IsDecimal(t)) return KeyType::kDecimal;
  if (IsFloat(t) || IsDouble(t)) return KeyType::kFloat;
  if (t == "date") return KeyType::kDate;
  if (In(t, {"datetime", "timestamp"})) return KeyType::kTimestamp;
  return KeyType::kText;
}

std::string HiveTypeOf(const ColumnDef& c) {
  std::string_view t = c.type;
  if (IsInteger(t)) {
    switch (IntegerBytes(c)) {
      case 1: return "tinyint";
      case 2: return "smallint";
      case 4: return "int";
      case 8: return "bigint";
      default: return "decimal(20,0)";
    }
  }
  if (t == "year") return "smallint";
  if (IsDecimal(t)) {
    int p = c.args.size() > 0 ? std::atoi(c.args[0].c_str()) : 10;
    int s = c.args.size() > 1 ? std::atoi(c.args[1].c_str()) : 0;
    if (p > 38) return "string";  // Hive's decimal holds at most 38 digits
    return "decimal(" + std::to_string(p) + "," + std::to_string(s) + ")";
  }
  if (IsFloat(t)) return c.args.size() == 2 || (c.args.size() == 1 && std::atoi(c.args[0].c_str()) > 24)
                             ? "double" : "float";
  if (IsDouble(t)) return "double";
  if (In(t, {"bool", "boolean"})) return "tinyint";
  if (t == "bit") return "binary";  // the dump's bytes, big-endian (b'1' is one byte 0x01)
  if (t == "date") return "date";
  if (In(t, {"datetime", "timestamp"})) return "timestamp";
  if (IsBinary(t)) return "binary";
  return "string";  // char, varchar, text types, enum, set, json, time, uuid, inet4/6, ...
}

bool HasBinaryEncoding(const ColumnDef& c) {
  std::string_view t = c.type;
  if (IsInteger(t)) return IntegerBytes(c) != 0;
  return t == "year" || IsDouble(t) || HiveTypeOf(c) == "float" || HiveTypeOf(c) == "double";
}

Result<std::string> EncodeBinary(const ColumnDef& c, std::string_view text) {
  std::string out;
  std::string hive = HiveTypeOf(c);
  if (hive == "float" || hive == "double") {
    std::string s(text);
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0') {
      return Status::InvalidArgument("'" + s + "' is not a number (column " + c.name + ")");
    }
    if (hive == "float") {
      float f = static_cast<float>(d);
      uint32_t bits;
      std::memcpy(&bits, &f, 4);
      AppendBigEndian(out, bits, 4);
    } else {
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      AppendBigEndian(out, bits, 8);
    }
    return out;
  }
  int bytes = hive == "tinyint" ? 1 : hive == "smallint" ? 2 : hive == "int" ? 4 : 8;
  std::string_view digits = text;
  if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
  int64_t v = 0;
  uint64_t u = 0;
  bool ok;
  if (c.is_unsigned && bytes == 8 && IsInteger(c.type) && IntegerBytes(c) == 8) {
    auto r = std::from_chars(digits.data(), digits.data() + digits.size(), u);
    ok = r.ec == std::errc() && r.ptr == digits.data() + digits.size();
    v = static_cast<int64_t>(u);
  } else {
    auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    ok = r.ec == std::errc() && r.ptr == digits.data() + digits.size();
  }
  if (!ok) {
    return Status::InvalidArgument("'" + std::string(text) + "' is not an integer (column " +
                                   c.name + ")");
  }
  AppendBigEndian(out, static_cast<uint64_t>(v), bytes);
  return out;
}

}  // namespace cellar::mysql
