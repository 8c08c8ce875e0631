#pragma once

// Turns the "filter" of a REST Scanner model into a Filter. HBase sends a JSON-serialised
// FilterModel (ScannerModel.FilterModel), e.g.
//   {"type":"RowFilter","op":"EQUAL","comparator":{"type":"BinaryComparator","value":"cm93"}}
//   {"type":"FilterList","op":"MUST_PASS_ALL","filters":[...]}
// with binary fields in base64 (comparator values except RegexString and Substring, which are
// text; PageFilter's value is a decimal string). As a Cellar extension, anything that does not
// start with '{' is read as a filter-language string ("PrefixFilter ('row')").
// Pure function; thread-safe.

#include <memory>
#include <string_view>

#include "cellar/filter.h"
#include "cellar/status.h"

namespace cellar::server::rest {

// InvalidArgument naming the filter type or field that is wrong, for malformed JSON, unknown
// types or operators, bad base64, or filter-language syntax errors. Nesting deeper than 100
// levels is rejected.
Result<std::shared_ptr<Filter>> BuildScannerFilter(std::string_view text);

}  // namespace cellar::server::rest
