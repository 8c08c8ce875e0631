#include "server/rest/row_resources.h"

#include <charconv>

#include "cellar/table.h"
#include "server/rest/http_status.h"
#include "server/rest/representation.h"

namespace cellar::server::rest {
namespace {

std::span<const std::string> SpecSegments(const RestRequest& request) {
  return std::span<const std::string>(request.raw_segments).subspan(1);
}

TimeRange RangeOf(const RowSpec& spec) { return TimeRange{spec.start_time, spec.end_time}; }

// A single cell's raw value (Accept: application/octet-stream), as HBase answers it.
RestResponse RawCell(const RestRequest& request, const RowSpec& spec, const RowResult& row) {
  if (spec.columns.size() != 1) {
    return ErrorResponse(
        request, Status::InvalidArgument("application/octet-stream needs exactly one column in the "
                                         "URL: /<table>/<row>/<family:qualifier>"));
  }
  const Cell& cell = row.cells().front();
  RestResponse r{200, "application/octet-stream", cell.value, {}};
  r.headers.emplace_back("X-Timestamp", std::to_string(cell.timestamp));
  return r;
}

Result<CellSetModel> ScanRange(Table& table, const RowSpec& spec) {
  Scan scan;
  scan.SetStartRow(spec.row);
  if (spec.end_row) scan.SetStopRow(*spec.end_row);
  SelectColumns(spec, scan);
  scan.SetTimeRange(RangeOf(spec)).SetMaxVersions(spec.max_versions);
  CELLAR_ASSIGN_OR_RETURN(std::unique_ptr<ResultScanner> scanner, table.GetScanner(scan));
  CellSetModel model;
  while (true) {
    CELLAR_ASSIGN_OR_RETURN(std::optional<RowResult> row, scanner->Next());
    if (!row) break;
    if (!row->empty()) model.rows.push_back(ToRowModel(*row));
  }
  return model;
}

int64_t TimestampOf(const std::optional<int64_t>& cell, const RowSpec& spec) {
  if (cell) return *cell;
  return spec.timestamp.value_or(kLatestTimestamp);
}

}  // namespace

RowModel ToRowModel(const RowResult& row) {
  RowModel m{row.row(), {}};
  m.cells.reserve(row.size());
  for (const Cell& c : row.cells()) {
    m.cells.push_back(CellModel{c.family + ":" + c.qualifier, c.timestamp, c.value});
  }
  return m;
}

RestResponse GetRows(RestContext& context, const RestRequest& request, const std::string& table) {
  auto type =
      ChooseResponseType(request, {MediaType::kXml, MediaType::kJson, MediaType::kOctetStream});
  if (!type) return NotAcceptable(request);
  Result<RowSpec> spec = ParseRowSpec(SpecSegments(request), request.Param("v"));
  if (!spec.ok()) return ErrorResponse(request, spec.status());
  Result<std::unique_ptr<Table>> t = OpenTable(context, table);
  if (!t.ok()) return ErrorResponse(request, t.status());
  CellSetModel model;
  if (spec->IsSingleRow()) {
    Get get(spec->row);
    SelectColumns(*spec, get);
    get.SetTimeRange(RangeOf(*spec)).SetMaxVersions(spec->max_versions);
    Result<RowResult> row = (*t)->Get(get);
    if (!row.ok()) return ErrorResponse(request, row.status());
    if (row->empty()) return RestResponse::Text(404, "Not found\r\n");
    if (*type == MediaType::kOctetStream) return RawCell(request, *spec, *row);
    model.rows.push_back(ToRowModel(*row));
  } else {
    Result<CellSetModel> rows = ScanRange(**t, *spec);
    if (!rows.ok()) return ErrorResponse(request, rows.status());
    if (rows->rows.empty()) return RestResponse::Text(404, "Not found\r\n");
    model = std::move(*rows);
  }
  if (*type == MediaType::kOctetStream) {
    return ErrorResponse(
        request, Status::InvalidArgument("application/octet-stream answers one cell, not a range"));
  }
  return Encode(*type, model);
}

RestResponse GetMulti(RestContext& context, const RestRequest& request, const std::string& table) {
  auto type = ChooseResponseType(request, {MediaType::kXml, MediaType::kJson});
  if (!type) return NotAcceptable(request);
  // Columns may follow /multiget in the path and apply to every row. Each row= is a literal
  // row key (query parameters are decoded once already).
  std::vector<std::string> rows = request.Params("row");
  if (rows.empty()) {
    return ErrorResponse(request,
                         Status::InvalidArgument("multiget needs at least one row= parameter"));
  }
  std::vector<std::string> raw = {"row"};
  if (request.raw_segments.size() > 2) raw.push_back(request.raw_segments[2]);
  Result<RowSpec> spec = ParseRowSpec(raw, request.Param("v"));
  if (!spec.ok()) return ErrorResponse(request, spec.status());
  Result<std::unique_ptr<Table>> t = OpenTable(context, table);
  if (!t.ok()) return ErrorResponse(request, t.status());
  std::vector<Get> gets;
  for (const std::string& row : rows) {
    Get get(row);
    SelectColumns(*spec, get);
    get.SetMaxVersions(spec->max_versions);
    gets.push_back(std::move(get));
  }
  Result<std::vector<RowResult>> results = (*t)->Get(gets);
  if (!results.ok()) return ErrorResponse(request, results.status());
  CellSetModel model;
  for (const RowResult& r : *results) {
    if (!r.empty()) model.rows.push_back(ToRowModel(r));
  }
  if (model.rows.empty()) return RestResponse::Text(404, "Not found\r\nNo rows found.\r\n");
  return Encode(*type, model);
}

Result<std::pair<std::string, std::string>> WritableColumn(const std::string& column) {
  auto [family, qualifier] = SplitColumn(column);
  if (!qualifier || family.empty()) {
    return Status::InvalidArgument("cell column \"" + column +
                                   "\" should be family:qualifier (base64-encoded in the body)");
  }
  return std::make_pair(std::move(family), std::move(*qualifier));
}

Result<CellSetModel> ReadCellSet(const RestRequest& request, const RowSpec& spec) {
  std::optional<MediaType> type = RequestBodyType(request);
  if (!type) return Status::InvalidArgument("unsupported Content-Type " + request.content_type);
  CellSetModel model;
  if (*type == MediaType::kOctetStream) {
    CellModel cell;
    cell.value = request.body;
    if (!spec.columns.empty()) {
      cell.column = spec.columns[0].first + ":" + spec.columns[0].second.value_or("");
    }
    if (auto c = request.Header("x-column")) cell.column = *c;
    if (auto ts = request.Header("x-timestamp")) {
      int64_t v = 0;
      auto [p, ec] = std::from_chars(ts->data(), ts->data() + ts->size(), v);
      if (ec != std::errc() || p != ts->data() + ts->size()) {
        return Status::InvalidArgument("bad X-Timestamp header \"" + *ts + "\"");
      }
      cell.timestamp = v;
    }
    if (cell.column.empty()) {
      return Status::InvalidArgument("an octet-stream PUT needs the column in the URL or X-Column");
    }
    model.rows.push_back(RowModel{request.Header("x-row").value_or(spec.row), {std::move(cell)}});
    return model;
  }
  CELLAR_ASSIGN_OR_RETURN(model, DecodeCellSet(*type, request.body));
  for (RowModel& row : model.rows) {
    if (row.key.empty()) row.key = spec.row;
    for (CellModel& cell : row.cells) {
      if (cell.column.empty() && !spec.columns.empty()) {
        cell.column = spec.columns[0].first + ":" + spec.columns[0].second.value_or("");
      }
    }
  }
  return model;
}

RestResponse PutRows(RestContext& context, const RestRequest& request, const std::string& table) {
  if (!RequestBodyType(request)) return UnsupportedMediaType(request);
  Result<RowSpec> spec = ParseRowSpec(SpecSegments(request), std::nullopt);
  if (!spec.ok()) return ErrorResponse(request, spec.status());
  Result<CellSetModel> model = ReadCellSet(request, *spec);
  if (!model.ok()) return ErrorResponse(request, model.status());
  Result<std::unique_ptr<Table>> t = OpenTable(context, table);
  if (!t.ok()) return ErrorResponse(request, t.status());
  // Each row is one atomic Put; rows are not atomic together (as in HBase).
  for (const RowModel& row : model->rows) {
    if (row.key.empty()) {
      return ErrorResponse(request, Status::InvalidArgument("a row of the CellSet has no key"));
    }
    Put put(row.key);
    for (const CellModel& cell : row.cells) {
      Result<std::pair<std::string, std::string>> col = WritableColumn(cell.column);
      if (!col.ok()) return ErrorResponse(request, col.status());
      put.AddColumn(col->first, col->second, TimestampOf(cell.timestamp, *spec), cell.value);
    }
    if (put.empty()) continue;
    if (Status s = (*t)->Put(put); !s.ok()) return ErrorResponse(request, s);
  }
  return RestResponse::Empty(200);
}

RestResponse DeleteRow(RestContext& context, const RestRequest& request, const std::string& table) {
  Result<RowSpec> spec = ParseRowSpec(SpecSegments(request), std::nullopt);
  if (!spec.ok()) return ErrorResponse(request, spec.status());
  if (!spec->IsSingleRow()) {
    return ErrorResponse(request, Status::InvalidArgument("DELETE takes one row, not a range"));
  }
  Result<std::unique_ptr<Table>> t = OpenTable(context, table);
  if (!t.ok()) return ErrorResponse(request, t.status());
  // With a timestamp every marker covers versions at or before it; without, everything.
  int64_t ts = spec->timestamp.value_or(kLatestTimestamp);
  Delete del(spec->row, ts);
  for (const auto& [family, qualifier] : spec->columns) {
    if (qualifier) {
      del.AddColumns(family, *qualifier, ts);
    } else {
      del.AddFamily(family, ts);
    }
  }
  if (Status s = (*t)->Delete(del); !s.ok()) return ErrorResponse(request, s);
  return RestResponse::Empty(200);
}

}  // namespace cellar::server::rest
