#pragma once

// FilterBase: the common base of every filter this module creates, and small helpers they share.
// Internal to src/filter. Filters are not thread-safe (see cellar/filter.h).

#include <string>
#include <string_view>

#include "cellar/cell.h"
#include "cellar/filter.h"
#include "cellar/filters.h"
#include "cellar/mutation.h"

namespace cellar::filter {

using ReturnCode = Filter::ReturnCode;
using SeekHint = Filter::SeekHint;

class FilterBase : public Filter {
 public:
  // HBase's Filter.setReversed: rows arrive in descending order. Lists and decorators pass it on.
  void SetReversed(bool reversed) override { reversed_ = reversed; }
  bool reversed() const { return reversed_; }

 private:
  bool reversed_ = false;
};

// HBase's CompareFilter.compare: true when a cell whose bytes compared as "compare_result"
// (comparator value versus cell bytes) must be filtered OUT under "op". kNoOp filters out
// everything, as in HBase.
bool CompareFiltersOut(CompareOperator op, int compare_result);

// "=", "<", ... as the filter language writes "op"; "NO_OP" for kNoOp.
std::string_view CompareOperatorSymbol(CompareOperator op);

// {row, family + '\0', ""}: the first cell of the family after "cell"'s in the same row.
SeekHint NextFamilyHint(const Cell& cell);

// Orders a cell against a hint position (row, family, qualifier), as HBase's CellComparator
// orders a cell against createFirstOnRowCol: negative when "cell" sorts before the hint. When
// "reversed", rows compare in descending order.
int CompareCellToHint(const Cell& cell, const SeekHint& hint, bool reversed = false);

// Orders two hints; when "reversed", rows compare in descending order.
int CompareHints(const SeekHint& a, const SeekHint& b, bool reversed);

// "bytes" in single quotes with each quote doubled: a filter-language string literal.
std::string QuoteArgument(std::string_view bytes);

// "comparator" as a filter-language argument: quoted 'type:value' where the language has a form
// for it, otherwise its description (NullComparator, BitComparator).
std::string ComparatorArgument(const Comparator& comparator);

}  // namespace cellar::filter
