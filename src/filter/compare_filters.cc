// HBase's CompareFilter family: RowFilter, FamilyFilter, QualifierFilter, ValueFilter,
// DependentColumnFilter and ColumnValueFilter.

#include <set>

#include "cellar/filters.h"
#include "filter/filter_base.h"

namespace cellar {
namespace {

using filter::CompareFiltersOut;
using filter::FilterBase;
using filter::QuoteArgument;
using filter::ReturnCode;

// "op, 'comparator'" as the filter language writes a comparison.
std::string ComparisonArguments(CompareOperator op, const Comparator& comparator) {
  return std::string(filter::CompareOperatorSymbol(op)) + ", " +
         filter::ComparatorArgument(comparator);
}

// Shared by the four single-comparison filters: "true" when "bytes" must be filtered out.
class CompareFilter : public FilterBase {
 public:
  CompareFilter(std::string_view name, CompareOperator op,
                std::shared_ptr<const Comparator> comparator)
      : name_(name), op_(op), comparator_(std::move(comparator)) {}

  std::string ToString() const override {
    return name_ + " (" + ComparisonArguments(op_, *comparator_) + ")";
  }

 protected:
  bool FiltersOut(std::string_view bytes) const {
    if (op_ == CompareOperator::kNoOp) return true;
    return CompareFiltersOut(op_, comparator_->CompareTo(bytes));
  }

 private:
  std::string name_;
  CompareOperator op_;
  std::shared_ptr<const Comparator> comparator_;
};

class RowFilter final : public CompareFilter {
 public:
  RowFilter(CompareOperator op, std::shared_ptr<const Comparator> c)
      : CompareFilter("RowFilter", op, std::move(c)) {}
  void Reset() override { filter_out_row_ = false; }
  bool FilterRowKey(const Cell& first) override {
    if (FiltersOut(first.row)) filter_out_row_ = true;
    return filter_out_row_;
  }
  ReturnCode FilterCell(const Cell&) override {
    return filter_out_row_ ? ReturnCode::kNextRow : ReturnCode::kInclude;
  }
  bool FilterRow() override { return filter_out_row_; }

 private:
  bool filter_out_row_ = false;
};

class FamilyFilter final : public CompareFilter {
 public:
  FamilyFilter(CompareOperator op, std::shared_ptr<const Comparator> c)
      : CompareFilter("FamilyFilter", op, std::move(c)) {}
  ReturnCode FilterCell(const Cell& cell) override {
    // HBase answers NEXT_ROW, which there only covers this family: go to the next family.
    if (!cell.family.empty() && FiltersOut(cell.family)) return ReturnCode::kSeekNextUsingHint;
    return ReturnCode::kInclude;
  }
  std::optional<SeekHint> GetNextCellHint(const Cell& cell) override {
    return filter::NextFamilyHint(cell);
  }
};

class QualifierFilter final : public CompareFilter {
 public:
  QualifierFilter(CompareOperator op, std::shared_ptr<const Comparator> c)
      : CompareFilter("QualifierFilter", op, std::move(c)) {}
  ReturnCode FilterCell(const Cell& cell) override {
    return FiltersOut(cell.qualifier) ? ReturnCode::kSkip : ReturnCode::kInclude;
  }
};

class ValueFilter final : public CompareFilter {
 public:
  ValueFilter(CompareOperator op, std::shared_ptr<const Comparator> c)
      : CompareFilter("ValueFilter", op, std::move(c)) {}
  ReturnCode FilterCell(const Cell& cell) override {
    return FiltersOut(cell.value) ? ReturnCode::kSkip : ReturnCode::kInclude;
  }
};

bool IsColumn(const Cell& cell, const std::string& family, const std::string& qualifier) {
  return cell.family == family && cell.qualifier == qualifier;
}

class DependentColumnFilter final : public FilterBase {
 public:
  DependentColumnFilter(std::string family, std::string qualifier, bool drop, CompareOperator op,
                        std::shared_ptr<const Comparator> comparator)
      : family_(std::move(family)),
        qualifier_(std::move(qualifier)),
        drop_(drop),
        op_(op),
        comparator_(std::move(comparator)) {}

