// Data commands that write: put, delete, deleteall, incr, append, and get_counter (which reads a
// counter written by incr).

#include <string>

#include "cellar/mutation.h"
#include "cellar/query.h"
#include "cli/shell/cell_format.h"
#include "cli/shell/commands.h"
#include "cli/shell/session.h"
#include "util/bytes.h"

namespace cellar::shell {

namespace {

// Row keys and values are strings; numbers are written as their decimal text, as Ruby's to_s.
Result<std::string> BytesArg(const Value& v, std::string_view what) {
  if (v.is_integer()) return std::to_string(v.integer());
  return ToText(v, what);
}

Result<ColumnSpec> ColumnArg(const ArgList& args, size_t i) {
  CELLAR_ASSIGN_OR_RETURN(std::string column, args.Text(i, "column"));
  return ParseColumn(column);
}

Result<int64_t> OptionalTimestamp(const ArgList& args, size_t i) {
  if (i >= args.size()) return kLatestTimestamp;
  CELLAR_ASSIGN_OR_RETURN(int64_t ts, args.Integer(i, "timestamp"));
  if (ts < 0)
    return Status::InvalidArgument("timestamp must not be negative, got " + std::to_string(ts));
  return ts;
}

Status NoOptions(const ArgList& args) {
  CELLAR_ASSIGN_OR_RETURN(Options options, Options::From(args.options()));
  return options.CheckAllUsed();
}

Status PutCommand(Session& s, const ArgList& args) {
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(4, 5));
  CELLAR_RETURN_IF_ERROR(NoOptions(args));
  CELLAR_ASSIGN_OR_RETURN(std::string row, BytesArg(args.at(1), "row"));
  CELLAR_ASSIGN_OR_RETURN(ColumnSpec column, ColumnArg(args, 2));
  CELLAR_ASSIGN_OR_RETURN(std::string value, BytesArg(args.at(3), "value"));
  CELLAR_ASSIGN_OR_RETURN(int64_t ts, OptionalTimestamp(args, 4));
  Put put(std::move(row));
  put.AddColumn(column.family, column.qualifier.value_or(""), ts, std::move(value));
  CELLAR_ASSIGN_OR_RETURN(auto table, OpenTableArg(s, args));
  return table->Put(put);
}

// delete 't','r','cf:q'[, ts]: one version (Delete::AddColumn); 'cf' with a ts: that version of
// every column of the family (AddFamilyVersion).
Status DeleteCommand(Session& s, const ArgList& args) {
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(3, 4));
  CELLAR_RETURN_IF_ERROR(NoOptions(args));
  CELLAR_ASSIGN_OR_RETURN(std::string row, BytesArg(args.at(1), "row"));
  CELLAR_ASSIGN_OR_RETURN(ColumnSpec column, ColumnArg(args, 2));
  CELLAR_ASSIGN_OR_RETURN(int64_t ts, OptionalTimestamp(args, 3));
  Delete del(std::move(row));
  if (column.qualifier) {
    del.AddColumn(column.family, *column.qualifier, ts);
  } else if (ts == kLatestTimestamp) {
    return Status::InvalidArgument(
        "deleting family '" + column.family +
        "' needs a timestamp (it deletes the cells at "
        "exactly that time); to delete the whole family use deleteall 't', 'r', '" +
        column.family + "'");
  } else {
    del.AddFamilyVersion(column.family, ts);
  }
  CELLAR_ASSIGN_OR_RETURN(auto table, OpenTableArg(s, args));
  return table->Delete(del);
}

// Which rows deleteall applies to: one row, or every row starting with a prefix.
struct RowSpec {
  std::string key;
  bool is_prefix = false;
};

Result<RowSpec> RowSpecArg(const Value& spec) {
  if (!spec.is_hash()) {
    CELLAR_ASSIGN_OR_RETURN(std::string row, BytesArg(spec, "row"));
    return RowSpec{std::move(row), false};
  }
  CELLAR_ASSIGN_OR_RETURN(Options options, Options::From(&spec));
  CELLAR_ASSIGN_OR_RETURN(std::optional<std::string> prefix, options.Text("ROWPREFIXFILTER"));
  CELLAR_RETURN_IF_ERROR(options.CheckAllUsed());
  if (!prefix) return Status::InvalidArgument("deleteall needs a row or {ROWPREFIXFILTER => 'p'}");
  return RowSpec{std::move(*prefix), true};
}

