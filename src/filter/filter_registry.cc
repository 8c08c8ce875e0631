// The filters the language knows, each built from its arguments as HBase's
// createFilterFromArguments does (same names, argument order and counts).

#include <map>

#include "filter/filter_arguments.h"

namespace cellar::filter {
namespace {

using FilterPtr = std::shared_ptr<Filter>;

FilterPtr KeyOnly(ArgumentList& a) {
  if (!a.CountIs({0, 1}, "() or (lenAsVal)")) return nullptr;
  if (a.size() == 0) return MakeKeyOnlyFilter();
  auto len_as_value = a.Bool(0, "lenAsVal");
  return len_as_value ? MakeKeyOnlyFilter(*len_as_value) : nullptr;
}

FilterPtr FirstKeyOnly(ArgumentList& a) {
  return a.CountIs({0}, "no arguments: ()") ? MakeFirstKeyOnlyFilter() : nullptr;
}

// Filters taking one quoted string.
template <FilterPtr (*kMake)(std::string)>
FilterPtr OneString(ArgumentList& a, std::string_view what, std::string_view usage) {
  if (!a.CountIs({1}, usage)) return nullptr;
  auto s = a.Quoted(0, what);
  return s ? kMake(std::move(*s)) : nullptr;
}

FilterPtr Prefix(ArgumentList& a) {
  return OneString<MakePrefixFilter>(a, "the row prefix", "1 argument: ('prefix')");
}
FilterPtr ColumnPrefix(ArgumentList& a) {
  return OneString<MakeColumnPrefixFilter>(a, "the qualifier prefix", "1 argument: ('prefix')");
}
FilterPtr InclusiveStop(ArgumentList& a) {
  return OneString<MakeInclusiveStopFilter>(a, "the stop row", "1 argument: ('stoprow')");
}

FilterPtr MultipleColumnPrefix(ArgumentList& a) {
  std::vector<std::string> prefixes;
  for (size_t i = 0; i < a.size(); ++i) {
    auto p = a.Quoted(i, "a qualifier prefix");
    if (!p) return nullptr;
    prefixes.push_back(std::move(*p));
  }
  return a.Take(MakeMultipleColumnPrefixFilter(std::move(prefixes)), 0);
}

FilterPtr ColumnCountGet(ArgumentList& a) {
  if (!a.CountIs({1}, "1 argument: (limit)")) return nullptr;
  auto limit = a.Int(0, "limit");
  return limit ? a.Take(MakeColumnCountGetFilter(*limit), 0) : nullptr;
}

FilterPtr Page(ArgumentList& a) {
  if (!a.CountIs({1}, "1 argument: (pageSize)")) return nullptr;
  auto size = a.Long(0, "pageSize");
  return size ? a.Take(MakePageFilter(*size), 0) : nullptr;
}

FilterPtr ColumnPagination(ArgumentList& a) {
  if (!a.CountIs({2}, "2 arguments: (limit, offset)")) return nullptr;
  auto limit = a.Int(0, "limit");
  if (!limit) return nullptr;
  if (a.IsQuoted(1)) {  // extension: a quoted column offset, ColumnPaginationFilter(int, byte[])
    return a.Take(MakeColumnPaginationFilter(*limit, *a.Quoted(1, "columnOffset")), 0);
  }
  auto offset = a.Int(1, "offset");
  return offset ? a.Take(MakeColumnPaginationFilter(*limit, *offset), 0) : nullptr;
}

FilterPtr Timestamps(ArgumentList& a) {
  std::vector<int64_t> timestamps;
  for (size_t i = 0; i < a.size(); ++i) {
    auto ts = a.Long(i, "a timestamp");
    if (!ts) return nullptr;
    if (*ts < 0) {
      a.Fail(i, "timestamps must be >= 0");
      return nullptr;
    }
    timestamps.push_back(*ts);
  }
  return a.Take(MakeTimestampsFilter(std::move(timestamps)), 0);
}

// RowFilter, FamilyFilter, QualifierFilter, ValueFilter: (op, 'comparator').
template <FilterPtr (*kMake)(CompareOperator, std::shared_ptr<const Comparator>)>
FilterPtr Comparison(ArgumentList& a) {
  if (!a.CountIs({2}, "2 arguments: (op, 'type:value')")) return nullptr;
  auto op = a.Operator(0);
  if (!op) return nullptr;
  auto comparator = a.ComparatorArg(1, *op);
  return comparator ? kMake(*op, std::move(comparator)) : nullptr;
}

FilterPtr ColumnRange(ArgumentList& a) {
  if (!a.CountIs({4}, "4 arguments: ('min', minInclusive, 'max', maxInclusive)")) return nullptr;
  auto min = a.Quoted(0, "the minimum column");
  auto min_inclusive = min ? a.Bool(1, "minInclusive") : std::nullopt;
  auto max = min_inclusive ? a.Quoted(2, "the maximum column") : std::nullopt;
  auto max_inclusive = max ? a.Bool(3, "maxInclusive") : std::nullopt;
  if (!max_inclusive) return nullptr;
  // An empty bound is an open one, as in HBase.
  auto bound = [](std::string s) { return s.empty() ? std::nullopt : std::optional(s); };
  return MakeColumnRangeFilter(bound(*min), *min_inclusive, bound(*max), *max_inclusive);
}

// SingleColumnValueFilter and its Exclude variant: ('f', 'q', op, 'cmp' [, ifMissing, latest]).
template <bool kExclude>
FilterPtr SingleColumnValue(ArgumentList& a) {
  if (!a.CountIs({4, 6},
                 "4 or 6 arguments: ('family', 'qualifier', op, 'type:value' [, "
                 "filterIfMissing, latestVersionOnly])")) {
    return nullptr;
  }
  auto family = a.Quoted(0, "the family");
  auto qualifier = family ? a.Quoted(1, "the qualifier") : std::nullopt;
  auto op = qualifier ? a.Operator(2) : std::nullopt;
  auto comparator = op ? a.ComparatorArg(3, *op) : nullptr;
  if (!comparator) return nullptr;
  SingleColumnValueOptions options;
  if (a.size() == 6) {
    auto if_missing = a.Bool(4, "filterIfMissing");
    auto latest = if_missing ? a.Bool(5, "latestVersionOnly") : std::nullopt;
    if (!latest) return nullptr;
    options = {*if_missing, *latest};
  }
  auto make = kExclude ? MakeSingleColumnValueExcludeFilter : MakeSingleColumnValueFilter;
  return make(std::move(*family), std::move(*qualifier), *op, std::move(comparator), options);
}

FilterPtr DependentColumn(ArgumentList& a) {
  if (!a.CountIs({2, 3, 5},
                 "2, 3 or 5 arguments: ('family', 'qualifier' [, "
                 "dropDependentColumn [, op, 'type:value']])")) {
    return nullptr;
  }
  auto family = a.Quoted(0, "the family");
  auto qualifier = family ? a.Quoted(1, "the qualifier") : std::nullopt;
  if (!qualifier) return nullptr;
  if (a.size() == 2) return MakeDependentColumnFilter(std::move(*family), std::move(*qualifier));
  auto drop = a.Bool(2, "dropDependentColumn");
  if (!drop) return nullptr;
  if (a.size() == 3) {
    return MakeDependentColumnFilter(std::move(*family), std::move(*qualifier), *drop);
  }
  auto op = a.Operator(3);
  auto comparator = op ? a.ComparatorArg(4, std::nullopt) : nullptr;
  if (!comparator) return nullptr;
  return MakeDependentColumnFilter(std::move(*family), std::move(*qualifier), *drop, *op,
                                   std::move(comparator));
}

FilterPtr ColumnValue(ArgumentList& a) {
  if (!a.CountIs({4}, "4 arguments: ('family', 'qualifier', op, 'type:value')")) return nullptr;
  auto family = a.Quoted(0, "the family");
  auto qualifier = family ? a.Quoted(1, "the qualifier") : std::nullopt;
  auto op = qualifier ? a.Operator(2) : std::nullopt;
  auto comparator = op ? a.ComparatorArg(3, *op) : nullptr;
  if (!comparator) return nullptr;
  return MakeColumnValueFilter(std::move(*family), std::move(*qualifier), *op,
                               std::move(comparator));
}

const std::map<std::string, FilterBuilder, std::less<>>& Registry() {
  static const auto* registry = new std::map<std::string, FilterBuilder, std::less<>>{
      {"KeyOnlyFilter", KeyOnly},
      {"FirstKeyOnlyFilter", FirstKeyOnly},
      {"PrefixFilter", Prefix},
      {"ColumnPrefixFilter", ColumnPrefix},
      {"MultipleColumnPrefixFilter", MultipleColumnPrefix},
      {"ColumnCountGetFilter", ColumnCountGet},
      {"PageFilter", Page},
      {"ColumnPaginationFilter", ColumnPagination},
      {"InclusiveStopFilter", InclusiveStop},
      {"TimestampsFilter", Timestamps},
      {"RowFilter", Comparison<MakeRowFilter>},
      {"FamilyFilter", Comparison<MakeFamilyFilter>},
      {"QualifierFilter", Comparison<MakeQualifierFilter>},
      {"ValueFilter", Comparison<MakeValueFilter>},
      {"ColumnRangeFilter", ColumnRange},
      {"SingleColumnValueFilter", SingleColumnValue<false>},
      {"SingleColumnValueExcludeFilter", SingleColumnValue<true>},
      {"DependentColumnFilter", DependentColumn},
      {"ColumnValueFilter", ColumnValue},
  };
  return *registry;
}

}  // namespace

FilterBuilder FindFilterBuilder(std::string_view name) {
  auto it = Registry().find(name);
  return it == Registry().end() ? nullptr : it->second;
}

}  // namespace cellar::filter

namespace cellar {

std::vector<std::string> RegisteredFilterNames() {
  std::vector<std::string> names;
  for (const auto& entry : filter::Registry()) names.push_back(entry.first);
  return names;
}

}  // namespace cellar
