#pragma once

// The row arithmetic of FuzzyRowFilter, exposed for tests. Pure functions; thread-safe.
//
// A fuzzy key is (key, mask) of equal length; mask byte 0 = fixed (the row's byte must equal
// the key's), 1 = any byte. As in HBase, a row is compared on min(row length, key length) bytes,
// so a shorter row whose bytes match is accepted.

#include <optional>
#include <string>
#include <string_view>

namespace cellar::filter {

bool FuzzyMatches(std::string_view row, std::string_view key, std::string_view mask);

// The smallest row after "row" (in ascending byte order) that the fuzzy key accepts, or nullopt
// when no later row can match. Trailing free bytes that would be 0x00 are left off, so that a
// shorter matching row is not jumped over (HBase's trimTrailingZeroes).
std::optional<std::string> FuzzyNextRow(std::string_view row, std::string_view key,
                                        std::string_view mask);

}  // namespace cellar::filter
