// Row-level filters: PrefixFilter, PageFilter, InclusiveStopFilter, FirstKeyOnlyFilter,
// KeyOnlyFilter and RandomRowFilter.

#include <random>

#include "cellar/filters.h"
#include "filter/filter_base.h"
#include "util/bytes.h"

namespace cellar {
namespace {

using filter::FilterBase;
using filter::QuoteArgument;
using filter::ReturnCode;

class PrefixFilter final : public FilterBase {
 public:
  explicit PrefixFilter(std::string prefix) : prefix_(std::move(prefix)) {}

  void Reset() override {
    filter_row_ = true;
    provide_hint_ = false;
  }
  bool FilterAllRemaining() override { return passed_prefix_; }
  bool FilterRowKey(const Cell& first) override {
    int cmp = std::string_view(first.row).substr(0, prefix_.size()).compare(prefix_);
    bool past = reversed() ? cmp < 0 : cmp > 0;
    bool before = reversed() ? cmp > 0 : cmp < 0;
    if (past) passed_prefix_ = true;
    filter_row_ = cmp != 0;
    // Before the prefix in a forward scan the row is not skipped here, so that FilterCell can
    // answer with a seek to the prefix; a reversed scan has no cheap hint and skips row by row.
    provide_hint_ = before && !reversed();
    return past || (before && reversed());
  }
  ReturnCode FilterCell(const Cell&) override {
    if (provide_hint_) return ReturnCode::kSeekNextUsingHint;
    return filter_row_ ? ReturnCode::kNextRow : ReturnCode::kInclude;
  }
  std::optional<SeekHint> GetNextCellHint(const Cell&) override {
    return SeekHint{prefix_, "", ""};
  }
  bool FilterRow() override { return filter_row_; }
  std::string ToString() const override { return "PrefixFilter (" + QuoteArgument(prefix_) + ")"; }

 private:
  std::string prefix_;
  bool passed_prefix_ = false;  // for the rest of the scan
  bool filter_row_ = true;      // per row
  bool provide_hint_ = false;   // per row
};

class PageFilter final : public FilterBase {
 public:
  explicit PageFilter(int64_t page_size) : page_size_(page_size) {}
  bool FilterAllRemaining() override { return rows_accepted_ >= page_size_; }
  ReturnCode FilterCell(const Cell&) override { return ReturnCode::kInclude; }
  bool HasFilterRow() const override { return true; }
  // Called once per row that still has cells: counts it, and drops it past the page.
  bool FilterRow() override {
    ++rows_accepted_;
    return rows_accepted_ > page_size_;
  }
  std::string ToString() const override {
    return "PageFilter (" + std::to_string(page_size_) + ")";
  }

 private:
  int64_t page_size_;
  int64_t rows_accepted_ = 0;
};

class InclusiveStopFilter final : public FilterBase {
 public:
  explicit InclusiveStopFilter(std::string stop_row) : stop_row_(std::move(stop_row)) {}
  bool FilterAllRemaining() override { return done_; }
  bool FilterRowKey(const Cell& first) override {
    int cmp = std::string_view(first.row).compare(stop_row_);
    done_ = reversed() ? cmp < 0 : cmp > 0;
    return done_;
  }
  ReturnCode FilterCell(const Cell&) override {
    return done_ ? ReturnCode::kNextRow : ReturnCode::kInclude;
  }
  std::string ToString() const override {
    return "InclusiveStopFilter (" + QuoteArgument(stop_row_) + ")";
  }

 private:
  std::string stop_row_;
  bool done_ = false;
};

class FirstKeyOnlyFilter final : public FilterBase {
 public:
  void Reset() override { found_ = false; }
  ReturnCode FilterCell(const Cell&) override {
    if (found_) return ReturnCode::kNextRow;
    found_ = true;
    return ReturnCode::kInclude;
  }
  std::string ToString() const override { return "FirstKeyOnlyFilter ()"; }

 private:
  bool found_ = false;
};

class KeyOnlyFilter final : public FilterBase {
 public:
  explicit KeyOnlyFilter(bool len_as_value) : len_as_value_(len_as_value) {}
  ReturnCode FilterCell(const Cell&) override { return ReturnCode::kInclude; }
  Cell TransformCell(const Cell& cell) override {
    Cell out = cell;
    out.value.clear();
    // Java's Bytes.toBytes(int): 4 bytes, big-endian.
    if (len_as_value_) PutFixed32BE(out.value, static_cast<uint32_t>(cell.value.size()));
    return out;
  }
  std::string ToString() const override {
    return len_as_value_ ? "KeyOnlyFilter (true)" : "KeyOnlyFilter ()";
  }

 private:
  bool len_as_value_;
};

class RandomRowFilter final : public FilterBase {
 public:
  RandomRowFilter(float chance, uint64_t seed) : chance_(chance), rng_(seed) {}
  void Reset() override { filter_out_row_ = false; }
  bool FilterRowKey(const Cell&) override {
    if (chance_ < 0) {
      filter_out_row_ = true;
    } else if (chance_ > 1) {
      filter_out_row_ = false;
    } else {
      filter_out_row_ = !(std::uniform_real_distribution<float>(0.0f, 1.0f)(rng_) < chance_);
    }
    return filter_out_row_;
  }
  ReturnCode FilterCell(const Cell&) override {
    return filter_out_row_ ? ReturnCode::kNextRow : ReturnCode::kInclude;
  }
  bool HasFilterRow() const override { return true; }
  bool FilterRow() override { return filter_out_row_; }
  std::string ToString() const override {
    return "RandomRowFilter (" + std::to_string(chance_) + ")";
  }

 private:
  float chance_;
  std::mt19937_64 rng_;
  bool filter_out_row_ = false;
};

}  // namespace

std::shared_ptr<Filter> MakePrefixFilter(std::string prefix) {
  return std::make_shared<PrefixFilter>(std::move(prefix));
}

Result<std::shared_ptr<Filter>> MakePageFilter(int64_t page_size) {
  if (page_size < 0) {
    return Status::InvalidArgument("PageFilter: page size must be >= 0, got " +
                                   std::to_string(page_size));
  }
  return std::shared_ptr<Filter>(std::make_shared<PageFilter>(page_size));
}

std::shared_ptr<Filter> MakeKeyOnlyFilter(bool len_as_value) {
  return std::make_shared<KeyOnlyFilter>(len_as_value);
}

std::shared_ptr<Filter> MakeFirstKeyOnlyFilter() { return std::make_shared<FirstKeyOnlyFilter>(); }

std::shared_ptr<Filter> MakeInclusiveStopFilter(std::string stop_row) {
  return std::make_shared<InclusiveStopFilter>(std::move(stop_row));
}

std::shared_ptr<Filter> MakeRandomRowFilter(float chance, std::optional<uint64_t> seed) {
  uint64_t s =
      seed.has_value() ? *seed : (uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
  return std::make_shared<RandomRowFilter>(chance, s);
}

}  // namespace cellar
