// FuzzyRowFilter: rows matching a key with "any byte" positions, skipping ahead with hints.

#include "filter/fuzzy_row_filter.h"

#include "cellar/filters.h"
#include "filter/filter_base.h"
#include "util/bytes.h"

namespace cellar {
namespace filter {
namespace {

constexpr char kFixed = 0;

bool IsFixed(std::string_view mask, size_t i) { return i < mask.size() && mask[i] == kFixed; }

// Completes "prefix" (the first prefix.size() bytes of the answer) with the key's fixed bytes
// and zeros at free positions, then drops the trailing free zeros beyond "keep".
std::string Complete(std::string prefix, std::string_view key, std::string_view mask, size_t keep) {
  for (size_t i = prefix.size(); i < key.size(); ++i) {
    prefix.push_back(IsFixed(mask, i) ? key[i] : '\0');
  }
  size_t end = prefix.size();
  while (end > keep && !IsFixed(mask, end - 1)) --end;
  prefix.resize(end);
  return prefix;
}

// The answer from incrementing the last free byte before "limit" that is not 0xFF.
std::optional<std::string> IncrementFreeByte(std::string_view row, std::string_view key,
                                             std::string_view mask, size_t limit) {
  for (size_t j = std::min(limit, row.size()); j-- > 0;) {
    if (IsFixed(mask, j) || static_cast<unsigned char>(row[j]) == 0xFF) continue;
    std::string prefix(row.substr(0, j));
    prefix.push_back(static_cast<char>(static_cast<unsigned char>(row[j]) + 1));
    return Complete(std::move(prefix), key, mask, j + 1);
  }
  return std::nullopt;
}

}  // namespace

bool FuzzyMatches(std::string_view row, std::string_view key, std::string_view mask) {
  size_t n = std::min(row.size(), key.size());
  for (size_t i = 0; i < n; ++i) {
    if (IsFixed(mask, i) && row[i] != key[i]) return false;
  }
  return true;
}

std::optional<std::string> FuzzyNextRow(std::string_view row, std::string_view key,
                                        std::string_view mask) {
  for (size_t i = 0; i < key.size(); ++i) {
    if (i >= row.size()) {
      // "row" is a matching proper prefix; the next row is row + 0x00.
      return std::string(row) + '\0';
    }
    if (!IsFixed(mask, i)) continue;
    auto r = static_cast<unsigned char>(row[i]);
    auto k = static_cast<unsigned char>(key[i]);
    if (r < k) return Complete(std::string(row.substr(0, i)) + key[i], key, mask, i + 1);
    if (r > k) return IncrementFreeByte(row, key, mask, i);
  }
  // "row" matches on all of the key: the next row extends it.
  return std::string(row) + '\0';
}

}  // namespace filter

namespace {

using filter::FilterBase;
using filter::ReturnCode;

class FuzzyRowFilter final : public FilterBase {
 public:
  explicit FuzzyRowFilter(std::vector<std::pair<std::string, std::string>> keys)
      : keys_(std::move(keys)) {}

  bool FilterAllRemaining() override { return done_; }
  ReturnCode FilterCell(const Cell& cell) override {
    for (const auto& [key, mask] : keys_) {
      if (filter::FuzzyMatches(cell.row, key, mask)) return ReturnCode::kInclude;
    }
    // Reversed scans have no hint arithmetic here: skip row by row.
    return reversed() ? ReturnCode::kNextRow : ReturnCode::kSeekNextUsingHint;
  }
  std::optional<SeekHint> GetNextCellHint(const Cell& cell) override {
    std::optional<std::string> best;
    for (const auto& [key, mask] : keys_) {
      auto next = filter::FuzzyNextRow(cell.row, key, mask);
      if (next.has_value() && (!best.has_value() || *next < *best)) best = std::move(next);
    }
    if (!best.has_value()) {
      done_ = true;  // no later row can match any key
      return std::nullopt;
    }
    return SeekHint{*best, "", ""};
  }
  std::string ToString() const override {
    std::string s = "FuzzyRowFilter (";
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (i > 0) s += ", ";
      s += "{" + ToStringBinary(keys_[i].first) + ":" + ToStringBinary(keys_[i].second) + "}";
    }
    return s + ")";
  }

 private:
  std::vector<std::pair<std::string, std::string>> keys_;
  bool done_ = false;
};

}  // namespace

Result<std::shared_ptr<Filter>> MakeFuzzyRowFilter(
    std::vector<std::pair<std::string, std::string>> fuzzy_keys) {
  for (const auto& [key, mask] : fuzzy_keys) {
    if (key.size() != mask.size()) {
      return Status::InvalidArgument("FuzzyRowFilter: key " + ToStringBinary(key) + " and mask " +
                                     ToStringBinary(mask) + " differ in length");
    }
    for (char m : mask) {
      if (m != 0 && m != 1) {
        return Status::InvalidArgument(
            "FuzzyRowFilter: mask bytes must be 0 (fixed) or 1 (any), "
            "got " +
            ToStringBinary(mask));
      }
    }
  }
  return std::shared_ptr<Filter>(std::make_shared<FuzzyRowFilter>(std::move(fuzzy_keys)));
}

}  // namespace cellar
