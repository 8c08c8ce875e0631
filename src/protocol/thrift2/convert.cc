// Reads and writes: TGet, TScan, TResult, TPut, TDelete, TIncrement, TAppend, TRowMutations.
// Field by field as HBase's thrift2 ThriftUtilities, with cellar's types on the other side.

#include "protocol/thrift2/convert.h"

#include <utility>

#include "cellar/filter.h"
#include "cellar/filters.h"

namespace cellar::thrift2 {
namespace {

Result<std::shared_ptr<Filter>> ParseFilterField(const std::string& text) {
  Result<std::shared_ptr<Filter>> filter = ParseFilterString(text);
  if (!filter.ok()) return filter.status().WithContext("bad filterString");
  return filter;
}

// The filter-language form of "filter", or InvalidArgument when it has none.
Result<std::string> FilterToString(const Filter& filter) {
  std::string text = filter.ToString();
  if (text.empty()) {
    return Status::InvalidArgument(
        "the filter has no filter-language form and cannot be sent over thrift2");
  }
  return text;
}

void AddColumnsFromThrift(const std::vector<t2::TColumn>& columns, ColumnSelection* out) {
  for (const t2::TColumn& c : columns) {
    if (c.__isset.qualifier) {
      out->AddColumn(c.family, c.qualifier);
    } else {
      out->AddFamily(c.family);
    }
  }
}

std::vector<t2::TColumn> ColumnsToThrift(const ColumnSelection& columns) {
  std::vector<t2::TColumn> out;
  for (const auto& [family, qualifiers] : columns.families()) {
    if (qualifiers.empty()) {
      t2::TColumn c;
      c.__set_family(family);
      out.push_back(std::move(c));
    }
    for (const std::string& q : qualifiers) {
      t2::TColumn c;
      c.__set_family(family);
      c.__set_qualifier(q);
      out.push_back(std::move(c));
    }
  }
  return out;
}

t2::TTimeRange TimeRangeToThrift(const TimeRange& range) {
  t2::TTimeRange out;
  out.__set_minStamp(range.min);
  out.__set_maxStamp(range.max);
  return out;
}

// HBase's Bytes.incrementBytes-style stop row for a prefix: the shortest key above every key
// starting with "prefix" ("" when none, i.e. the prefix is all 0xff).
std::string PrefixStopRow(std::string prefix) {
  while (!prefix.empty()) {
    unsigned char last = static_cast<unsigned char>(prefix.back());
    if (last != 0xff) {
      prefix.back() = static_cast<char>(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

// 'text' quoted for the filter language ('' escapes a quote).
std::string QuoteFilterArgument(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  out += "'";
  return out;
}

}  // namespace

Result<Get> GetFromThrift(const t2::TGet& in) {
  if (in.__isset.filterBytes) {
    return Status::InvalidArgument("TGet.filterBytes (a serialized Java filter) is not supported; "
                                   "use filterString");
  }
  if (in.__isset.storeLimit || in.__isset.storeOffset) {
    return Status::InvalidArgument("TGet.storeLimit and storeOffset are not supported");
  }
  Get out(in.row);
  ColumnSelection columns;
  AddColumnsFromThrift(in.columns, &columns);
  for (const auto& [family, qualifiers] : columns.families()) {
    if (qualifiers.empty()) out.AddFamily(family);
    for (const std::string& q : qualifiers) out.AddColumn(family, q);
  }
  if (in.__isset.timestamp) {
    out.SetTimestamp(in.timestamp);
  } else if (in.__isset.timeRange) {
    out.SetTimeRange({in.timeRange.minStamp, in.timeRange.maxStamp});
  }
  if (in.__isset.maxVersions) out.SetMaxVersions(in.maxVersions);
  if (in.__isset.filterString) {
    CELLAR_ASSIGN_OR_RETURN(std::shared_ptr<Filter> filter, ParseFilterField(in.filterString));
    out.SetFilter(std::move(filter));
  }
  if (in.__isset.cacheBlocks) out.SetCacheBlocks(in.cacheBlocks);
  return out;
}

Result<t2::TGet> GetToThrift(const Get& in) {
  t2::TGet out;
  out.__set_row(in.row());
  if (!in.columns().empty()) out.__set_columns(ColumnsToThrift(in.columns()));
  if (!in.time_range().IsAll()) out.__set_timeRange(TimeRangeToThrift(in.time_range()));
  out.__set_maxVersions(in.max_versions());
  if (in.filter() != nullptr) {
    CELLAR_ASSIGN_OR_RETURN(std::string text, FilterToString(*in.filter()));
    out.__set_filterString(std::move(text));
  }
  if (!in.cache_blocks()) out.__set_cacheBlocks(false);
  return out;
}

Result<Scan> ScanFromThrift(const t2::TScan& in) {
  if (in.__isset.filterBytes) {
    return Status::InvalidArgument("TScan.filterBytes (a serialized Java filter) is not "
                                   "supported; use filterString");
  }
  if (in.__isset.colFamTimeRangeMap && !in.colFamTimeRangeMap.empty()) {
    return Status::InvalidArgument("TScan.colFamTimeRangeMap is not supported; use timeRange");
  }
  Scan out;
  if (in.__isset.startRow) out.SetStartRow(in.startRow);
  if (in.__isset.stopRow) out.SetStopRow(in.stopRow);
  ColumnSelection columns;
  AddColumnsFromThrift(in.columns, &columns);
  for (const auto& [family, qualifiers] : columns.families()) {
    if (qualifiers.empty()) out.AddFamily(family);
    for (const std::string& q : qualifiers) out.AddColumn(family, q);
  }
  if (in.__isset.caching && in.caching > 0) out.SetCaching(in.caching);
  // maxVersions defaults to 1 in the IDL; C++ and Python clients send it even when untouched.
  if (in.__isset.maxVersions) out.SetMaxVersions(in.maxVersions);
  if (in.__isset.timeRange) out.SetTimeRange({in.timeRange.minStamp, in.timeRange.maxStamp});
  if (in.__isset.filterString) {
    CELLAR_ASSIGN_OR_RETURN(std::shared_ptr<Filter> filter, ParseFilterField(in.filterString));
    out.SetFilter(std::move(filter));
  }
  if (in.__isset.batchSize && in.batchSize > 0) out.SetBatch(in.batchSize);
  if (in.__isset.reversed) out.SetReversed(in.reversed);
  if (in.__isset.limit && in.limit > 0) out.SetLimit(in.limit);
  if (in.__isset.cacheBlocks) out.SetCacheBlocks(in.cacheBlocks);
  return out;
}

Result<t2::TScan> ScanToThrift(const Scan& in) {
  if (in.raw()) return Status::InvalidArgument("raw scans cannot be sent over thrift2");
  t2::TScan out;
  std::string filter_text;
  if (in.filter() != nullptr) {
    CELLAR_ASSIGN_OR_RETURN(filter_text, FilterToString(*in.filter()));
  }
  if (!in.row_prefix().empty() && !in.reversed()) {
    out.__set_startRow(in.row_prefix());
    std::string stop = PrefixStopRow(in.row_prefix());
    if (!stop.empty()) out.__set_stopRow(std::move(stop));
  } else if (!in.row_prefix().empty()) {
    std::string prefix_filter = "PrefixFilter (" + QuoteFilterArgument(in.row_prefix()) + ")";
    filter_text = filter_text.empty() ? prefix_filter
                                      : "(" + prefix_filter + ") AND (" + filter_text + ")";
  } else {
    if (!in.start_row().empty()) out.__set_startRow(in.start_row());
    if (!in.stop_row().empty()) out.__set_stopRow(in.stop_row());
  }
  if (!filter_text.empty()) out.__set_filterString(std::move(filter_text));
  if (!in.columns().empty()) out.__set_columns(ColumnsToThrift(in.columns()));
  out.__set_caching(in.caching());
  out.__set_maxVersions(in.max_versions());
  if (!in.time_range().IsAll()) out.__set_timeRange(TimeRangeToThrift(in.time_range()));
  if (in.batch() > 0) out.__set_batchSize(in.batch());
  if (in.reversed()) out.__set_reversed(true);
  if (in.limit() > 0) {
    out.__set_limit(in.limit() > INT32_MAX ? INT32_MAX : static_cast<int32_t>(in.limit()));
  }
  if (!in.cache_blocks()) out.__set_cacheBlocks(false);
  return out;
}

t2::TColumnValue CellToThrift(const Cell& in) {
  t2::TColumnValue out;
  out.__set_family(in.family);
  out.__set_qualifier(in.qualifier);
  out.__set_value(in.value);
  if (in.timestamp != kLatestTimestamp) out.__set_timestamp(in.timestamp);
  out.__set_type(static_cast<int8_t>(in.type));
  return out;
}

Cell CellFromThrift(const std::string& row, const t2::TColumnValue& in) {
  Cell out{row, in.family, in.qualifier, kLatestTimestamp, CellType::kPut, in.value};
  if (in.__isset.timestamp) out.timestamp = in.timestamp;
  if (in.__isset.type) {
    switch (static_cast<uint8_t>(in.type)) {
      case 8: out.type = CellType::kDelete; break;
      case 10: out.type = CellType::kDeleteFamilyVersion; break;
      case 12: out.type = CellType::kDeleteColumn; break;
      case 14: out.type = CellType::kDeleteFamily; break;
      default: out.type = CellType::kPut; break;
    }
  }
  return out;
}

t2::TResult ResultToThrift(const RowResult& in) {
  t2::TResult out;
  out.columnValues.clear();  // required: always on the wire, empty for a miss
  if (in.empty()) return out;
  out.__set_row(in.row());
  out.columnValues.reserve(in.size());
  for (const Cell& c : in.cells()) out.columnValues.push_back(CellToThrift(c));
  if (in.partial()) out.__set_partial(true);
  return out;
}

RowResult ResultFromThrift(const t2::TResult& in) {
  if (!in.__isset.row || in.columnValues.empty()) return RowResult();
  std::vector<Cell> cells;
  cells.reserve(in.columnValues.size());
  for (const t2::TColumnValue& cv : in.columnValues) cells.push_back(CellFromThrift(in.row, cv));
  return RowResult(in.row, std::move(cells), in.__isset.partial && in.partial);
}

Result<Put> PutFromThrift(const t2::TPut& in) {
  if (in.columnValues.empty()) {
    return Status::InvalidArgument("TPut for row has no columnValues (HBase: no columns to insert)");
  }
  Put out(in.row, in.__isset.timestamp ? in.timestamp : kLatestTimestamp);
  for (const t2::TColumnValue& cv : in.columnValues) {
    if (cv.__isset.timestamp) {
      out.AddColumn(cv.family, cv.qualifier, cv.timestamp, cv.value);
    } else {
      out.AddColumn(cv.family, cv.qualifier, cv.value);
    }
  }
  if (in.__isset.durability) out.SetDurability(DurabilityFromThrift(in.durability));
  return out;
}

t2::TPut PutToThrift(const Put& in) {
  t2::TPut out;
  out.__set_row(in.row());
  if (in.timestamp() != kLatestTimestamp) out.__set_timestamp(in.timestamp());
  out.columnValues.reserve(in.cells().size());
  for (const Cell& c : in.cells()) {
    t2::TColumnValue cv;
    cv.__set_family(c.family);
    cv.__set_qualifier(c.qualifier);
    cv.__set_value(c.value);
    if (c.timestamp != kLatestTimestamp) cv.__set_timestamp(c.timestamp);
    out.columnValues.push_back(std::move(cv));
  }
  if (in.durability() != Durability::kUseDefault) {
    out.__set_durability(DurabilityToThrift(in.durability()));
  }
  return out;
}

t2::TDurability::type DurabilityToThrift(Durability in) {
  switch (in) {
    case Durability::kUseDefault: return t2::TDurability::USE_DEFAULT;
    case Durability::kSkipWal: return t2::TDurability::SKIP_WAL;
    case Durability::kAsyncWal: return t2::TDurability::ASYNC_WAL;
    case Durability::kSyncWal: return t2::TDurability::SYNC_WAL;
    case Durability::kFsyncWal: return t2::TDurability::FSYNC_WAL;
  }
  return t2::TDurability::USE_DEFAULT;
}

Durability DurabilityFromThrift(t2::TDurability::type in) {
  switch (in) {
    case t2::TDurability::SKIP_WAL: return Durability::kSkipWal;
    case t2::TDurability::ASYNC_WAL: return Durability::kAsyncWal;
    case t2::TDurability::SYNC_WAL: return Durability::kSyncWal;
    case t2::TDurability::FSYNC_WAL: return Durability::kFsyncWal;
    default: return Durability::kUseDefault;
  }
}

t2::TCompareOperator::type CompareOperatorToThrift(CompareOperator in) {
  switch (in) {
    case CompareOperator::kLess: return t2::TCompareOperator::LESS;
    case CompareOperator::kLessOrEqual: return t2::TCompareOperator::LESS_OR_EQUAL;
    case CompareOperator::kEqual: return t2::TCompareOperator::EQUAL;
    case CompareOperator::kNotEqual: return t2::TCompareOperator::NOT_EQUAL;
    case CompareOperator::kGreaterOrEqual: return t2::TCompareOperator::GREATER_OR_EQUAL;
    case CompareOperator::kGreater: return t2::TCompareOperator::GREATER;
    case CompareOperator::kNoOp: return t2::TCompareOperator::NO_OP;
  }
  return t2::TCompareOperator::NO_OP;
}

Result<CompareOperator> CompareOperatorFromThrift(t2::TCompareOperator::type in) {
  switch (in) {
    case t2::TCompareOperator::LESS: return CompareOperator::kLess;
    case t2::TCompareOperator::LESS_OR_EQUAL: return CompareOperator::kLessOrEqual;
    case t2::TCompareOperator::EQUAL: return CompareOperator::kEqual;
    case t2::TCompareOperator::NOT_EQUAL: return CompareOperator::kNotEqual;
    case t2::TCompareOperator::GREATER_OR_EQUAL: return CompareOperator::kGreaterOrEqual;
    case t2::TCompareOperator::GREATER: return CompareOperator::kGreater;
    case t2::TCompareOperator::NO_OP: return CompareOperator::kNoOp;
  }
  return Status::InvalidArgument("unknown TCompareOperator " + std::to_string(in));
}

}  // namespace cellar::thrift2
