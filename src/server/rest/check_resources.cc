#include "server/rest/check_resources.h"

#include <charconv>

#include "cellar/table.h"
#include "server/rest/http_status.h"
#include "server/rest/representation.h"
#include "server/rest/row_resources.h"

namespace cellar::server::rest {
namespace {

// The single row of a checked operation, with at least "min_cells" cells.
Result<RowModel> OneRow(const RestRequest& request, size_t min_cells) {
  std::span<const std::string> raw = std::span<const std::string>(request.raw_segments).subspan(1);
  CELLAR_ASSIGN_OR_RETURN(RowSpec spec, ParseRowSpec(raw, std::nullopt));
  CELLAR_ASSIGN_OR_RETURN(CellSetModel model, ReadCellSet(request, spec));
  if (model.rows.size() != 1 || model.rows[0].key.empty() ||
      model.rows[0].cells.size() < min_cells) {
    return Status::InvalidArgument("check=" + request.Param("check").value_or("") +
                                   " needs one row with a key and at least " +
                                   std::to_string(min_cells) + " cell(s)");
  }
  return std::move(model.rows[0]);
}

Result<CheckAndMutate> CheckOf(const RowModel& row) {
  const CellModel& check = row.cells.back();
  CELLAR_ASSIGN_OR_RETURN(auto column, WritableColumn(check.column));
  CheckAndMutate cam;
  cam.row = row.key;
  cam.family = column.first;
  cam.qualifier = column.second;
  cam.op = CompareOperator::kEqual;
  if (!check.value.empty()) cam.expected = check.value;
  return cam;
}

Result<CheckAndMutate> CheckAndPutOf(const RowModel& row) {
  CELLAR_ASSIGN_OR_RETURN(CheckAndMutate cam, CheckOf(row));
  Put put(row.key);
  bool puts_checked_column = false;
  for (size_t i = 0; i + 1 < row.cells.size(); ++i) {
    CELLAR_ASSIGN_OR_RETURN(auto column, WritableColumn(row.cells[i].column));
    puts_checked_column |= row.cells[i].column == row.cells.back().column;
    put.AddColumn(column.first, column.second, row.cells[i].timestamp.value_or(kLatestTimestamp),
                  row.cells[i].value);
  }
  // HBase's rule: one of the cells put must be the checked column.
  if (!puts_checked_column) {
    return Status::InvalidArgument(
        "check=put: the column to put and check do not match (the "
        "last cell is the check; an earlier cell must write its column)");
  }
  cam.action = std::move(put);
  return cam;
}

Result<CheckAndMutate> CheckAndDeleteOf(const RowModel& row, const RowSpec& spec) {
  CELLAR_ASSIGN_OR_RETURN(CheckAndMutate cam, CheckOf(row));
  Delete del(row.key);
  auto add = [&del](const std::string& family, const std::optional<std::string>& qualifier) {
    if (qualifier) {
      del.AddColumns(family, *qualifier);
    } else {
      del.AddFamily(family);
    }
  };
  if (row.cells.size() > 1) {
    for (size_t i = 0; i + 1 < row.cells.size(); ++i) {
      auto [family, qualifier] = SplitColumn(row.cells[i].column);
      add(family, qualifier);
    }
  } else if (!spec.columns.empty()) {
    for (const auto& [family, qualifier] : spec.columns) add(family, qualifier);
  } else {
    del.AddColumns(cam.family, cam.qualifier);
  }
  cam.action = std::move(del);
  return cam;
}

RestResponse Checked(RestContext& context, const RestRequest& request, const std::string& table,
                     bool is_put) {
  Result<RowModel> row = OneRow(request, is_put ? 2 : 1);
  if (!row.ok()) return ErrorResponse(request, row.status());
  Result<RowSpec> spec =
      ParseRowSpec(std::span<const std::string>(request.raw_segments).subspan(1), std::nullopt);
  if (!spec.ok()) return ErrorResponse(request, spec.status());
  Result<CheckAndMutate> cam = is_put ? CheckAndPutOf(*row) : CheckAndDeleteOf(*row, *spec);
  if (!cam.ok()) return ErrorResponse(request, cam.status());
  Result<std::unique_ptr<Table>> t = OpenTable(context, table);
  if (!t.ok()) return ErrorResponse(request, t.status());
  Result<bool> matched = (*t)->CheckAndMutate(*cam);
  if (!matched.ok()) return ErrorResponse(request, matched.status());
  // 304 carries no body in HTTP; HBase's "Value not Modified" text would be dropped anyway.
  return RestResponse::Empty(*matched ? 200 : 304);
}

Result<int64_t> Amount(const CellModel& cell) {
  int64_t v = 0;
  const std::string& s = cell.value;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) {
    return Status::InvalidArgument("check=increment: the value of " + cell.column + " is \"" + s +
                                   "\"; expected a decimal integer (base64 of its text)");
  }
  return v;
}

RestResponse IncrementOrAppend(RestContext& context, const RestRequest& request,
                               const std::string& table, bool is_increment) {
  Result<RowModel> row = OneRow(request, 1);
  if (!row.ok()) return ErrorResponse(request, row.status());
  Result<std::unique_ptr<Table>> t = OpenTable(context, table);
  if (!t.ok()) return ErrorResponse(request, t.status());
  Increment inc(row->key);
  Append app(row->key);
  for (const CellModel& cell : row->cells) {
    Result<std::pair<std::string, std::string>> col = WritableColumn(cell.column);
    if (!col.ok()) return ErrorResponse(request, col.status());
    if (is_increment) {
      Result<int64_t> amount = Amount(cell);
      if (!amount.ok()) return ErrorResponse(request, amount.status());
      inc.AddColumn(col->first, col->second, *amount);
    } else {
      app.AddColumn(col->first, col->second, cell.value);
    }
  }
  Result<RowResult> result = is_increment ? (*t)->Increment(inc) : (*t)->Append(app);
  if (!result.ok()) return ErrorResponse(request, result.status());
  if (request.Param("returnResult").value_or("false") != "true") return RestResponse::Empty(200);
  auto type = ChooseResponseType(request, {MediaType::kXml, MediaType::kJson});
  if (!type) return NotAcceptable(request);
  CellSetModel model;
  model.rows.push_back(ToRowModel(*result));
  return Encode(*type, model);
}

}  // namespace

RestResponse CheckedWrite(RestContext& context, const RestRequest& request,
                          const std::string& table) {
  if (!RequestBodyType(request)) return UnsupportedMediaType(request);
  std::string check = request.Param("check").value_or("");
  if (check == "put") return Checked(context, request, table, true);
  if (check == "delete") return Checked(context, request, table, false);
  if (check == "increment") return IncrementOrAppend(context, request, table, true);
  if (check == "append") return IncrementOrAppend(context, request, table, false);
  return ErrorResponse(request,
                       Status::InvalidArgument("unknown check=" + check +
                                               "; expected put, delete, increment or append"));
}

}  // namespace cellar::server::rest
