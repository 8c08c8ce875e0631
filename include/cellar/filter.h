#pragma once

// Filter: HBase's FilterBase, the interface for narrowing reads inside the store's scan loop.
//
// The store calls a filter, per row, in this order (HBase's contract):
//   Reset() at the start of each row (after the first row);
//   FilterAllRemaining(): true ends the whole scan;
//   FilterRowKey(first cell): true skips the row;
//   FilterCell(cell) for each cell that passed column, time-range and delete checks, in cell order,
//     then TransformCell(cell) for each included cell; max versions are counted after FilterCell;
//   FilterRowCells(cells) on the row's included cells (only if HasFilterRow());
//   FilterRow(): true drops the row (only if HasFilterRow()).
// A filter with HasFilterRow() true cannot be combined with Scan::SetBatch (InvalidArgument).
//
// A filter instance keeps per-scan state and is not thread-safe: use one instance per read.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/cell.h"
#include "cellar/status.h"

namespace cellar {

class Filter {
 public:
  // What to do with a cell (HBase's Filter.ReturnCode).
  enum class ReturnCode {
    kInclude,                // include the cell
    kIncludeAndNextColumn,   // include it and skip the other versions of its column
    kIncludeAndSeekNextRow,  // include it and skip the rest of the row
    kSkip,                   // skip this cell only
    kNextColumn,             // skip the rest of this column
    kNextRow,                // skip the rest of the row
    kSeekNextUsingHint,      // seek to GetNextCellHint(cell)
  };

  // Where to seek for kSeekNextUsingHint: the first cell at or after (row, family, qualifier).
  // An empty family means the start of "row".
  struct SeekHint {
    std::string row;
    std::string family;
    std::string qualifier;
  };

  virtual ~Filter() = default;

  // HBase's setReversed: rows arrive in descending order. The store calls it before the first
  // row of a scan.
  virtual void SetReversed(bool reversed) {}
  virtual void Reset() {}
  virtual bool FilterAllRemaining() { return false; }
  // "first" is the row's first cell. Returns true to skip the row.
  virtual bool FilterRowKey(const Cell& first) { return false; }
  virtual ReturnCode FilterCell(const Cell& cell) = 0;
  virtual Cell TransformCell(const Cell& cell) { return cell; }
  virtual void FilterRowCells(std::vector<Cell>& cells) {}
  virtual bool HasFilterRow() const { return false; }
  virtual bool FilterRow() { return false; }
  // REQUIRES: FilterCell(cell) returned kSeekNextUsingHint. nullopt = go to the next cell.
  virtual std::optional<SeekHint> GetNextCellHint(const Cell& cell) { return std::nullopt; }
  // Whether the family must be read to evaluate the filter (for on-demand column families).
  virtual bool IsFamilyEssential(std::string_view family) const { return true; }
  // The filter in HBase's filter-language form where it has one, e.g. "PrefixFilter ('row')".
  virtual std::string ToString() const = 0;
};

}  // namespace cellar
