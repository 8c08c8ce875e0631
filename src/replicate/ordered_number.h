#pragma once

// Order-preserving byte encodings of numbers given as text (PostgreSQL's and MySQL's text output):
// for any two values a < b of one kind, Encode(a) < Encode(b) bytewise, and no encoding is a
// proper prefix of another of the same kind (so they concatenate into composite keys). The
// grammar is in docs/row-key-encoding.md. Pure functions; thread-safe.
//
// Each Append* parses "text", appends the encoding to "out" and returns InvalidArgument (leaving
// "out" unchanged) when "text" is not a value of that kind. Each Consume* decodes one encoding
// from the front of "in", advances "in" past it and returns the value's canonical text, or
// InvalidArgument when "in" does not start with a valid encoding.

#include <string>
#include <string_view>

#include "cellar/status.h"

namespace cellar::replicate {

// int := fixed64be(value XOR 2^63). Text: [+-]?[0-9]+ within int64.
Status AppendOrderedSignedInt(std::string& out, std::string_view text);
Result<std::string> ConsumeOrderedSignedInt(std::string_view& in);

// uint := fixed64be(value). Text: [+]?[0-9]+ within uint64.
Status AppendOrderedUnsignedInt(std::string& out, std::string_view text);
Result<std::string> ConsumeOrderedUnsignedInt(std::string_view& in);

// float := fixed64be(f(bits of the double)), f flips all bits of negatives and the sign bit of
// the others; -0 is encoded as 0 and every NaN as one NaN above +Infinity (PostgreSQL's order).
// Text: anything std::from_chars reads as a double, plus [+-]?(Infinity|inf) and NaN in any
// case. Canonical text: the shortest round-trip form, "Infinity", "-Infinity", "NaN".
Status AppendOrderedFloat(std::string& out, std::string_view text);
Result<std::string> ConsumeOrderedFloat(std::string_view& in);

// Exact decimals of any precision (numeric, decimal): see docs/row-key-encoding.md for
//   decimal := 0x01 (-Infinity) | 0x02 ~(exponent digits) | 0x03 (zero)
//            | 0x04 exponent digits | 0x05 (Infinity) | 0x06 (NaN)
// Text: [+-]?([0-9]+(.[0-9]*)?|.[0-9]+)([eE][+-]?[0-9]+)?, NaN, [+-]?Infinity (any case).
// Values equal as numbers encode equally ("1.50" and "1.5"); the canonical text is the plain
// form without exponent, leading zeros or trailing fractional zeros ("1.5", "-0.001", "100").
Status AppendOrderedDecimal(std::string& out, std::string_view text);
Result<std::string> ConsumeOrderedDecimal(std::string_view& in);

}  // namespace cellar::replicate
