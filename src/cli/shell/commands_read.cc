// Data commands that read: get, scan, count.

#include <string>

#include "cellar/query.h"
#include "cli/shell/cell_format.h"
#include "cli/shell/commands.h"
#include "cli/shell/filter_arg.h"
#include "cli/shell/session.h"
#include "util/bytes.h"

namespace cellar::shell {

namespace {

template <typename Read>
void AddColumns(const std::vector<std::string>& columns, Read& read) {
  for (const std::string& c : columns) {
    ColumnSpec column = ParseColumn(c);
    if (column.qualifier) {
      read.AddColumn(column.family, *column.qualifier);
    } else {
      read.AddFamily(column.family);
    }
  }
}

// The options get and scan share: COLUMN(S), TIMESTAMP, TIMERANGE, VERSIONS, FILTER,
// CACHE_BLOCKS. Returns whether columns were selected.
template <typename Read>
Result<bool> ApplyReadOptions(Options& options, Read& read) {
  bool has_columns = false;
  for (const char* key : {"COLUMN", "COLUMNS"}) {
    CELLAR_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> columns, options.TextList(key));
    if (columns) AddColumns(*columns, read);
    has_columns = has_columns || columns.has_value();
  }
  CELLAR_ASSIGN_OR_RETURN(std::optional<int64_t> ts, options.Integer("TIMESTAMP"));
  CELLAR_ASSIGN_OR_RETURN(auto range, options.Range("TIMERANGE"));
  if (ts && range) return Status::InvalidArgument("give TIMESTAMP or TIMERANGE, not both");
  if (ts) read.SetTimestamp(*ts);
  if (range) {
    if (range->first < 0 || range->first > range->second) {
      return Status::InvalidArgument("TIMERANGE must be [min, max) with 0 <= min <= max");
    }
    read.SetTimeRange(TimeRange{range->first, range->second});
  }
  CELLAR_ASSIGN_OR_RETURN(std::optional<int64_t> versions, options.Integer("VERSIONS"));
  if (versions) {
    if (*versions < 1 || *versions > INT32_MAX) {
      return Status::InvalidArgument("VERSIONS must be at least 1, got " +
                                     std::to_string(*versions));
    }
    read.SetMaxVersions(static_cast<int32_t>(*versions));
  }
  CELLAR_ASSIGN_OR_RETURN(std::optional<std::string> filter, options.Text("FILTER"));
  if (filter) {
    CELLAR_ASSIGN_OR_RETURN(std::shared_ptr<Filter> parsed, ParseShellFilter(*filter));
    read.SetFilter(std::move(parsed));
  }
  CELLAR_ASSIGN_OR_RETURN(std::optional<bool> cache_blocks, options.Bool("CACHE_BLOCKS"));
  if (cache_blocks) read.SetCacheBlocks(*cache_blocks);
  return has_columns;
}

Status GetCommand(Session& s, const ArgList& args) {
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(2, SIZE_MAX));
  CELLAR_ASSIGN_OR_RETURN(std::string row, args.Text(1, "row"));
  Get get(std::move(row));
  for (size_t i = 2; i < args.size(); ++i) {
    CELLAR_ASSIGN_OR_RETURN(std::vector<std::string> columns, ToTextList(args.at(i), "column"));
    AddColumns(columns, get);
  }
  CELLAR_ASSIGN_OR_RETURN(Options options, Options::From(args.options()));
  CELLAR_RETURN_IF_ERROR(ApplyReadOptions(options, get).status());
  CELLAR_RETURN_IF_ERROR(options.CheckAllUsed());
  CELLAR_ASSIGN_OR_RETURN(auto table, OpenTableArg(s, args));
  CELLAR_ASSIGN_OR_RETURN(RowResult result, table->Get(get));
  s.out().Header("COLUMN", "CELL");
  for (const Cell& cell : result.cells()) s.out().Row(ColumnName(cell), CellText(cell));
  return Status::Ok();
}

