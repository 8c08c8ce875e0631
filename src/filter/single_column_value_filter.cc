// HBase's SingleColumnValueFilter and SingleColumnValueExcludeFilter: one column decides whether
// the whole row is returned.

#include "cellar/filters.h"
#include "filter/filter_base.h"

namespace cellar {
namespace {

using filter::FilterBase;
using filter::QuoteArgument;
using filter::ReturnCode;

class SingleColumnValueFilter : public FilterBase {
 public:
  SingleColumnValueFilter(std::string family, std::string qualifier, CompareOperator op,
                          std::shared_ptr<const Comparator> comparator,
                          SingleColumnValueOptions options, bool exclude)
      : family_(std::move(family)),
        qualifier_(std::move(qualifier)),
        op_(op),
        comparator_(std::move(comparator)),
        options_(options),
        exclude_(exclude) {}

  void Reset() override {
    found_column_ = false;
    matched_column_ = false;
  }

  ReturnCode FilterCell(const Cell& cell) override {
    if (matched_column_) return ReturnCode::kInclude;  // the row passes: keep everything
    if (options_.latest_version_only && found_column_) {
      return ReturnCode::kNextRow;  // the newest version failed: FilterRow drops the row
    }
    if (!IsTestedColumn(cell)) return ReturnCode::kInclude;
    found_column_ = true;
    if (ValueFailsTest(cell.value)) {
      return options_.latest_version_only ? ReturnCode::kNextRow : ReturnCode::kInclude;
    }
    matched_column_ = true;
    return ReturnCode::kInclude;
  }

  void FilterRowCells(std::vector<Cell>& cells) override {
    if (!exclude_) return;
    std::erase_if(cells, [this](const Cell& c) { return IsTestedColumn(c); });
  }
  bool HasFilterRow() const override { return true; }
  bool FilterRow() override {
    return found_column_ ? !matched_column_ : options_.filter_if_missing;
  }
  bool IsFamilyEssential(std::string_view family) const override {
    // Without filter_if_missing, rows lacking the column pass, so every family matters.
    return !options_.filter_if_missing || family == family_;
  }

  std::string ToString() const override {
    std::string s =
        std::string(exclude_ ? "SingleColumnValueExcludeFilter" : "SingleColumnValueFilter") +
        " (" + QuoteArgument(family_) + ", " + QuoteArgument(qualifier_) + ", " +
        std::string(filter::CompareOperatorSymbol(op_)) + ", " +
        filter::ComparatorArgument(*comparator_);
    s += options_.filter_if_missing ? ", true" : ", false";
    s += options_.latest_version_only ? ", true" : ", false";
    return s + ")";
  }

 private:
  bool IsTestedColumn(const Cell& cell) const {
    return cell.family == family_ && cell.qualifier == qualifier_;
  }
  bool ValueFailsTest(std::string_view value) const {
    if (op_ == CompareOperator::kNoOp) return true;
    return filter::CompareFiltersOut(op_, comparator_->CompareTo(value));
  }

  std::string family_;
  std::string qualifier_;
  CompareOperator op_;
  std::shared_ptr<const Comparator> comparator_;
  SingleColumnValueOptions options_;
  bool exclude_;
  // Per row: whether the tested column was seen, and whether a tested version passed.
  bool found_column_ = false;
  bool matched_column_ = false;
};

}  // namespace

std::shared_ptr<Filter> MakeSingleColumnValueFilter(std::string family, std::string qualifier,
                                                    CompareOperator op,
                                                    std::shared_ptr<const Comparator> comparator,
                                                    SingleColumnValueOptions options) {
  return std::make_shared<SingleColumnValueFilter>(std::move(family), std::move(qualifier), op,
                                                   std::move(comparator), options, false);
}

std::shared_ptr<Filter> MakeSingleColumnValueExcludeFilter(
    std::string family, std::string qualifier, CompareOperator op,
    std::shared_ptr<const Comparator> comparator, SingleColumnValueOptions options) {
  return std::make_shared<SingleColumnValueFilter>(std::move(family), std::move(qualifier), op,
                                                   std::move(comparator), options, true);
}

}  // namespace cellar
