#include "server/rest/row_spec.h"

#include <charconv>

#include "server/rest/rest_message.h"

namespace cellar::server::rest {
namespace {

std::vector<std::string_view> SplitComma(std::string_view s) {
  std::vector<std::string_view> out;
  while (true) {
    size_t comma = s.find(',');
    out.push_back(s.substr(0, comma));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

Result<int64_t> ParseLong(std::string_view text, std::string_view what) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() || v < 0) {
    return Status::InvalidArgument("bad " + std::string(what) + " \"" + std::string(text) +
                                   "\" in the URL: expected a non-negative integer");
  }
  return v;
}

Status ParseTimes(std::string_view raw, RowSpec& spec) {
  std::vector<std::string_view> parts = SplitComma(raw);
  if (parts.size() > 2) {
    return Status::InvalidArgument("bad time range \"" + std::string(raw) +
                                   "\": expected ts or start,end");
  }
  CELLAR_ASSIGN_OR_RETURN(int64_t first, ParseLong(UrlDecode(parts[0]), "timestamp"));
  if (parts.size() == 1) {
    spec.timestamp = first;
    spec.end_time = first;
    return Status::Ok();
  }
  CELLAR_ASSIGN_OR_RETURN(int64_t second, ParseLong(UrlDecode(parts[1]), "end timestamp"));
  if (second < first) {
    return Status::InvalidArgument("bad time range \"" + std::string(raw) +
                                   "\": the end is before the start");
  }
  spec.start_time = first;
  spec.end_time = second;
  return Status::Ok();
}

}  // namespace

std::pair<std::string, std::optional<std::string>> SplitColumn(std::string_view column) {
  size_t colon = column.find(':');
  if (colon == std::string_view::npos) return {std::string(column), std::nullopt};
  return {std::string(column.substr(0, colon)), std::string(column.substr(colon + 1))};
}

Result<RowSpec> ParseRowSpec(std::span<const std::string> raw,
                             const std::optional<std::string>& versions) {
  if (raw.empty() || raw[0].empty()) {
    return Status::InvalidArgument("the URL names no row: expected /<table>/<row>[/...]");
  }
  if (raw.size() > 3) {
    return Status::InvalidArgument(
        "too many path segments: expected /<table>/<row>[/<columns>][/<ts>|/<start>,<end>]");
  }
  RowSpec spec;
  std::string_view row_part = raw[0];
  if (row_part.back() == '*') {
    spec.glob = true;
    spec.row = UrlDecode(row_part.substr(0, row_part.size() - 1));
  } else {
    std::vector<std::string_view> rows = SplitComma(row_part);
    if (rows.size() > 2) {
      return Status::InvalidArgument("bad row range \"" + std::string(row_part) +
                                     "\": expected row or start,end");
    }
    spec.row = UrlDecode(rows[0]);
    if (rows.size() == 2) spec.end_row = UrlDecode(rows[1]);
  }
  if (raw.size() >= 2 && !raw[1].empty()) {
    for (std::string_view c : SplitComma(raw[1])) {
      if (c.empty()) continue;
      auto column = SplitColumn(UrlDecode(c));
      if (column.first.empty()) {
        return Status::InvalidArgument("bad column \"" + UrlDecode(c) +
                                       "\" in the URL: expected family or family:qualifier");
      }
      spec.columns.push_back(std::move(column));
    }
  }
  if (raw.size() == 3) CELLAR_RETURN_IF_ERROR(ParseTimes(raw[2], spec));
  if (versions) {
    CELLAR_ASSIGN_OR_RETURN(int64_t v, ParseLong(*versions, "version count v"));
    if (v < 1 || v > 2147483647) {
      return Status::InvalidArgument("bad version count v=" + *versions + ": must be >= 1");
    }
    spec.max_versions = static_cast<int32_t>(v);
  }
  return spec;
}

}  // namespace cellar::server::rest
