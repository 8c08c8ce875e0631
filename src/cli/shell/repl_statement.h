#pragma once

// Hive's replication statements, accepted by the shell next to HBase's commands:
//
//   REPL DUMP <db>[.<table>] [FROM <event id> [TO <event id>]] [BATCH <n> | LIMIT <n>]
//             [WITH ('cellar.repl.dump.files'='true')]
//   REPL LOAD <db>[.<table>] FROM '<dump path>'
//   REPL STATUS <db>[.<table>]
//
// Keywords are case-insensitive, as in Hive. Value types, thread-compatible.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"
#include "cli/shell/value.h"

namespace cellar::shell {

struct ReplStatement {
  enum class Kind { kDump, kLoad, kStatus };
  Kind kind = Kind::kDump;
  // The database (namespace), optionally ".table".
  std::string name;
  // DUMP: events with id > from_event (Hive: FROM is exclusive), up to to_event inclusive.
  std::optional<uint64_t> from_event;
  std::optional<uint64_t> to_event;
  // DUMP: at most this many events per dump.
  std::optional<uint64_t> batch;
  // DUMP: a bootstrap as the store's table files (WITH ('cellar.repl.dump.files'='true')).
  bool files = false;
  // LOAD: the dump directory.
  std::string path;
};

// "DUMP", "LOAD" or "STATUS".
std::string_view ReplKindName(ReplStatement::Kind kind);

// The usage text of the REPL statements.
std::string_view ReplUsage();

// Parses the words after REPL (identifiers arrive as constants). Returns InvalidArgument naming
// the unexpected word.
Result<ReplStatement> ParseReplStatement(const std::vector<Value>& words);

}  // namespace cellar::shell
