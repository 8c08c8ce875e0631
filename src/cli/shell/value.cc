#include "cli/shell/value.h"

#include <cstdio>

namespace cellar::shell {

Value Value::Bool(bool b) {
  Value v;
  v.kind_ = Kind::kBool;
  v.bool_ = b;
  return v;
}

Value Value::Integer(int64_t i) {
  Value v;
  v.kind_ = Kind::kInteger;
  v.integer_ = i;
  return v;
}

Value Value::String(std::string s) {
  Value v;
  v.kind_ = Kind::kString;
  v.text_ = std::move(s);
  return v;
}

Value Value::Constant(std::string name) {
  Value v;
  v.kind_ = Kind::kConstant;
  v.text_ = std::move(name);
  return v;
}

Value Value::MakeArray(Array items) {
  Value v;
  v.kind_ = Kind::kArray;
  v.array_ = std::move(items);
  return v;
}

Value Value::MakeHash(Hash entries) {
  Value v;
  v.kind_ = Kind::kHash;
  v.hash_ = std::move(entries);
  return v;
}

namespace {

// Ruby's String#inspect for byte strings: printable ASCII as is, the rest escaped.
std::string InspectString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c >= 0x20 && c < 0x7f) {
          out += static_cast<char>(c);
        } else {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\x%02X", c);
          out += buf;
        }
    }
  }
  return out + "\"";
}

}  // namespace

std::string Value::ToString() const {
  switch (kind_) {
    case Kind::kNil:
      return "nil";
    case Kind::kBool:
      return bool_ ? "true" : "false";
    case Kind::kInteger:
      return std::to_string(integer_);
    case Kind::kString:
      return InspectString(text_);
    case Kind::kConstant:
      return text_;
    case Kind::kArray: {
      std::string out = "[";
      for (size_t i = 0; i < array_.size(); ++i) {
        if (i > 0) out += ", ";
        out += array_[i].ToString();
      }
      return out + "]";
    }
    case Kind::kHash: {
      std::string out = "{";
      for (size_t i = 0; i < hash_.size(); ++i) {
        if (i > 0) out += ", ";
        out += hash_[i].key.ToString() + " => " + hash_[i].value.ToString();
      }
      return out + "}";
    }
  }
  return "?";
}

std::string_view Value::KindName(Kind kind) {
  switch (kind) {
    case Kind::kNil:
      return "nil";
    case Kind::kBool:
      return "true/false";
    case Kind::kInteger:
      return "integer";
    case Kind::kString:
      return "string";
    case Kind::kConstant:
      return "constant";
    case Kind::kArray:
      return "array";
    case Kind::kHash:
      return "hash";
  }
  return "?";
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case Value::Kind::kNil:
      return true;
    case Value::Kind::kBool:
      return a.bool_ == b.bool_;
    case Value::Kind::kInteger:
      return a.integer_ == b.integer_;
    case Value::Kind::kString:
    case Value::Kind::kConstant:
      return a.text_ == b.text_;
    case Value::Kind::kArray:
      return a.array_ == b.array_;
    case Value::Kind::kHash:
      return a.hash_ == b.hash_;
  }
  return false;
}

}  // namespace cellar::shell
