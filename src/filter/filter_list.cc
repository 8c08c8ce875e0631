// FilterList: HBase's FilterListWithAND and FilterListWithOR, merging the sub-filters' return
// codes with their "maximal step" and "minimal step" rules.

#include "cellar/filters.h"
#include "filter/filter_base.h"

namespace cellar {
namespace {

using filter::FilterBase;
using filter::ReturnCode;

bool IsInclude(ReturnCode rc) {
  return rc == ReturnCode::kInclude || rc == ReturnCode::kIncludeAndNextColumn ||
         rc == ReturnCode::kIncludeAndSeekNextRow;
}

// MUST_PASS_ALL takes the largest step any sub-filter asks for (HBase's table, transcribed).
ReturnCode MergeAnd(ReturnCode rc, ReturnCode local) {
  using R = ReturnCode;
  if (rc == R::kSeekNextUsingHint || local == R::kSeekNextUsingHint) return R::kSeekNextUsingHint;
  if (local == R::kInclude) return rc;
  if (local == R::kNextRow || rc == R::kNextRow) return R::kNextRow;
  bool rc_skips_row = rc == R::kIncludeAndSeekNextRow;
  switch (local) {
    case R::kIncludeAndNextColumn:
      if (rc == R::kInclude || rc == R::kIncludeAndNextColumn) return R::kIncludeAndNextColumn;
      return rc_skips_row ? R::kIncludeAndSeekNextRow : R::kNextColumn;
    case R::kIncludeAndSeekNextRow:
      return IsInclude(rc) ? R::kIncludeAndSeekNextRow : R::kNextRow;
    case R::kSkip:
      if (rc == R::kInclude || rc == R::kSkip) return R::kSkip;
      return rc_skips_row ? R::kNextRow : R::kNextColumn;
    case R::kNextColumn:
      return rc_skips_row ? R::kNextRow : R::kNextColumn;
    default:
      return R::kNextRow;
  }
}

// MUST_PASS_ONE takes the smallest step; a seek counts as a skip unless both seek.
ReturnCode MergeOr(std::optional<ReturnCode> prev, ReturnCode local) {
  using R = ReturnCode;
  if (!prev.has_value()) return local;
  R rc = *prev;
  if (rc == R::kInclude || local == R::kInclude) return R::kInclude;
  if (rc == R::kSeekNextUsingHint && local == R::kSeekNextUsingHint) return R::kSeekNextUsingHint;
  bool any_include = IsInclude(rc) || IsInclude(local);
  bool any_skip = rc == R::kSkip || local == R::kSkip || rc == R::kSeekNextUsingHint ||
                  local == R::kSeekNextUsingHint;
  if (any_skip) return any_include ? R::kInclude : R::kSkip;
  // Both are among INCLUDE_AND_NEXT_COL, INCLUDE_AND_SEEK_NEXT_ROW, NEXT_COL, NEXT_ROW.
  bool any_column = rc == R::kIncludeAndNextColumn || rc == R::kNextColumn ||
                    local == R::kIncludeAndNextColumn || local == R::kNextColumn;
  if (any_column) return any_include ? R::kIncludeAndNextColumn : R::kNextColumn;
  return any_include ? R::kIncludeAndSeekNextRow : R::kNextRow;
}

class FilterList final : public FilterBase {
 public:
  FilterList(FilterListOperator op, std::vector<std::shared_ptr<Filter>> filters)
      : op_(op), filters_(std::move(filters)), subs_(filters_.size()) {}

