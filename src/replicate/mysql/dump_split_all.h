#pragma once

// SplitAll: every statement a DumpReader gives for a source, and the error that ended it. For the
// tests and the fuzz target, which compare the splitter's paths (64-byte steps, state machine,
// buffer sizes) statement by statement.

#include <cstdint>
#include <string>
#include <vector>

#include "cellar/status.h"
#include "replicate/mysql/byte_source.h"
#include "replicate/mysql/dump_reader.h"

namespace cellar::mysql {

struct SplitStatements {
  std::vector<std::string> texts;
  std::vector<StatementKind> kinds;
  std::vector<uint64_t> lines, offsets;
  Status status;  // OK when the dump ended cleanly

  bool operator==(const SplitStatements& o) const {
    return texts == o.texts && kinds == o.kinds && lines == o.lines && offsets == o.offsets &&
           status.ToString() == o.status.ToString();
  }
};

inline SplitStatements SplitAll(ByteSource& source, size_t block_size, bool fast_path) {
  DumpReader reader(source, block_size, fast_path);
  SplitStatements out;
  Statement st;
  while (true) {
    Result<bool> more = reader.Next(st);
    if (!more.ok()) {
      out.status = more.status();
      return out;
    }
    if (!*more) return out;
    out.texts.emplace_back(st.text);
    out.kinds.push_back(st.kind);
    out.lines.push_back(st.line);
    out.offsets.push_back(st.offset);
  }
}

}  // namespace cellar::mysql
