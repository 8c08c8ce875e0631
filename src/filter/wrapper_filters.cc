// The decorators SkipFilter and WhileMatchFilter.

#include "cellar/filters.h"
#include "filter/filter_base.h"

namespace cellar {
namespace {

using filter::FilterBase;
using filter::ReturnCode;

// What both decorators pass straight to the wrapped filter.
class WrapperFilter : public FilterBase {
 public:
  explicit WrapperFilter(std::shared_ptr<Filter> inner) : inner_(std::move(inner)) {}
  Cell TransformCell(const Cell& cell) override { return inner_->TransformCell(cell); }
  void FilterRowCells(std::vector<Cell>& cells) override { inner_->FilterRowCells(cells); }
  bool HasFilterRow() const override { return true; }
  std::optional<SeekHint> GetNextCellHint(const Cell& cell) override {
    return inner_->GetNextCellHint(cell);
  }
  bool IsFamilyEssential(std::string_view family) const override {
    return inner_->IsFamilyEssential(family);
  }
  void SetReversed(bool reversed) override {
    FilterBase::SetReversed(reversed);
    inner_->SetReversed(reversed);
  }

 protected:
  std::shared_ptr<Filter> inner_;
};

class SkipFilter final : public WrapperFilter {
 public:
  using WrapperFilter::WrapperFilter;
  void Reset() override {
    inner_->Reset();
    filter_row_ = false;
  }
  bool FilterAllRemaining() override { return inner_->FilterAllRemaining(); }
  // HBase's SkipFilter does not pass the row key on, which leaves row-key filters inside it
  // (PrefixFilter, RowFilter) uninformed. Passing it on gives them their documented meaning.
  bool FilterRowKey(const Cell& first) override { return inner_->FilterRowKey(first); }
  ReturnCode FilterCell(const Cell& cell) override {
    ReturnCode rc = inner_->FilterCell(cell);
    filter_row_ = filter_row_ || rc != ReturnCode::kInclude;
    return rc;
  }
  bool FilterRow() override { return filter_row_; }
  std::string ToString() const override { return "SKIP " + inner_->ToString(); }

 private:
  bool filter_row_ = false;  // per row: the wrapped filter rejected one of its cells
};

class WhileMatchFilter final : public WrapperFilter {
 public:
  using WrapperFilter::WrapperFilter;
  void Reset() override { inner_->Reset(); }
  bool FilterAllRemaining() override { return done_ || inner_->FilterAllRemaining(); }
  bool FilterRowKey(const Cell& first) override { return Note(inner_->FilterRowKey(first)); }
  ReturnCode FilterCell(const Cell& cell) override {
    ReturnCode rc = inner_->FilterCell(cell);
    Note(rc != ReturnCode::kInclude);
    return rc;
  }
  bool FilterRow() override { return Note(inner_->FilterRow()); }
  std::string ToString() const override { return "WHILE " + inner_->ToString(); }

 private:
  bool Note(bool rejected) {
    done_ = done_ || rejected;
    return rejected;
  }
  bool done_ = false;  // for the rest of the scan
};

}  // namespace

std::shared_ptr<Filter> MakeSkipFilter(std::shared_ptr<Filter> filter) {
  return std::make_shared<SkipFilter>(std::move(filter));
}

std::shared_ptr<Filter> MakeWhileMatchFilter(std::shared_ptr<Filter> filter) {
  return std::make_shared<WhileMatchFilter>(std::move(filter));
}

}  // namespace cellar