  void Reset() override { timestamps_.clear(); }
  ReturnCode FilterCell(const Cell& cell) override {
    // Other columns are kept for now; FilterRowCells drops those without a matching timestamp.
    if (!IsColumn(cell, family_, qualifier_)) return ReturnCode::kInclude;
    if (comparator_ != nullptr && (op_ == CompareOperator::kNoOp ||
                                   CompareFiltersOut(op_, comparator_->CompareTo(cell.value)))) {
      return ReturnCode::kSkip;
    }
    timestamps_.insert(cell.timestamp);
    return drop_ ? ReturnCode::kSkip : ReturnCode::kInclude;
  }
  void FilterRowCells(std::vector<Cell>& cells) override {
    std::erase_if(cells, [this](const Cell& c) { return !timestamps_.contains(c.timestamp); });
  }
  bool HasFilterRow() const override { return true; }
  std::string ToString() const override {
    std::string s = "DependentColumnFilter (" + QuoteArgument(family_) + ", " +
                    QuoteArgument(qualifier_) + ", " + (drop_ ? "true" : "false");
    if (comparator_ != nullptr) s += ", " + ComparisonArguments(op_, *comparator_);
    return s + ")";
  }

 private:
  std::string family_;
  std::string qualifier_;
  bool drop_;
  CompareOperator op_;
  std::shared_ptr<const Comparator> comparator_;
  std::set<int64_t> timestamps_;  // of the reference column's passing versions in this row
};

class ColumnValueFilter final : public FilterBase {
 public:
  ColumnValueFilter(std::string family, std::string qualifier, CompareOperator op,
                    std::shared_ptr<const Comparator> comparator)
      : family_(std::move(family)),
        qualifier_(std::move(qualifier)),
        op_(op),
        comparator_(std::move(comparator)) {}

  void Reset() override { column_found_ = false; }
  ReturnCode FilterCell(const Cell& cell) override {
    if (!IsColumn(cell, family_, qualifier_)) {
      // Past the column nothing else of the row is wanted.
      return column_found_ ? ReturnCode::kNextRow : ReturnCode::kNextColumn;
    }
    column_found_ = true;
    bool out =
        op_ == CompareOperator::kNoOp || CompareFiltersOut(op_, comparator_->CompareTo(cell.value));
    return out ? ReturnCode::kSkip : ReturnCode::kInclude;
  }
  bool IsFamilyEssential(std::string_view family) const override { return family == family_; }
  std::string ToString() const override {
    return "ColumnValueFilter (" + QuoteArgument(family_) + ", " + QuoteArgument(qualifier_) +
           ", " + ComparisonArguments(op_, *comparator_) + ")";
  }

 private:
  std::string family_;
  std::string qualifier_;
  CompareOperator op_;
  std::shared_ptr<const Comparator> comparator_;
  bool column_found_ = false;
};

}  // namespace

std::shared_ptr<Filter> MakeRowFilter(CompareOperator op, std::shared_ptr<const Comparator> c) {
  return std::make_shared<RowFilter>(op, std::move(c));
}

std::shared_ptr<Filter> MakeFamilyFilter(CompareOperator op, std::shared_ptr<const Comparator> c) {
  return std::make_shared<FamilyFilter>(op, std::move(c));
}

std::shared_ptr<Filter> MakeQualifierFilter(CompareOperator op,
                                            std::shared_ptr<const Comparator> c) {
  return std::make_shared<QualifierFilter>(op, std::move(c));
}

std::shared_ptr<Filter> MakeValueFilter(CompareOperator op, std::shared_ptr<const Comparator> c) {
  return std::make_shared<ValueFilter>(op, std::move(c));
}

std::shared_ptr<Filter> MakeDependentColumnFilter(std::string family, std::string qualifier,
                                                  bool drop_dependent_column, CompareOperator op,
                                                  std::shared_ptr<const Comparator> comparator) {
  return std::make_shared<DependentColumnFilter>(std::move(family), std::move(qualifier),
                                                 drop_dependent_column, op, std::move(comparator));
}

std::shared_ptr<Filter> MakeColumnValueFilter(std::string family, std::string qualifier,
                                              CompareOperator op,
                                              std::shared_ptr<const Comparator> comparator) {
  return std::make_shared<ColumnValueFilter>(std::move(family), std::move(qualifier), op,
                                             std::move(comparator));
}

}  // namespace cellar