Result<std::vector<std::string>> DeleteallRows(Table& table, const RowSpec& spec) {
  if (!spec.is_prefix) return std::vector<std::string>{spec.key};
  Scan scan;
  scan.SetRowPrefix(spec.key);
  CELLAR_ASSIGN_OR_RETURN(auto scanner, table.GetScanner(scan));
  std::vector<std::string> rows;
  while (true) {
    CELLAR_ASSIGN_OR_RETURN(std::optional<RowResult> result, scanner->Next());
    if (!result) return rows;
    if (rows.empty() || rows.back() != result->row()) rows.push_back(result->row());
  }
}

// deleteall 't', 'r' | {ROWPREFIXFILTER => 'p'} [, 'cf:q' | 'cf'] [, ts]: every version at or
// before ts of a column (AddColumns), a family (AddFamily) or the whole row.
Status DeleteallCommand(Session& s, const ArgList& args) {
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(2, 4));
  std::optional<ColumnSpec> column;
  size_t ts_index = 2;
  if (args.size() > 2 && !args.at(2).is_integer()) {
    CELLAR_ASSIGN_OR_RETURN(column, ColumnArg(args, 2));
    ts_index = 3;
  }
  if (args.size() > ts_index + 1) return args.ExpectCount(2, ts_index + 1);
  CELLAR_ASSIGN_OR_RETURN(int64_t ts, OptionalTimestamp(args, ts_index));
  CELLAR_ASSIGN_OR_RETURN(RowSpec spec, RowSpecArg(args.at(1)));
  CELLAR_ASSIGN_OR_RETURN(auto table, OpenTableArg(s, args));
  CELLAR_ASSIGN_OR_RETURN(std::vector<std::string> rows, DeleteallRows(*table, spec));
  for (std::string& row : rows) {
    Delete del(std::move(row), ts);
    if (column && column->qualifier) {
      del.AddColumns(column->family, *column->qualifier, ts);
    } else if (column) {
      del.AddFamily(column->family, ts);
    }
    CELLAR_RETURN_IF_ERROR(table->Delete(del));
  }
  return Status::Ok();
}

// The counter value of "result", or an error when the cell is not an 8-byte long.
Result<std::optional<int64_t>> CounterValue(const RowResult& result, const ColumnSpec& column) {
  const std::string qualifier = column.qualifier.value_or("");
  std::optional<std::string_view> value = result.Value(column.family, qualifier);
  if (!value) return std::optional<int64_t>();
  if (value->size() != 8) {
    return Status::FailedPrecondition("Field is not a long, it's " + std::to_string(value->size()) +
                                      " bytes wide");
  }
  return std::optional<int64_t>(DecodeLong(*value));
}

Status IncrCommand(Session& s, const ArgList& args) {
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(3, 4));
  CELLAR_RETURN_IF_ERROR(NoOptions(args));
  CELLAR_ASSIGN_OR_RETURN(std::string row, BytesArg(args.at(1), "row"));
  CELLAR_ASSIGN_OR_RETURN(ColumnSpec column, ColumnArg(args, 2));
  int64_t amount = 1;
  if (args.size() == 4) {
    CELLAR_ASSIGN_OR_RETURN(amount, args.Integer(3, "increment"));
  }
  Increment inc(std::move(row));
  inc.AddColumn(column.family, column.qualifier.value_or(""), amount);
  CELLAR_ASSIGN_OR_RETURN(auto table, OpenTableArg(s, args));
  CELLAR_ASSIGN_OR_RETURN(RowResult result, table->Increment(inc));
  CELLAR_ASSIGN_OR_RETURN(std::optional<int64_t> value, CounterValue(result, column));
  if (!value) return Status::Internal("the increment returned no value");
  s.out().Line("COUNTER VALUE = " + std::to_string(*value));
  return Status::Ok();
}

