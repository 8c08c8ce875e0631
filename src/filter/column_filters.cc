// Column-level filters: ColumnCountGetFilter, ColumnPaginationFilter, ColumnPrefixFilter,
// MultipleColumnPrefixFilter, ColumnRangeFilter and TimestampsFilter.

#include <algorithm>
#include <set>

#include "cellar/filters.h"
#include "filter/filter_base.h"

namespace cellar {
namespace {

using filter::FilterBase;
using filter::NextFamilyHint;
using filter::QuoteArgument;
using filter::ReturnCode;

class ColumnCountGetFilter final : public FilterBase {
 public:
  explicit ColumnCountGetFilter(int32_t limit) : limit_(limit) {}
  void Reset() override { count_ = 0; }
  bool FilterAllRemaining() override { return count_ > limit_; }
  ReturnCode FilterCell(const Cell&) override {
    ++count_;
    return FilterAllRemaining() ? ReturnCode::kNextColumn : ReturnCode::kIncludeAndNextColumn;
  }
  std::string ToString() const override {
    return "ColumnCountGetFilter (" + std::to_string(limit_) + ")";
  }

 private:
  int32_t limit_;
  int64_t count_ = 0;  // columns seen in this row
};

class ColumnPaginationFilter final : public FilterBase {
 public:
  ColumnPaginationFilter(int32_t limit, int32_t offset, std::optional<std::string> column_offset)
      : limit_(limit), offset_(offset), column_offset_(std::move(column_offset)) {}

  void Reset() override { count_ = 0; }
  ReturnCode FilterCell(const Cell& cell) override {
    if (column_offset_.has_value()) {
      if (count_ >= limit_) return ReturnCode::kNextRow;
      // Only the first column of the page is compared; later ones follow it.
      if (count_ == 0 && cell.qualifier < *column_offset_) return ReturnCode::kSeekNextUsingHint;
      ++count_;
      return ReturnCode::kIncludeAndNextColumn;
    }
    if (count_ >= int64_t{offset_} + limit_) return ReturnCode::kNextRow;
    ReturnCode code =
        count_ < offset_ ? ReturnCode::kNextColumn : ReturnCode::kIncludeAndNextColumn;
    ++count_;
    return code;
  }
  std::optional<SeekHint> GetNextCellHint(const Cell& cell) override {
    if (!column_offset_.has_value()) return std::nullopt;
    return SeekHint{cell.row, cell.family, *column_offset_};
  }
  std::string ToString() const override {
    if (column_offset_.has_value()) {
      return "ColumnPaginationFilter (" + std::to_string(limit_) + ", " +
             QuoteArgument(*column_offset_) + ")";
    }
    return "ColumnPaginationFilter (" + std::to_string(limit_) + ", " + std::to_string(offset_) +
           ")";
  }

 private:
  int32_t limit_;
  int32_t offset_;
  std::optional<std::string> column_offset_;
  int64_t count_ = 0;  // columns seen in this row
};

class ColumnPrefixFilter final : public FilterBase {
 public:
  explicit ColumnPrefixFilter(std::string prefix) : prefix_(std::move(prefix)) {}
  ReturnCode FilterCell(const Cell& cell) override {
    int cmp = ComparePrefix(cell.qualifier);
    if (cmp == 0) return ReturnCode::kInclude;
    // Before the prefix: seek to it. After it: nothing more in this family.
    return ReturnCode::kSeekNextUsingHint;
  }
  std::optional<SeekHint> GetNextCellHint(const Cell& cell) override {
    if (ComparePrefix(cell.qualifier) < 0) return SeekHint{cell.row, cell.family, prefix_};
    return NextFamilyHint(cell);
  }
  std::string ToString() const override {
    return "ColumnPrefixFilter (" + QuoteArgument(prefix_) + ")";
  }

 private:
  // Negative: "qualifier" sorts before every qualifier with the prefix; zero: it has the prefix;
  // positive: it sorts after all of them.
  int ComparePrefix(std::string_view qualifier) const {
    if (qualifier.size() < prefix_.size()) {
      return qualifier.compare(std::string_view(prefix_).substr(0, qualifier.size())) <= 0 ? -1 : 1;
    }
    return qualifier.substr(0, prefix_.size()).compare(prefix_);
  }

  std::string prefix_;
};

class MultipleColumnPrefixFilter final : public FilterBase {
 public:
  // REQUIRES: "prefixes" distinct. A prefix that extends another one is redundant and dropped,
  // which keeps the set prefix-free: then the largest prefix <= q is the only candidate for q.
  explicit MultipleColumnPrefixFilter(const std::vector<std::string>& prefixes)
      : original_(prefixes) {
    std::set<std::string> sorted(prefixes.begin(), prefixes.end());
    for (const std::string& p : sorted) {
      if (prefixes_.empty() || p.rfind(*prefixes_.rbegin(), 0) != 0) prefixes_.insert(p);
    }
  }

  ReturnCode FilterCell(const Cell& cell) override {
    if (prefixes_.empty()) return ReturnCode::kInclude;
    auto it = prefixes_.upper_bound(cell.qualifier);  // first prefix > qualifier
    if (it != prefixes_.begin() && cell.qualifier.rfind(*std::prev(it), 0) == 0) {
      return ReturnCode::kInclude;
    }
    return ReturnCode::kSeekNextUsingHint;
  }
  std::optional<SeekHint> GetNextCellHint(const Cell& cell) override {
    auto it = prefixes_.upper_bound(cell.qualifier);
    if (it == prefixes_.end()) return NextFamilyHint(cell);
    return SeekHint{cell.row, cell.family, *it};
  }
  std::string ToString() const override {
    std::string s = "MultipleColumnPrefixFilter (";
    for (size_t i = 0; i < original_.size(); ++i) {
      if (i > 0) s += ", ";
      s += QuoteArgument(original_[i]);
    }
    return s + ")";
  }

