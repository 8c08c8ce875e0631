#pragma once

// The ?check= forms of PUT/POST /<table>/<row>, HBase's RowResource checked operations:
//   check=put     the body holds one row; its LAST cell is the check (column and expected value,
//                 empty = "must be absent"), the cells before it are the put, and one of them
//                 must write the checked column (400 otherwise). 200, or 304 when the check
//                 fails.
//   check=delete  the last cell is the check; the cells before it name what to delete (their
//                 columns; values ignored), otherwise the URL's columns, otherwise the checked
//                 column. 200 or 304.
//   check=increment  every cell's value is a decimal amount (base64 of "5"); 200.
//   check=append     every cell's value is appended; 200.
// With ?returnResult=true, increment and append answer the new values as a CellSet.
// Thread-safe.

#include <string>

#include "server/rest/rest_context.h"
#include "server/rest/rest_message.h"

namespace cellar::server::rest {

// REQUIRES: request.Param("check") is set.
RestResponse CheckedWrite(RestContext& context, const RestRequest& request,
                          const std::string& table);

}  // namespace cellar::server::rest