// The scan-only options: rows, limits, batching, direction and raw mode.
Status ApplyScanOptions(Options& options, bool has_columns, Scan& scan) {
  CELLAR_ASSIGN_OR_RETURN(std::optional<std::string> start, options.Text("STARTROW"));
  if (start) scan.SetStartRow(*start);
  CELLAR_ASSIGN_OR_RETURN(std::optional<std::string> stop, options.Text("STOPROW"));
  if (stop) scan.SetStopRow(*stop);
  CELLAR_ASSIGN_OR_RETURN(std::optional<std::string> prefix, options.Text("ROWPREFIXFILTER"));
  if (prefix) scan.SetRowPrefix(*prefix);
  struct IntOption {
    const char* key;
    int64_t min;
    void (*set)(Scan&, int64_t);
  };
  static const IntOption kIntOptions[] = {
      {"LIMIT", 0, [](Scan& sc, int64_t n) { sc.SetLimit(n); }},
      {"CACHE", 1, [](Scan& sc, int64_t n) { sc.SetCaching(static_cast<int32_t>(n)); }},
      {"BATCH", 1, [](Scan& sc, int64_t n) { sc.SetBatch(static_cast<int32_t>(n)); }},
  };
  for (const IntOption& o : kIntOptions) {
    CELLAR_ASSIGN_OR_RETURN(std::optional<int64_t> n, options.Integer(o.key));
    if (!n) continue;
    if (*n < o.min || *n > INT32_MAX) {
      return Status::InvalidArgument(std::string(o.key) + " must be between " +
                                     std::to_string(o.min) + " and 2147483647, got " +
                                     std::to_string(*n));
    }
    o.set(scan, *n);
  }
  CELLAR_ASSIGN_OR_RETURN(std::optional<bool> reversed, options.Bool("REVERSED"));
  if (reversed) scan.SetReversed(*reversed);
  CELLAR_ASSIGN_OR_RETURN(std::optional<bool> raw, options.Bool("RAW"));
  if (raw && *raw && has_columns) {
    return Status::InvalidArgument("RAW cannot be combined with COLUMNS");
  }
  if (raw) scan.SetRaw(*raw);
  return Status::Ok();
}

Status ScanCommand(Session& s, const ArgList& args) {
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(1, 1));
  Scan scan;
  CELLAR_ASSIGN_OR_RETURN(Options options, Options::From(args.options()));
  CELLAR_ASSIGN_OR_RETURN(bool has_columns, ApplyReadOptions(options, scan));
  CELLAR_RETURN_IF_ERROR(ApplyScanOptions(options, has_columns, scan));
  CELLAR_RETURN_IF_ERROR(options.CheckAllUsed());
  CELLAR_ASSIGN_OR_RETURN(auto table, OpenTableArg(s, args));
  CELLAR_ASSIGN_OR_RETURN(auto scanner, table->GetScanner(scan));
  s.out().Header("ROW", "COLUMN+CELL");
  int64_t results = 0;
  while (true) {
    CELLAR_ASSIGN_OR_RETURN(std::optional<RowResult> result, scanner->Next());
    if (!result) break;
    const std::string row = ToStringBinary(result->row());
    for (const Cell& cell : result->cells()) s.out().Row(row, ScanCellText(cell));
    ++results;  // as HBase counts: each Result, so a batched row counts once per piece
  }
  s.out().set_row_count(results);
  return Status::Ok();
}

