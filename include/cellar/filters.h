#pragma once

// The filters and comparators of HBase's client API, and the parser of HBase's filter language.
//
// Every factory returns a new, independent filter: filters keep per-scan state and are not
// thread-safe, so use one filter object per read (see cellar/filter.h for the order in which the
// store calls them). A filter object belongs to at most one parent (FilterList, SkipFilter,
// WhileMatchFilter). Comparators are immutable and thread-safe; one comparator may be shared by
// any number of filters.
//
// Semantics follow HBase's Java implementation (org.apache.hadoop.hbase.filter). In particular:
//  - Comparison filters keep a cell when `cell OP comparator-value` holds: a RowFilter with
//    kLess and BinaryComparator("m") keeps rows sorting before "m". (CheckAndMutate reads the
//    operator the other way round; see cellar/mutation.h.) kNoOp keeps nothing.
//  - Where HBase answers NEXT_ROW for a decision that only covers the current family
//    (FamilyFilter, ColumnPrefixFilter, MultipleColumnPrefixFilter, ColumnRangeFilter), these
//    filters answer kSeekNextUsingHint with the hint {row, family + '\0', ""}: "the next family
//    of this row", because kNextRow skips every family of the row.
//  - Filters that know where the next interesting cell is answer kSeekNextUsingHint instead of
//    skipping cell by cell: PrefixFilter, ColumnPrefixFilter, MultipleColumnPrefixFilter,
//    ColumnRangeFilter, ColumnPaginationFilter with a column offset, FuzzyRowFilter.
//
// The filter language (HBase's ParseFilter) is described in docs/filter-language.md.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cellar/filter.h"
#include "cellar/mutation.h"
#include "cellar/status.h"