  void Reset() override {
    for (size_t i = 0; i < filters_.size(); ++i) {
      filters_[i]->Reset();
      subs_[i] = SubState{};
    }
  }
  bool FilterAllRemaining() override;
  bool FilterRowKey(const Cell& first) override;
  ReturnCode FilterCell(const Cell& cell) override {
    if (filters_.empty()) return ReturnCode::kInclude;
    return op_ == FilterListOperator::kMustPassAll ? FilterCellAnd(cell) : FilterCellOr(cell);
  }
  Cell TransformCell(const Cell& cell) override {
    Cell out = cell;
    for (size_t i = 0; i < filters_.size(); ++i) {
      if (subs_[i].included) out = filters_[i]->TransformCell(out);
    }
    return out;
  }
  void FilterRowCells(std::vector<Cell>& cells) override {
    for (auto& f : filters_) f->FilterRowCells(cells);
  }
  bool HasFilterRow() const override {
    for (const auto& f : filters_) {
      if (f->HasFilterRow()) return true;
    }
    return false;
  }
  bool FilterRow() override;
  std::optional<SeekHint> GetNextCellHint(const Cell& cell) override;
  bool IsFamilyEssential(std::string_view family) const override {
    if (filters_.empty()) return true;
    for (const auto& f : filters_) {
      if (f->IsFamilyEssential(family)) return true;
    }
    return false;
  }
  void SetReversed(bool reversed) override {
    FilterBase::SetReversed(reversed);
    for (auto& f : filters_) f->SetReversed(reversed);
  }
  std::string ToString() const override;

 private:
  // Per sub-filter, for the current cell and (OR) the previous one of this row.
  struct SubState {
    bool included = false;              // answered an INCLUDE* for the current cell
    bool seek_hint = false;             // AND: answered kSeekNextUsingHint for the current cell
    std::optional<ReturnCode> prev_rc;  // OR: the previous answer in this row
    std::optional<Cell> prev_cell;      // OR: the cell it answered (without its value), unless
                                        // the answer was INCLUDE or SKIP
  };

  ReturnCode FilterCellAnd(const Cell& cell);
  ReturnCode FilterCellOr(const Cell& cell);
  std::optional<ReturnCode> AnswerFromPrevious(size_t i, const Cell& cell);

