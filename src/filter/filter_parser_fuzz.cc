// libFuzzer target for the filter-string parser. Every input must either parse or give
// InvalidArgument with a positioned message; a parsed filter's ToString must parse again to the
// same text, and running it over a few cells must not crash.
//
// Build: CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCELLAR_FUZZ=ON && ninja -C build-fuzz
//        filter_parser_fuzz; run: build-fuzz/src/filter/filter_parser_fuzz src/filter/fuzz_corpus

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cellar/filters.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

void Exercise(cellar::Filter& filter) {
  const cellar::Cell cells[] = {
      {"row-1", "f", "a", 2, cellar::CellType::kPut, "val"},
      {"row-1", "f", "b", 1, cellar::CellType::kPut, ""},
      {"row-2", "g", "a", 1, cellar::CellType::kPut, std::string(300, 'x')},
  };
  for (const cellar::Cell& cell : cells) {
    if (filter.FilterAllRemaining()) return;
    filter.FilterRowKey(cell);
    auto rc = filter.FilterCell(cell);
    if (rc == cellar::Filter::ReturnCode::kSeekNextUsingHint) filter.GetNextCellHint(cell);
    filter.TransformCell(cell);
    filter.Reset();
  }
  std::vector<cellar::Cell> row(std::begin(cells), std::end(cells));
  filter.FilterRowCells(row);
  filter.FilterRow();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parsed = cellar::ParseFilterString(input);
  if (!parsed.ok()) {
    Check(parsed.status().IsInvalidArgument());
    Check(parsed.status().message().rfind("filter string position ", 0) == 0);
    return 0;
  }
  std::string text = (*parsed)->ToString();
  auto again = cellar::ParseFilterString(text);
  Check(again.ok() && (*again)->ToString() == text);
  Exercise(**parsed);
  return 0;
}
