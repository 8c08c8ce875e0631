#pragma once

// Order-preserving byte encodings of dates and timestamps given in ISO text, as PostgreSQL prints
// them with DateStyle ISO (and MySQL prints DATE and DATETIME). Unlike the text itself, the
// encoding also sorts BC dates and years past 9999 correctly. Grammar in
// docs/row-key-encoding.md. Pure functions; thread-safe.
//
// Each Append* parses "text", appends the 8-byte encoding to "out" and returns InvalidArgument
// (leaving "out" unchanged) for anything else. Each Consume* decodes one encoding from the front
// of "in", advances "in" and returns the canonical text (PostgreSQL's ISO output; timestamptz in
// UTC with "+00"), or InvalidArgument.

#include <cstdint>
#include <string>
#include <string_view>

#include "cellar/status.h"

namespace cellar::replicate {

// date := fixed64be(days since 2000-01-01 XOR 2^63); -infinity and infinity are the smallest
// and largest int64. Text: Y+-MM-DD[ BC] (1 to 7 year digits), infinity, -infinity.
Status AppendOrderedDate(std::string& out, std::string_view text);
Result<std::string> ConsumeOrderedDate(std::string_view& in);

// timestamp := fixed64be(microseconds since 2000-01-01 00:00:00 XOR 2^63), infinities as for
// dates. Text: date[ T]HH:MM[:SS[.f{1,6}]][ BC] (24:00:00 is the next midnight).
Status AppendOrderedTimestamp(std::string& out, std::string_view text);
Result<std::string> ConsumeOrderedTimestamp(std::string_view& in);

// timestamptz: as timestamp, the instant in UTC. Text: as timestamp with a UTC offset
// [+-]HH[:MM[:SS]] after the time (before " BC"); the offset is required.
Status AppendOrderedTimestampTz(std::string& out, std::string_view text);
Result<std::string> ConsumeOrderedTimestampTz(std::string_view& in);

}  // namespace cellar::replicate
