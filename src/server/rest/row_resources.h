#pragma once

// Rows and cells: GET /<table>/<rowspec> (one row, or a "row,end" range; 404 when nothing
// matches), GET /<table>/multiget?row=..&row=.., PUT/POST of a CellSet (JSON or XML, one or
// many rows, or one raw application/octet-stream value) and DELETE of a row, family, column or
// versions up to a timestamp. The ?check= forms are in check_resources.h. Thread-safe.

#include <string>

#include "cellar/query.h"
#include "server/rest/models.h"
#include "server/rest/rest_context.h"
#include "server/rest/rest_message.h"
#include "server/rest/row_spec.h"

namespace cellar::server::rest {

// "raw_spec" are the still-encoded path segments after the table.
RestResponse GetRows(RestContext& context, const RestRequest& request, const std::string& table);
RestResponse GetMulti(RestContext& context, const RestRequest& request, const std::string& table);
RestResponse PutRows(RestContext& context, const RestRequest& request, const std::string& table);
RestResponse DeleteRow(RestContext& context, const RestRequest& request, const std::string& table);

// Shared with the scan and check resources.
RowModel ToRowModel(const RowResult& row);
// Adds the rowspec's columns to a Get or Scan.
template <typename Read>
void SelectColumns(const RowSpec& spec, Read& read) {
  for (const auto& [family, qualifier] : spec.columns) {
    if (qualifier) {
      read.AddColumn(family, *qualifier);
    } else {
      read.AddFamily(family);
    }
  }
}
// The body of a PUT/POST as rows: a decoded CellSet, or one cell from an octet-stream body with
// X-Row / X-Column / X-Timestamp headers. Fills missing keys and columns from "spec".
Result<CellSetModel> ReadCellSet(const RestRequest& request, const RowSpec& spec);
// "family:qualifier" of a cell to write. InvalidArgument without a ':'.
Result<std::pair<std::string, std::string>> WritableColumn(const std::string& column);

}  // namespace cellar::server::rest
