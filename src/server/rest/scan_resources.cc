#include "server/rest/scan_resources.h"

#include <charconv>

#include "cellar/filters.h"
#include "cellar/table.h"
#include "server/rest/base64.h"
#include "server/rest/filter_model.h"
#include "server/rest/http_status.h"
#include "server/rest/representation.h"
#include "server/rest/row_resources.h"

namespace cellar::server::rest {
namespace {

Result<std::optional<int64_t>> LongParam(const RestRequest& request, std::string_view name) {
  std::optional<std::string> text = request.Param(name);
  if (!text) return std::optional<int64_t>();
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (text->empty() || ec != std::errc() || p != text->data() + text->size() || v < 0) {
    return Status::InvalidArgument("bad ?" + std::string(name) + "=" + *text +
                                   ": expected a non-negative integer");
  }
  return std::optional<int64_t>(v);
}

void AddColumn(Scan& scan, std::string_view column) {
  auto [family, qualifier] = SplitColumn(column);
  if (qualifier) {
    scan.AddColumn(family, *qualifier);
  } else {
    scan.AddFamily(family);
  }
}

// The Scan of GET /<table>/<prefix>*?...
Result<Scan> TableScanOf(const RestRequest& request) {
  Scan scan;
  std::string_view glob = request.segments[1];
  glob.remove_suffix(1);  // the '*'
  if (!glob.empty()) scan.SetRowPrefix(std::string(glob));
  if (auto s = request.Param("startrow")) scan.SetStartRow(*s);
  if (auto e = request.Param("endrow")) scan.SetStopRow(*e);
  for (const std::string& c : request.Params("column")) AddColumn(scan, c);
  std::optional<int64_t> v;
  CELLAR_ASSIGN_OR_RETURN(v, LongParam(request, "maxversions"));
  if (v) scan.SetMaxVersions(static_cast<int32_t>(*v));
  CELLAR_ASSIGN_OR_RETURN(v, LongParam(request, "batchsize"));
  if (v) scan.SetBatch(static_cast<int32_t>(*v));
  CELLAR_ASSIGN_OR_RETURN(v, LongParam(request, "limit"));
  if (v) scan.SetLimit(*v);
  TimeRange range;
  CELLAR_ASSIGN_OR_RETURN(v, LongParam(request, "starttime"));
  if (v) range.min = *v;
  CELLAR_ASSIGN_OR_RETURN(v, LongParam(request, "endtime"));
  if (v) range.max = *v;
  scan.SetTimeRange(range);
  scan.SetReversed(request.Param("reversed").value_or("false") == "true");
  scan.SetCacheBlocks(request.Param("cacheblocks").value_or("true") != "false");
  if (auto f = request.Param("filter"); f && !f->empty()) {
    CELLAR_ASSIGN_OR_RETURN(std::shared_ptr<Filter> filter, BuildScannerFilter(*f));
    scan.SetFilter(std::move(filter));
  }
  return scan;
}

Result<Scan> ScanOf(const ScannerModel& m) {
  Scan scan;
  scan.SetStartRow(m.start_row).SetStopRow(m.end_row);
  for (const std::string& c : m.columns) AddColumn(scan, c);
  scan.SetTimeRange(TimeRange{m.start_time.value_or(0), m.end_time.value_or(kLatestTimestamp)});
  scan.SetMaxVersions(m.max_versions < 1 ? 1 : m.max_versions);
  if (m.caching > 0) scan.SetCaching(m.caching);
  if (m.limit > 0) scan.SetLimit(m.limit);
  scan.SetReversed(m.reversed).SetCacheBlocks(m.cache_blocks);
  if (!m.filter.empty()) {
    CELLAR_ASSIGN_OR_RETURN(std::shared_ptr<Filter> filter, BuildScannerFilter(m.filter));
    scan.SetFilter(std::move(filter));
  }
  return scan;
}

std::string LocationOf(const RestContext& context, const RestRequest& request,
                       const std::string& table, const std::string& id) {
  std::string host = request.Header("host").value_or(context.location);
  return context.scheme + "://" + host + "/" + table + "/scanner/" + id;
}

}  // namespace

RestResponse GetTableScan(RestContext& context, const RestRequest& request,
                          const std::string& table) {
  auto type = ChooseResponseType(request, {MediaType::kXml, MediaType::kJson});
  if (!type) return NotAcceptable(request);
  Result<Scan> scan = TableScanOf(request);
  if (!scan.ok()) return ErrorResponse(request, scan.status());
  Result<std::unique_ptr<Table>> t = OpenTable(context, table);
  if (!t.ok()) return ErrorResponse(request, t.status());
  Result<std::unique_ptr<ResultScanner>> scanner = (*t)->GetScanner(*scan);
  if (!scanner.ok()) return ErrorResponse(request, scanner.status());
  CellSetModel model;
  while (true) {
    Result<std::optional<RowResult>> row = (*scanner)->Next();
    if (!row.ok()) return ErrorResponse(request, row.status());
    if (!*row) break;
    if (!(*row)->empty()) model.rows.push_back(ToRowModel(**row));
  }
  return Encode(*type, model);
}

RestResponse CreateScanner(RestContext& context, const RestRequest& request,
                           const std::string& table) {
  std::optional<MediaType> body_type = RequestBodyType(request);
  if (!body_type || *body_type == MediaType::kOctetStream) return UnsupportedMediaType(request);
  Result<ScannerModel> model = DecodeScanner(*body_type, request.body);
  if (!model.ok()) return ErrorResponse(request, model.status());
  Result<Scan> scan = ScanOf(*model);
  if (!scan.ok()) return ErrorResponse(request, scan.status());
  Result<std::unique_ptr<Table>> t = OpenTable(context, table);
  if (!t.ok()) return ErrorResponse(request, t.status());
  Result<std::unique_ptr<ResultScanner>> scanner = (*t)->GetScanner(*scan);
  if (!scanner.ok()) return ErrorResponse(request, scanner.status());
  Result<std::string> id =
      context.scanners.Add(table, std::move(*t), std::move(*scanner), model->batch);
  if (!id.ok()) return ErrorResponse(request, id.status());
  RestResponse r = RestResponse::Empty(201);
  r.headers.emplace_back("Location", LocationOf(context, request, table, *id));
  return r;
}

RestResponse GetScannerPage(RestContext& context, const RestRequest& request,
                            const std::string& table, const std::string& id) {
  auto type =
      ChooseResponseType(request, {MediaType::kXml, MediaType::kJson, MediaType::kOctetStream});
  if (!type) return NotAcceptable(request);
  Result<std::optional<int64_t>> rows = LongParam(request, "n");
  if (!rows.ok()) return ErrorResponse(request, rows.status());
  Result<std::optional<int64_t>> cells = LongParam(request, "c");
  if (!cells.ok()) return ErrorResponse(request, cells.status());
  if (*type == MediaType::kOctetStream) *cells = 1;
  Result<std::optional<CellSetModel>> page = context.scanners.NextPage(table, id, *rows, *cells);
  if (!page.ok()) return ErrorResponse(request, page.status());
  if (!*page) return RestResponse::Empty(204);
  if (*type == MediaType::kOctetStream) {
    // One raw cell; its row and column in base64 headers (HBase's binary scanner form).
    const RowModel& row = (*page)->rows.front();
    const CellModel& cell = row.cells.front();
    RestResponse r{200, "application/octet-stream", cell.value, {}};
    r.headers.emplace_back("X-Row", Base64Encode(row.key));
    r.headers.emplace_back("X-Column", Base64Encode(cell.column));
    r.headers.emplace_back("X-Timestamp", std::to_string(cell.timestamp.value_or(0)));
    return r;
  }
  return Encode(*type, **page);
}

RestResponse DeleteScanner(RestContext& context, const RestRequest& request,
                           const std::string& table, const std::string& id) {
  if (Status s = context.scanners.Remove(table, id); !s.ok()) return ErrorResponse(request, s);
  return RestResponse::Empty(200);
}

}  // namespace cellar::server::rest
