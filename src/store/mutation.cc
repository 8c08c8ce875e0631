// Implementations of the builders in cellar/mutation.h and cellar/query.h.

#include "cellar/mutation.h"
#include "cellar/query.h"

namespace cellar {

Put& Put::AddColumn(std::string family, std::string qualifier, std::string value) {
  return AddColumn(std::move(family), std::move(qualifier), timestamp_, std::move(value));
}

Put& Put::AddColumn(std::string family, std::string qualifier, int64_t timestamp,
                    std::string value) {
  cells_.push_back(Cell{row_, std::move(family), std::move(qualifier), timestamp, CellType::kPut,
                        std::move(value)});
  return *this;
}

Delete& Delete::AddColumn(std::string family, std::string qualifier, int64_t timestamp) {
  markers_.push_back(
      Cell{row_, std::move(family), std::move(qualifier), timestamp, CellType::kDelete, {}});
  return *this;
}

Delete& Delete::AddColumns(std::string family, std::string qualifier, int64_t timestamp) {
  if (timestamp == kLatestTimestamp) timestamp = timestamp_;
  markers_.push_back(
      Cell{row_, std::move(family), std::move(qualifier), timestamp, CellType::kDeleteColumn, {}});
  return *this;
}

Delete& Delete::AddFamily(std::string family, int64_t timestamp) {
  if (timestamp == kLatestTimestamp) timestamp = timestamp_;
  markers_.push_back(Cell{row_, std::move(family), {}, timestamp, CellType::kDeleteFamily, {}});
  return *this;
}

Delete& Delete::AddFamilyVersion(std::string family, int64_t timestamp) {
  markers_.push_back(
      Cell{row_, std::move(family), {}, timestamp, CellType::kDeleteFamilyVersion, {}});
  return *this;
}

Increment& Increment::AddColumn(std::string family, std::string qualifier, int64_t amount) {
  columns_.push_back(Column{std::move(family), std::move(qualifier), amount});
  return *this;
}

Append& Append::AddColumn(std::string family, std::string qualifier, std::string value) {
  cells_.push_back(Cell{row_, std::move(family), std::move(qualifier), kLatestTimestamp,
                        CellType::kPut, std::move(value)});
  return *this;
}

void ColumnSelection::AddFamily(std::string family) { families_[std::move(family)].clear(); }

void ColumnSelection::AddColumn(std::string family, std::string qualifier) {
  auto [it, inserted] = families_.try_emplace(std::move(family));
  if (!inserted && it->second.empty()) return;  // the whole family is already selected
  it->second.insert(std::move(qualifier));
}

bool ColumnSelection::WantsFamily(std::string_view family) const {
  return families_.empty() || families_.find(family) != families_.end();
}

bool ColumnSelection::WantsColumn(std::string_view family, std::string_view qualifier) const {
  if (families_.empty()) return true;
  auto it = families_.find(family);
  if (it == families_.end()) return false;
  return it->second.empty() || it->second.count(std::string(qualifier)) > 0;
}

Scan& Scan::SetRowPrefix(std::string prefix) {
  row_prefix_ = std::move(prefix);
  start_row_.clear();
  stop_row_.clear();
  return *this;
}

const Cell* RowResult::LatestCell(std::string_view family, std::string_view qualifier) const {
  for (const Cell& c : cells_) {
    if (c.family == family && c.qualifier == qualifier && c.type == CellType::kPut) return &c;
  }
  return nullptr;
}

std::optional<std::string_view> RowResult::Value(std::string_view family,
                                                 std::string_view qualifier) const {
  const Cell* c = LatestCell(family, qualifier);
  if (c == nullptr) return std::nullopt;
  return std::string_view(c->value);
}

RowResult RowView::ToRowResult() const {
  std::vector<Cell> cells;
  cells.reserve(cells_.size());
  for (const CellView& c : cells_) cells.push_back(c.ToCell());
  return RowResult(std::string(row_), std::move(cells), partial_);
}

void RowView::Assign(std::string_view row, std::span<const CellView> cells, bool partial) {
  row_ = row;
  cells_ = cells;
  partial_ = partial;
}

void RowView::Own(RowResult row) {
  owned_ = std::move(row);
  owned_views_.clear();
  for (const Cell& c : owned_.cells()) owned_views_.push_back(CellView::Of(c));
  Assign(owned_.row(), owned_views_, owned_.partial());
}

}  // namespace cellar
