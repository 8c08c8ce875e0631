#pragma once

// Helpers for the filter unit tests: building cells, and a small reference scan loop that calls
// a filter in the order cellar/filter.h documents (the store's real loop is in src/store/).

#include <string>
#include <vector>

#include "cellar/filter.h"
#include "cellar/filters.h"
#include "filter/filter_base.h"

namespace cellar::filter::testing {

inline Cell MakeCell(std::string row, std::string family, std::string qualifier,
                     int64_t timestamp = 1, std::string value = "") {
  return Cell{std::move(row), std::move(family), std::move(qualifier),
              timestamp,      CellType::kPut,    std::move(value)};
}

// Runs "filter" over "cells" (sorted: row, family, qualifier, newest first) and returns the
// cells a scan would return. Honours every ReturnCode, seeks with GetNextCellHint, stops on
// FilterAllRemaining, and calls FilterRow only for rows that still have cells (HBase).
inline std::vector<Cell> RunScan(Filter& filter, const std::vector<Cell>& cells) {
  std::vector<Cell> out;
  size_t i = 0;
  bool first_row = true;
  while (i < cells.size()) {
    const std::string row = cells[i].row;
    size_t row_end = i;
    while (row_end < cells.size() && cells[row_end].row == row) ++row_end;
    if (!first_row) filter.Reset();
    first_row = false;
    if (filter.FilterAllRemaining()) break;
    if (filter.FilterRowKey(cells[i])) {
      i = row_end;
      continue;
    }
    std::vector<Cell> kept;
    size_t j = i;
    std::optional<size_t> next_after_row;  // set when a hint leaves the row
    while (j < row_end) {
      const Cell& c = cells[j];
      ReturnCode rc = filter.FilterCell(c);
      bool include = rc == ReturnCode::kInclude || rc == ReturnCode::kIncludeAndNextColumn ||
                     rc == ReturnCode::kIncludeAndSeekNextRow;
      if (include) kept.push_back(filter.TransformCell(c));
      size_t next = j + 1;
      auto same_column = [&](size_t k) {
        return cells[k].family == c.family && cells[k].qualifier == c.qualifier;
      };
      if (rc == ReturnCode::kIncludeAndNextColumn || rc == ReturnCode::kNextColumn) {
        while (next < row_end && same_column(next)) ++next;
      } else if (rc == ReturnCode::kIncludeAndSeekNextRow || rc == ReturnCode::kNextRow) {
        next = row_end;
      } else if (rc == ReturnCode::kSeekNextUsingHint) {
        auto hint = filter.GetNextCellHint(c);
        if (hint.has_value()) {
          next = j + 1;
          while (next < cells.size() && CompareCellToHint(cells[next], *hint) < 0) ++next;
          if (next >= row_end) next_after_row = next;
        }
      }
      j = std::min(next, row_end);
    }
    if (filter.HasFilterRow()) filter.FilterRowCells(kept);
    bool drop = kept.empty() || (filter.HasFilterRow() && filter.FilterRow());
    if (!drop) out.insert(out.end(), kept.begin(), kept.end());
    i = next_after_row.value_or(row_end);
  }
  return out;
}

// "row/family:qualifier" of each cell, for compact expectations.
inline std::vector<std::string> Keys(const std::vector<Cell>& cells) {
  std::vector<std::string> keys;
  for (const Cell& c : cells) keys.push_back(c.row + "/" + c.family + ":" + c.qualifier);
  return keys;
}

inline std::vector<std::string> Rows(const std::vector<Cell>& cells) {
  std::vector<std::string> rows;
  for (const Cell& c : cells) {
    if (rows.empty() || rows.back() != c.row) rows.push_back(c.row);
  }
  return rows;
}

}  // namespace cellar::filter::testing