Status CountCommand(Session& s, const ArgList& args) {
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(1, 1));
  CELLAR_ASSIGN_OR_RETURN(Options options, Options::From(args.options()));
  CELLAR_ASSIGN_OR_RETURN(std::optional<int64_t> interval, options.Integer("INTERVAL"));
  CELLAR_ASSIGN_OR_RETURN(std::optional<int64_t> cache, options.Integer("CACHE"));
  CELLAR_ASSIGN_OR_RETURN(std::optional<std::string> filter, options.Text("FILTER"));
  CELLAR_RETURN_IF_ERROR(options.CheckAllUsed());
  if (interval.value_or(1000) < 1 || cache.value_or(10) < 1 || cache.value_or(10) > INT32_MAX) {
    return Status::InvalidArgument("INTERVAL and CACHE must be positive");
  }
  Scan scan;
  scan.SetCaching(static_cast<int32_t>(cache.value_or(10)));
  if (filter) {
    CELLAR_ASSIGN_OR_RETURN(std::shared_ptr<Filter> parsed, ParseShellFilter(*filter));
    scan.SetFilter(std::move(parsed));
  }
  CELLAR_ASSIGN_OR_RETURN(auto table, OpenTableArg(s, args));
  CELLAR_ASSIGN_OR_RETURN(auto scanner, table->GetScanner(scan));
  int64_t count = 0;
  while (true) {
    CELLAR_ASSIGN_OR_RETURN(std::optional<RowResult> result, scanner->Next());
    if (!result) break;
    if (++count % interval.value_or(1000) == 0) {
      s.out().Line("Current count: " + std::to_string(count) +
                   ", row: " + ToStringBinary(result->row()));
    }
  }
  s.out().set_row_count(count);
  return Status::Ok();
}

}  // namespace

void RegisterReadCommands(CommandTable& table) {
  table.Add({"get", "dml",
             "Gets a row or some of its cells. Columns may follow the row as names or an\n"
             "array; a dictionary takes COLUMN or COLUMNS, TIMESTAMP (exactly that time),\n"
             "TIMERANGE ([min, max), ms), VERSIONS, FILTER (a filter string) and CACHE_BLOCKS.\n"
             "Examples:\n"
             "  hbase> get 'ns1:t1', 'r1'\n"
             "  hbase> get 't1', 'r1', 'c1', 'c2'\n"
             "  hbase> get 't1', 'r1', ['c1', 'c2']\n"
             "  hbase> get 't1', 'r1', {COLUMN => 'c1', TIMESTAMP => 1297345476469}\n"
             "  hbase> get 't1', 'r1', COLUMN => 'c1', TIMERANGE => [ts1, ts2], VERSIONS => 4\n"
             "  hbase> get 't1', 'r1', {FILTER => \"ValueFilter(=, 'binary:abc')\"}\n",
             true, GetCommand});
  table.Add({"scan", "dml",
             "Scans a table. A dictionary of scanner options may follow: STARTROW, STOPROW,\n"
             "ROWPREFIXFILTER, COLUMNS, LIMIT, VERSIONS, TIMESTAMP, TIMERANGE ([min, max)),\n"
             "FILTER (a filter string), REVERSED, RAW (delete markers too), CACHE, BATCH\n"
             "(cells per result) and CACHE_BLOCKS.\n"
             "Examples:\n"
             "  hbase> scan 'ns1:t1'\n"
             "  hbase> scan 't1', {COLUMNS => ['c1', 'c2'], LIMIT => 10, STARTROW => 'xyz'}\n"
             "  hbase> scan 't1', {ROWPREFIXFILTER => 'row2', REVERSED => true}\n"
             "  hbase> scan 't1', {TIMERANGE => [1303668804000, 1303668904000], VERSIONS => 3}\n"
             "  hbase> scan 't1', {FILTER => \"(PrefixFilter ('row2') AND "
             "QualifierFilter (>=, 'binary:xyz'))\"}\n"
             "  hbase> scan 't1', {RAW => true, VERSIONS => 10}\n",
             true, ScanCommand});
  table.Add({"count", "dml",
             "Counts the rows of a table, showing the count every INTERVAL rows (default\n"
             "1000). CACHE (default 10) is the scanner caching; FILTER narrows the rows.\n"
             "Examples:\n"
             "  hbase> count 'ns1:t1'\n"
             "  hbase> count 't1', INTERVAL => 100000\n"
             "  hbase> count 't1', CACHE => 1000\n"
             "  hbase> count 't1', INTERVAL => 10, FILTER => \"PrefixFilter('row')\"\n",
             true, CountCommand});
}

}  // namespace cellar::shell
