#include "filter/filter_base.h"

namespace cellar::filter {

bool CompareFiltersOut(CompareOperator op, int compare_result) {
  // "compare_result" is comparator-value versus cell-bytes, so a cell is kept under kLess when
  // the comparator's value is greater (compare_result > 0).
  switch (op) {
    case CompareOperator::kLess:
      return compare_result <= 0;
    case CompareOperator::kLessOrEqual:
      return compare_result < 0;
    case CompareOperator::kEqual:
      return compare_result != 0;
    case CompareOperator::kNotEqual:
      return compare_result == 0;
    case CompareOperator::kGreaterOrEqual:
      return compare_result > 0;
    case CompareOperator::kGreater:
      return compare_result >= 0;
    case CompareOperator::kNoOp:
      return true;
  }
  return true;
}

std::string_view CompareOperatorSymbol(CompareOperator op) {
  switch (op) {
    case CompareOperator::kLess:
      return "<";
    case CompareOperator::kLessOrEqual:
      return "<=";
    case CompareOperator::kEqual:
      return "=";
    case CompareOperator::kNotEqual:
      return "!=";
    case CompareOperator::kGreaterOrEqual:
      return ">=";
    case CompareOperator::kGreater:
      return ">";
    case CompareOperator::kNoOp:
      return "NO_OP";
  }
  return "NO_OP";
}

SeekHint NextFamilyHint(const Cell& cell) {
  std::string next_family = cell.family;
  next_family.push_back('\0');
  return SeekHint{cell.row, std::move(next_family), ""};
}

namespace {
int CompareBytes(std::string_view a, std::string_view b) {
  int c = a.compare(b);  // std::char_traits<char>::compare uses memcmp: unsigned bytes
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}
}  // namespace

int CompareCellToHint(const Cell& cell, const SeekHint& hint, bool reversed) {
  if (int c = CompareBytes(cell.row, hint.row); c != 0) return reversed ? -c : c;
  if (int c = CompareBytes(cell.family, hint.family); c != 0) return c;
  // A hint is the first position of its column: every version of that column is at or after it.
  return CompareBytes(cell.qualifier, hint.qualifier);
}

int CompareHints(const SeekHint& a, const SeekHint& b, bool reversed) {
  if (int c = CompareBytes(a.row, b.row); c != 0) return reversed ? -c : c;
  if (int c = CompareBytes(a.family, b.family); c != 0) return c;
  return CompareBytes(a.qualifier, b.qualifier);
}

std::string QuoteArgument(std::string_view bytes) {
  std::string out = "'";
  for (char ch : bytes) {
    out.push_back(ch);
    if (ch == '\'') out.push_back('\'');
  }
  out.push_back('\'');
  return out;
}

std::string ComparatorArgument(const Comparator& comparator) {
  std::string text = comparator.ToString();
  bool has_language_form =
      text.find(':') != std::string::npos && text.rfind("BitComparator", 0) != 0;
  return has_language_form ? QuoteArgument(text) : text;
}

}  // namespace cellar::filter