 private:
  std::vector<std::string> original_;  // as given, for ToString
  std::set<std::string> prefixes_;     // prefix-free
};

class ColumnRangeFilter final : public FilterBase {
 public:
  ColumnRangeFilter(std::optional<std::string> min, bool min_inclusive,
                    std::optional<std::string> max, bool max_inclusive)
      : min_(std::move(min)),
        min_inclusive_(min_inclusive),
        max_(std::move(max)),
        max_inclusive_(max_inclusive) {}

  ReturnCode FilterCell(const Cell& cell) override {
    int cmp_min = min_.has_value() ? cell.qualifier.compare(*min_) : 1;
    if (cmp_min < 0) return ReturnCode::kSeekNextUsingHint;
    if (!min_inclusive_ && cmp_min == 0) return ReturnCode::kSkip;
    if (!max_.has_value()) return ReturnCode::kInclude;
    int cmp_max = cell.qualifier.compare(*max_);
    if (cmp_max < 0 || (max_inclusive_ && cmp_max == 0)) return ReturnCode::kInclude;
    return ReturnCode::kSeekNextUsingHint;  // past the range: the next family
  }
  std::optional<SeekHint> GetNextCellHint(const Cell& cell) override {
    if (min_.has_value() && cell.qualifier < *min_) return SeekHint{cell.row, cell.family, *min_};
    return NextFamilyHint(cell);
  }
  std::string ToString() const override {
    return "ColumnRangeFilter (" + QuoteArgument(min_.value_or("")) + ", " +
           (min_inclusive_ ? "true" : "false") + ", " + QuoteArgument(max_.value_or("")) + ", " +
           (max_inclusive_ ? "true" : "false") + ")";
  }

 private:
  std::optional<std::string> min_;
  bool min_inclusive_;
  std::optional<std::string> max_;
  bool max_inclusive_;
};

class TimestampsFilter final : public FilterBase {
 public:
  explicit TimestampsFilter(const std::vector<int64_t>& timestamps)
      : timestamps_(timestamps.begin(), timestamps.end()) {}
  ReturnCode FilterCell(const Cell& cell) override {
    if (timestamps_.contains(cell.timestamp)) return ReturnCode::kInclude;
    // Versions come newest first: below the smallest wanted one, the column has nothing left.
    if (timestamps_.empty() || cell.timestamp < *timestamps_.begin()) {
      return ReturnCode::kNextColumn;
    }
    return ReturnCode::kSkip;
  }
  std::string ToString() const override {
    std::string s = "TimestampsFilter (";
    for (auto it = timestamps_.begin(); it != timestamps_.end(); ++it) {
      if (it != timestamps_.begin()) s += ", ";
      s += std::to_string(*it);
    }
    return s + ")";
  }

 private:
  std::set<int64_t> timestamps_;
};

}  // namespace

Result<std::shared_ptr<Filter>> MakeColumnCountGetFilter(int32_t limit) {
  if (limit < 0) {
    return Status::InvalidArgument("ColumnCountGetFilter: limit must be >= 0, got " +
                                   std::to_string(limit));
  }
  return std::shared_ptr<Filter>(std::make_shared<ColumnCountGetFilter>(limit));
}

Result<std::shared_ptr<Filter>> MakeColumnPaginationFilter(int32_t limit, int32_t offset) {
  if (limit < 0 || offset < 0) {
    return Status::InvalidArgument("ColumnPaginationFilter: limit and offset must be >= 0, got " +
                                   std::to_string(limit) + " and " + std::to_string(offset));
  }
  return std::shared_ptr<Filter>(
      std::make_shared<ColumnPaginationFilter>(limit, offset, std::nullopt));
}

Result<std::shared_ptr<Filter>> MakeColumnPaginationFilter(int32_t limit,
                                                           std::string column_offset) {
  if (limit < 0) {
    return Status::InvalidArgument("ColumnPaginationFilter: limit must be >= 0, got " +
                                   std::to_string(limit));
  }
  return std::shared_ptr<Filter>(
      std::make_shared<ColumnPaginationFilter>(limit, -1, std::move(column_offset)));
}

std::shared_ptr<Filter> MakeColumnPrefixFilter(std::string prefix) {
  return std::make_shared<ColumnPrefixFilter>(std::move(prefix));
}

Result<std::shared_ptr<Filter>> MakeMultipleColumnPrefixFilter(std::vector<std::string> prefixes) {
  std::set<std::string> seen;
  for (const std::string& p : prefixes) {
    if (!seen.insert(p).second) {
      return Status::InvalidArgument("MultipleColumnPrefixFilter: prefixes must be distinct, '" +
                                     p + "' is given twice");
    }
  }
  return std::shared_ptr<Filter>(std::make_shared<MultipleColumnPrefixFilter>(prefixes));
}

std::shared_ptr<Filter> MakeColumnRangeFilter(std::optional<std::string> min, bool min_inclusive,
                                              std::optional<std::string> max, bool max_inclusive) {
  return std::make_shared<ColumnRangeFilter>(std::move(min), min_inclusive, std::move(max),
                                             max_inclusive);
}

Result<std::shared_ptr<Filter>> MakeTimestampsFilter(std::vector<int64_t> timestamps) {
  for (int64_t ts : timestamps) {
    if (ts < 0) {
      return Status::InvalidArgument("TimestampsFilter: timestamps must be >= 0, got " +
                                     std::to_string(ts));
    }
  }
  return std::shared_ptr<Filter>(std::make_shared<TimestampsFilter>(timestamps));
}

}  // namespace cellar
