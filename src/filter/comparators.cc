// The comparators of cellar/filters.h (HBase's ByteArrayComparable subclasses).

#include <algorithm>
#include <cctype>

#include "cellar/filters.h"
#include "filter/regex_matcher.h"
#include "util/bytes.h"

namespace cellar {
namespace {

int Sign(int c) { return c < 0 ? -1 : (c > 0 ? 1 : 0); }

class BinaryComparator final : public Comparator {
 public:
  explicit BinaryComparator(std::string value) : value_(std::move(value)) {}
  int CompareTo(std::string_view bytes) const override {
    return Sign(std::string_view(value_).compare(bytes));
  }
  std::string ToString() const override { return "binary:" + value_; }

 private:
  std::string value_;
};

class BinaryPrefixComparator final : public Comparator {
 public:
  explicit BinaryPrefixComparator(std::string value) : value_(std::move(value)) {}
  int CompareTo(std::string_view bytes) const override {
    return Sign(std::string_view(value_).compare(bytes.substr(0, value_.size())));
  }
  std::string ToString() const override { return "binaryprefix:" + value_; }

 private:
  std::string value_;
};

class RegexStringComparator final : public Comparator {
 public:
  RegexStringComparator(std::string pattern, std::unique_ptr<filter::RegexMatcher> matcher)
      : pattern_(std::move(pattern)), matcher_(std::move(matcher)) {}
  int CompareTo(std::string_view bytes) const override { return matcher_->Find(bytes) ? 0 : 1; }
  std::string ToString() const override { return "regexstring:" + pattern_; }
  bool OnlyEqualityOperators() const override { return true; }

 private:
  std::string pattern_;
  std::unique_ptr<filter::RegexMatcher> matcher_;
};

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

class SubstringComparator final : public Comparator {
 public:
  // HBase lower-cases the substring once, here, and each value when comparing.
  explicit SubstringComparator(std::string_view substring) : lower_(AsciiLower(substring)) {}
  int CompareTo(std::string_view bytes) const override {
    auto it =
        std::search(bytes.begin(), bytes.end(), lower_.begin(), lower_.end(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == static_cast<unsigned char>(b);
        });
    return it == bytes.end() && !lower_.empty() ? 1 : 0;
  }
  std::string ToString() const override { return "substring:" + lower_; }
  bool OnlyEqualityOperators() const override { return true; }

 private:
  std::string lower_;
};

class NullComparator final : public Comparator {
 public:
  // A stored cell's value is never null, only possibly empty (HBase: value != null ? 1 : 0).
  int CompareTo(std::string_view) const override { return 1; }
  std::string ToString() const override { return "NullComparator"; }
};

class BitComparator final : public Comparator {
 public:
  BitComparator(std::string mask, BitwiseOp op) : mask_(std::move(mask)), op_(op) {}
  int CompareTo(std::string_view bytes) const override {
    if (bytes.size() != mask_.size()) return 1;
    unsigned char any = 0;
    for (size_t i = 0; i < bytes.size(); ++i) {
      auto m = static_cast<unsigned char>(mask_[i]);
      auto b = static_cast<unsigned char>(bytes[i]);
      switch (op_) {
        case BitwiseOp::kAnd:
          any |= m & b;
          break;
        case BitwiseOp::kOr:
          any |= m | b;
          break;
        case BitwiseOp::kXor:
          any |= m ^ b;
          break;
      }
    }
    return any == 0 ? 1 : 0;
  }
  std::string ToString() const override {
    const char* op = op_ == BitwiseOp::kAnd ? "AND" : (op_ == BitwiseOp::kOr ? "OR" : "XOR");
    return std::string("BitComparator (") + op + ", " + ToStringBinary(mask_) + ")";
  }

 private:
  std::string mask_;
  BitwiseOp op_;
};

}  // namespace

std::shared_ptr<const Comparator> MakeBinaryComparator(std::string value) {
  return std::make_shared<BinaryComparator>(std::move(value));
}

std::shared_ptr<const Comparator> MakeBinaryPrefixComparator(std::string value) {
  return std::make_shared<BinaryPrefixComparator>(std::move(value));
}

Result<std::shared_ptr<const Comparator>> MakeRegexStringComparator(std::string_view pattern) {
  CELLAR_ASSIGN_OR_RETURN(auto matcher, filter::RegexMatcher::Compile(pattern));
  return std::shared_ptr<const Comparator>(
      std::make_shared<RegexStringComparator>(std::string(pattern), std::move(matcher)));
}

std::shared_ptr<const Comparator> MakeSubstringComparator(std::string_view substring) {
  return std::make_shared<SubstringComparator>(substring);
}

std::shared_ptr<const Comparator> MakeNullComparator() {
  return std::make_shared<NullComparator>();
}

std::shared_ptr<const Comparator> MakeBitComparator(std::string mask, BitwiseOp op) {
  return std::make_shared<BitComparator>(std::move(mask), op);
}

}  // namespace cellar