namespace cellar {

// ---------------------------------------------------------------------------------------------
// Comparators (HBase's ByteArrayComparable)

// Compares a cell's bytes (row, family, qualifier or value) with a value of its own. Immutable;
// thread-safe.
class Comparator {
 public:
  virtual ~Comparator() = default;
  // HBase's compareTo: negative, zero or positive as this comparator's value sorts before, equal
  // to or after "bytes". Comparators that only test a property (regex, substring, null, bit)
  // answer 0 for "matches" and 1 for "does not match".
  virtual int CompareTo(std::string_view bytes) const = 0;
  // In the filter language where it has a form there, e.g. "binary:abc" (unquoted); otherwise a
  // description such as "NullComparator".
  virtual std::string ToString() const = 0;
  // Whether the filter language only allows kEqual and kNotEqual with it (regexstring,
  // substring), as HBase's CompareFilter does.
  virtual bool OnlyEqualityOperators() const { return false; }
};

// Unsigned lexicographic comparison of the whole byte string.
std::shared_ptr<const Comparator> MakeBinaryComparator(std::string value);
// Compares "value" with the first value.size() bytes of the cell's bytes (or all of them when
// shorter), so a prefix compares equal.
std::shared_ptr<const Comparator> MakeBinaryPrefixComparator(std::string value);
// Matches when "pattern" is found anywhere in the bytes (Java's Matcher.find), with '.' matching
// newlines too (Java's DOTALL, HBase's default). The syntax is RE2's (close to Java's; no
// back-references or look-around). InvalidArgument if the pattern does not compile.
Result<std::shared_ptr<const Comparator>> MakeRegexStringComparator(std::string_view pattern);
// Matches when "substring" occurs in the bytes, ignoring ASCII case (HBase lower-cases both).
std::shared_ptr<const Comparator> MakeSubstringComparator(std::string_view substring);
// HBase's NullComparator: "equal" only to a null value. A stored cell always has a value (maybe
// empty), so every cell compares unequal, as in HBase.
std::shared_ptr<const Comparator> MakeNullComparator();
// HBase's BitComparator: matches when the bytes have the same length as "mask" and
// `mask OP bytes` has at least one bit set.
enum class BitwiseOp { kAnd, kOr, kXor };
std::shared_ptr<const Comparator> MakeBitComparator(std::string mask, BitwiseOp op);

// ---------------------------------------------------------------------------------------------
// Comparison filters (HBase's CompareFilter subclasses)

// Keeps rows whose key satisfies `row OP comparator`.
std::shared_ptr<Filter> MakeRowFilter(CompareOperator op,
                                      std::shared_ptr<const Comparator> comparator);
// Keeps cells whose family satisfies `family OP comparator`.
std::shared_ptr<Filter> MakeFamilyFilter(CompareOperator op,
                                         std::shared_ptr<const Comparator> comparator);
// Keeps cells whose qualifier satisfies `qualifier OP comparator`.
std::shared_ptr<Filter> MakeQualifierFilter(CompareOperator op,
                                            std::shared_ptr<const Comparator> comparator);
// Keeps cells whose value satisfies `value OP comparator`.
std::shared_ptr<Filter> MakeValueFilter(CompareOperator op,
                                        std::shared_ptr<const Comparator> comparator);
// Keeps only cells whose timestamp equals that of a version of "family:qualifier" in the same
// row (that passes `value OP comparator` when a comparator is given). "drop_dependent_column"
// leaves the reference column itself out. A row-level filter (HasFilterRow).
std::shared_ptr<Filter> MakeDependentColumnFilter(
    std::string family, std::string qualifier, bool drop_dependent_column = false,
    CompareOperator op = CompareOperator::kNoOp,
    std::shared_ptr<const Comparator> comparator = nullptr);
// Returns only the versions of "family:qualifier" whose value satisfies `value OP comparator`
// (HBase 2.1's ColumnValueFilter).
std::shared_ptr<Filter> MakeColumnValueFilter(std::string family, std::string qualifier,
                                              CompareOperator op,
                                              std::shared_ptr<const Comparator> comparator);

struct SingleColumnValueOptions {
  // Drop rows that do not have the column at all. Default: false (such rows are returned), as in
  // HBase.
  bool filter_if_missing = false;
  // Test only the newest version of the column. Default: true, as in HBase.
  bool latest_version_only = true;
};
// Keeps whole rows whose "family:qualifier" value satisfies `value OP comparator`. The column
// must be among the scanned columns, or every row counts as missing it.
std::shared_ptr<Filter> MakeSingleColumnValueFilter(std::string family, std::string qualifier,
                                                    CompareOperator op,
                                                    std::shared_ptr<const Comparator> comparator,
                                                    SingleColumnValueOptions options = {});
// As MakeSingleColumnValueFilter, but the tested column is left out of the returned rows.
std::shared_ptr<Filter> MakeSingleColumnValueExcludeFilter(
    std::string family, std::string qualifier, CompareOperator op,
    std::shared_ptr<const Comparator> comparator, SingleColumnValueOptions options = {});

// ---------------------------------------------------------------------------------------------
// Row and column filters

// Rows whose key starts with "prefix"; ends the scan once past them.
std::shared_ptr<Filter> MakePrefixFilter(std::string prefix);
// At most "page_size" rows, then ends the scan. InvalidArgument if page_size < 0.
Result<std::shared_ptr<Filter>> MakePageFilter(int64_t page_size);
// Values come back empty, or, with "len_as_value", as the value's length in 4 big-endian bytes.
std::shared_ptr<Filter> MakeKeyOnlyFilter(bool len_as_value = false);
// Only the first cell of each row.
std::shared_ptr<Filter> MakeFirstKeyOnlyFilter();
// Rows up to and including "stop_row"; ends the scan after it.
std::shared_ptr<Filter> MakeInclusiveStopFilter(std::string stop_row);
// Only versions whose timestamp is one of "timestamps". InvalidArgument for a negative one.
Result<std::shared_ptr<Filter>> MakeTimestampsFilter(std::vector<int64_t> timestamps);
// The first "limit" columns of a row; once a row has more, ends the whole scan (HBase's
// behaviour: the filter is meant for a Get). InvalidArgument if limit < 0.
Result<std::shared_ptr<Filter>> MakeColumnCountGetFilter(int32_t limit);
// Per row, skips "offset" columns and returns the next "limit" (newest version of each).
// InvalidArgument if either is negative.
Result<std::shared_ptr<Filter>> MakeColumnPaginationFilter(int32_t limit, int32_t offset);
// Per row, returns "limit" columns starting at the first qualifier >= "column_offset".
// InvalidArgument if limit < 0.
Result<std::shared_ptr<Filter>> MakeColumnPaginationFilter(int32_t limit,
                                                           std::string column_offset);
// Columns (in any family) whose qualifier starts with "prefix".
std::shared_ptr<Filter> MakeColumnPrefixFilter(std::string prefix);
// Columns whose qualifier starts with any of "prefixes". InvalidArgument for a duplicate.
Result<std::shared_ptr<Filter>> MakeMultipleColumnPrefixFilter(std::vector<std::string> prefixes);
// Columns whose qualifier lies between "min" and "max"; nullopt leaves that side open.
std::shared_ptr<Filter> MakeColumnRangeFilter(std::optional<std::string> min, bool min_inclusive,
                                              std::optional<std::string> max, bool max_inclusive);
// Each row with probability "chance" (< 0: none, > 1: all). "seed" makes the choice repeatable;
// nullopt seeds from the system's random device.
std::shared_ptr<Filter> MakeRandomRowFilter(float chance,
                                            std::optional<uint64_t> seed = std::nullopt);
// Rows matching any of the (key, mask) pairs: mask byte 0 means "this byte must equal the key's",
// 1 means "any byte". A row shorter than a key is compared on its length, as in HBase.
// InvalidArgument if a key and its mask differ in length or a mask byte is not 0 or 1.
Result<std::shared_ptr<Filter>> MakeFuzzyRowFilter(
    std::vector<std::pair<std::string, std::string>> fuzzy_keys);

// ---------------------------------------------------------------------------------------------
// Decorators and lists

// Drops a whole row as soon as "filter" does not answer kInclude for one of its cells.
std::shared_ptr<Filter> MakeSkipFilter(std::shared_ptr<Filter> filter);
// Ends the whole scan as soon as "filter" rejects a row key, a cell (anything but kInclude) or
// a row.
std::shared_ptr<Filter> MakeWhileMatchFilter(std::shared_ptr<Filter> filter);

enum class FilterListOperator {
  kMustPassAll,  // AND: a cell passes only if every filter passes it
  kMustPassOne,  // OR: a cell passes if any filter passes it
};
// "filters" combined with "op", merging return codes as HBase's FilterListWithAND and
// FilterListWithOR do. Lists nest. An empty list passes everything.
std::shared_ptr<Filter> MakeFilterList(FilterListOperator op,
                                       std::vector<std::shared_ptr<Filter>> filters);

// ---------------------------------------------------------------------------------------------
// The filter language

// Parses an HBase filter string, e.g.
//   PrefixFilter ('row') AND (QualifierFilter (>=, 'binary:col-2') OR KeyOnlyFilter ())
// InvalidArgument for a malformed string; the message names the byte position (counted from 0),
// what was expected there, and repeats the string with a caret under that position.
Result<std::shared_ptr<Filter>> ParseFilterString(std::string_view filter_string);

// The filter names the language accepts, sorted (HBase's ParseFilter registry).
std::vector<std::string> RegisteredFilterNames();

}  // namespace cellar
