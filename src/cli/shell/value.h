#pragma once

// Value: one argument of a shell command as the HBase shell's Ruby syntax writes it: nil, true or
// false, an integer, a string, a constant (VERSIONS, NAME, ...), an array [..] or a hash {K => v}.
// A value type; thread-compatible.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cellar::shell {

class Value {
 public:
  enum class Kind { kNil, kBool, kInteger, kString, kConstant, kArray, kHash };
  struct HashEntry;
  using Array = std::vector<Value>;
  using Hash = std::vector<HashEntry>;  // in source order; keys may repeat (the last one wins)

  Value() = default;  // nil
  static Value Bool(bool b);
  static Value Integer(int64_t i);
  static Value String(std::string s);
  // A bare identifier such as VERSIONS. In the HBase shell these are Ruby constants whose value
  // is their own name, so AsText() returns the name.
  static Value Constant(std::string name);
  static Value MakeArray(Array items);
  static Value MakeHash(Hash entries);

  Kind kind() const { return kind_; }
  bool is_nil() const { return kind_ == Kind::kNil; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_integer() const { return kind_ == Kind::kInteger; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_constant() const { return kind_ == Kind::kConstant; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_hash() const { return kind_ == Kind::kHash; }

  // REQUIRES: the matching is_*() is true.
  bool bool_value() const { return bool_; }
  int64_t integer() const { return integer_; }
  // The bytes of a string or the name of a constant.
  const std::string& text() const { return text_; }
  const Array& array() const { return array_; }
  const Hash& hash() const { return hash_; }

  // The value in Ruby's inspect form, for messages: 'abc', "a\x00", 5, true, nil, [1, 2],
  // {VERSIONS => 3}.
  std::string ToString() const;
  // "nil", "true/false", "integer", "string", "constant", "array", "hash".
  static std::string_view KindName(Kind kind);

  friend bool operator==(const Value& a, const Value& b);

 private:
  Kind kind_ = Kind::kNil;
  bool bool_ = false;
  int64_t integer_ = 0;
  std::string text_;
  Array array_;
  Hash hash_;
};

struct Value::HashEntry {
  Value key;
  Value value;
  friend bool operator==(const HashEntry&, const HashEntry&) = default;
};

}  // namespace cellar::shell
