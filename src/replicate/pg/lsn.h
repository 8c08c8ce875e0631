#pragma once

// PostgreSQL log sequence numbers: 64-bit WAL positions printed as "X/Y" (two hex halves).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cellar::pg {

using Lsn = uint64_t;

std::string FormatLsn(Lsn lsn);
// nullopt unless "text" is "X/Y" with hex halves of at most 8 digits.
std::optional<Lsn> ParseLsn(std::string_view text);

}  // namespace cellar::pg