Status GetCounterCommand(Session& s, const ArgList& args) {
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(3, 3));
  CELLAR_ASSIGN_OR_RETURN(std::string row, BytesArg(args.at(1), "row"));
  CELLAR_ASSIGN_OR_RETURN(ColumnSpec column, ColumnArg(args, 2));
  Get get(std::move(row));
  get.AddColumn(column.family, column.qualifier.value_or(""));
  CELLAR_ASSIGN_OR_RETURN(auto table, OpenTableArg(s, args));
  CELLAR_ASSIGN_OR_RETURN(RowResult result, table->Get(get));
  CELLAR_ASSIGN_OR_RETURN(std::optional<int64_t> value, CounterValue(result, column));
  s.out().Line(value ? "COUNTER VALUE = " + std::to_string(*value)
                     : "No counter found at specified coordinates");
  return Status::Ok();
}

Status AppendCommand(Session& s, const ArgList& args) {
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(4, 4));
  CELLAR_RETURN_IF_ERROR(NoOptions(args));
  CELLAR_ASSIGN_OR_RETURN(std::string row, BytesArg(args.at(1), "row"));
  CELLAR_ASSIGN_OR_RETURN(ColumnSpec column, ColumnArg(args, 2));
  CELLAR_ASSIGN_OR_RETURN(std::string value, BytesArg(args.at(3), "value"));
  Append append(std::move(row));
  const std::string qualifier = column.qualifier.value_or("");
  append.AddColumn(column.family, qualifier, std::move(value));
  CELLAR_ASSIGN_OR_RETURN(auto table, OpenTableArg(s, args));
  CELLAR_ASSIGN_OR_RETURN(RowResult result, table->Append(append));
  std::optional<std::string_view> now = result.Value(column.family, qualifier);
  s.out().Line("CURRENT VALUE = " + ToStringBinary(now.value_or("")));
  return Status::Ok();
}

}  // namespace

void RegisterDataCommands(CommandTable& table) {
  table.Add({"put", "dml",
             "Puts a cell value at a table/row/column and optionally a timestamp (ms).\n"
             "Examples:\n"
             "  hbase> put 'ns1:t1', 'r1', 'c1', 'value'\n"
             "  hbase> put 't1', 'r1', 'c1', 'value', 1297345476469\n"
             "  hbase> put 't1', \"r\\x00\", 'f1:q', \"\\x01\\x02\"\n",
             true, PutCommand});
  table.Add({"delete", "dml",
             "Deletes one version of a cell: the one at the given timestamp, or without one\n"
             "the newest. With only a family and a timestamp, deletes that version of every\n"
             "column of the family.\n"
             "Examples:\n"
             "  hbase> delete 'ns1:t1', 'r1', 'c1', 1297345476469\n"
             "  hbase> delete 't1', 'r1', 'f1:c1'\n"
             "  hbase> delete 't1', 'r1', 'f1', 1297345476469\n",
             true, DeleteCommand});
  table.Add({"deleteall", "dml",
             "Deletes every version at or before the timestamp (default: now) of a whole row,\n"
             "a family or a column. A row prefix deletes every row that starts with it.\n"
             "Examples:\n"
             "  hbase> deleteall 'ns1:t1', 'r1'\n"
             "  hbase> deleteall 't1', 'r1', 'c1'\n"
             "  hbase> deleteall 't1', 'r1', 'c1', 1297345476469\n"
             "  hbase> deleteall 't1', 'r1', 1297345476469\n"
             "  hbase> deleteall 't1', {ROWPREFIXFILTER => 'prefix'}, 'c1'\n",
             false, DeleteallCommand});
  table.Add({"incr", "dml",
             "Increments a counter (an 8-byte big-endian long) by 1 or the given amount and\n"
             "prints the new value.\n"
             "Examples:\n"
             "  hbase> incr 'ns1:t1', 'r1', 'c1'\n"
             "  hbase> incr 't1', 'r1', 'c1', 10\n"
             "  hbase> incr 't1', 'r1', 'c1', -1\n",
             true, IncrCommand});
  table.Add({"get_counter", "dml",
             "Prints the value of a counter cell.\n"
             "Example:\n  hbase> get_counter 'ns1:t1', 'r1', 'c1'\n",
             true, GetCounterCommand});
  table.Add({"append", "dml",
             "Appends a value to a cell and prints the new value.\n"
             "Example:\n  hbase> append 't1', 'r1', 'c1', 'value'\n",
             true, AppendCommand});
}

}  // namespace cellar::shell