  FilterListOperator op_;
  std::vector<std::shared_ptr<Filter>> filters_;
  std::vector<SubState> subs_;
};

bool FilterList::FilterAllRemaining() {
  if (filters_.empty()) return false;
  bool all = op_ == FilterListOperator::kMustPassOne;
  for (auto& f : filters_) {
    if (f->FilterAllRemaining() != all) return !all;
  }
  return all;
}

bool FilterList::FilterRowKey(const Cell& first) {
  if (filters_.empty()) return false;
  // Every sub-filter sees the row key, even after the answer is known: some (PrefixFilter)
  // update their row state there.
  bool and_list = op_ == FilterListOperator::kMustPassAll;
  bool skip = !and_list;
  for (auto& f : filters_) {
    if (and_list) {
      if (f->FilterAllRemaining() || f->FilterRowKey(first)) skip = true;
    } else if (!f->FilterAllRemaining() && !f->FilterRowKey(first)) {
      skip = false;
    }
  }
  return skip;
}

ReturnCode FilterList::FilterCellAnd(const Cell& cell) {
  ReturnCode rc = ReturnCode::kInclude;
  for (auto& s : subs_) s = SubState{false, false, s.prev_rc, s.prev_cell};
  bool any_hint = false;
  for (size_t i = 0; i < filters_.size(); ++i) {
    if (filters_[i]->FilterAllRemaining()) return ReturnCode::kNextRow;
    ReturnCode local = filters_[i]->FilterCell(cell);
    subs_[i].included = IsInclude(local);
    subs_[i].seek_hint = local == ReturnCode::kSeekNextUsingHint;
    any_hint = any_hint || subs_[i].seek_hint;
    rc = MergeAnd(rc, local);
    // Later sub-filters must not count a cell the list already rejects (HBASE-20565).
    if (!IsInclude(rc)) return rc;
  }
  return any_hint ? ReturnCode::kSeekNextUsingHint : rc;
}

std::optional<ReturnCode> FilterList::AnswerFromPrevious(size_t i, const Cell& cell) {
  const SubState& s = subs_[i];
  if (!s.prev_rc.has_value() || !s.prev_cell.has_value()) return std::nullopt;
  const Cell& prev = *s.prev_cell;
  switch (*s.prev_rc) {
    case ReturnCode::kSeekNextUsingHint: {
      auto hint = filters_[i]->GetNextCellHint(prev);
      if (hint.has_value() && filter::CompareCellToHint(cell, *hint, reversed()) < 0) {
        return ReturnCode::kSeekNextUsingHint;
      }
      return std::nullopt;
    }
    case ReturnCode::kNextColumn:
    case ReturnCode::kIncludeAndNextColumn:
      if (prev.family == cell.family && prev.qualifier == cell.qualifier) {
        return ReturnCode::kNextColumn;
      }
      return std::nullopt;
    case ReturnCode::kNextRow:
    case ReturnCode::kIncludeAndSeekNextRow:
      if (prev.family == cell.family) return ReturnCode::kNextRow;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

ReturnCode FilterList::FilterCellOr(const Cell& cell) {
  std::optional<ReturnCode> rc;
  for (size_t i = 0; i < filters_.size(); ++i) {
    subs_[i].included = false;
    if (filters_[i]->FilterAllRemaining()) continue;
    // A sub-filter that already asked to skip past this cell is not asked again: HBase passes
    // it only cells its previous answer did not cover (HBASE-17678).
    std::optional<ReturnCode> local = AnswerFromPrevious(i, cell);
    if (!local.has_value()) local = filters_[i]->FilterCell(cell);
    subs_[i].prev_rc = local;
    bool keep_cell = *local != ReturnCode::kInclude && *local != ReturnCode::kSkip;
    // The value is left out: only the cell's position matters later, and values can be large.
    subs_[i].prev_cell = keep_cell ? std::optional<Cell>(Cell{cell.row, cell.family, cell.qualifier,
                                                              cell.timestamp, cell.type, ""})
                                   : std::nullopt;
    subs_[i].included = IsInclude(*local);
    rc = MergeOr(rc, *local);
  }
  return rc.value_or(ReturnCode::kSkip);
}

bool FilterList::FilterRow() {
  if (filters_.empty()) return false;
  bool and_list = op_ == FilterListOperator::kMustPassAll;
  for (auto& f : filters_) {
    bool drop = f->FilterRow();
    if (and_list && drop) return true;
    if (!and_list && !drop) return false;
  }
  return !and_list;
}

std::optional<Filter::SeekHint> FilterList::GetNextCellHint(const Cell& cell) {
  if (filters_.empty()) return std::nullopt;
  bool and_list = op_ == FilterListOperator::kMustPassAll;
  std::optional<SeekHint> best;
  for (size_t i = 0; i < filters_.size(); ++i) {
    if (and_list && !subs_[i].seek_hint) continue;
    if (filters_[i]->FilterAllRemaining()) continue;
    auto hint = filters_[i]->GetNextCellHint(cell);
    if (!hint.has_value()) {
      if (and_list) continue;
      return std::nullopt;  // OR: one sub-filter without a hint may want the very next cell
    }
    int cmp = best.has_value() ? filter::CompareHints(*hint, *best, reversed()) : 0;
    // AND seeks as far as the farthest hint, OR only as far as the nearest.
    if (!best.has_value() || (and_list ? cmp > 0 : cmp < 0)) best = std::move(hint);
  }
  return best;
}

std::string FilterList::ToString() const {
  const char* op = op_ == FilterListOperator::kMustPassAll ? " AND " : " OR ";
  if (filters_.empty())
    return op_ == FilterListOperator::kMustPassAll ? "FilterList AND ()" : "FilterList OR ()";
  std::string s = "(";
  for (size_t i = 0; i < filters_.size(); ++i) {
    if (i > 0) s += op;
    s += filters_[i]->ToString();
  }
  return s + ")";
}

}  // namespace

std::shared_ptr<Filter> MakeFilterList(FilterListOperator op,
                                       std::vector<std::shared_ptr<Filter>> filters) {
  return std::make_shared<FilterList>(op, std::move(filters));
}

}  // namespace cellar
