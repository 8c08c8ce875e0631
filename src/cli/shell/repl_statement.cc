#include "cli/shell/repl_statement.h"

#include <strings.h>

namespace cellar::shell {

namespace {

bool IsWord(const Value& v, const char* word) {
  return v.is_constant() && strcasecmp(v.text().c_str(), word) == 0;
}

Result<uint64_t> EventId(const std::vector<Value>& words, size_t i, std::string_view after) {
  if (i >= words.size() || !words[i].is_integer() || words[i].integer() < 0) {
    return Status::InvalidArgument("REPL: " + std::string(after) +
                                   " needs a non-negative number after it");
  }
  return static_cast<uint64_t>(words[i].integer());
}

Status Unexpected(const Value& v) {
  return Status::InvalidArgument("REPL: unexpected " + v.ToString());
}

constexpr std::string_view kFilesKey = "cellar.repl.dump.files";

// Hive's WITH ('key'='value', ...) of REPL DUMP; Cellar knows one key.
Status ParseDumpProperties(const Value& properties, ReplStatement& st) {
  for (const Value::HashEntry& entry : properties.hash()) {
    const std::string& key = entry.key.text();
    const std::string& value = entry.value.text();
    if (key != kFilesKey) {
      return Status::InvalidArgument("REPL DUMP: unknown property '" + key + "' in WITH (known: '" +
                                     std::string(kFilesKey) + "')");
    }
    if (strcasecmp(value.c_str(), "true") != 0 && strcasecmp(value.c_str(), "false") != 0) {
      return Status::InvalidArgument("REPL DUMP: '" + key + "' is 'true' or 'false', not '" +
                                     value + "'");
    }
    st.files = strcasecmp(value.c_str(), "true") == 0;
  }
  return Status::Ok();
}

Status ParseDumpClauses(const std::vector<Value>& words, size_t i, ReplStatement& st) {
  while (i < words.size()) {
    const Value& w = words[i];
    if (IsWord(w, "FROM") && !st.from_event && !st.batch) {
      CELLAR_ASSIGN_OR_RETURN(st.from_event, EventId(words, i + 1, "FROM"));
    } else if (IsWord(w, "TO") && st.from_event && !st.to_event && !st.batch) {
      CELLAR_ASSIGN_OR_RETURN(st.to_event, EventId(words, i + 1, "TO"));
    } else if ((IsWord(w, "BATCH") || IsWord(w, "LIMIT")) && !st.batch) {
      CELLAR_ASSIGN_OR_RETURN(st.batch, EventId(words, i + 1, w.text()));
    } else if (IsWord(w, "WITH") && i + 1 < words.size() && words[i + 1].is_hash()) {
      CELLAR_RETURN_IF_ERROR(ParseDumpProperties(words[i + 1], st));
      if (i + 2 < words.size()) return Unexpected(words[i + 2]);
    } else {
      return Unexpected(w);
    }
    i += 2;
  }
  if (st.files && st.from_event) {
    return Status::InvalidArgument("REPL DUMP: '" + std::string(kFilesKey) +
                                   "' is for bootstrap dumps (without FROM)");
  }
  return Status::Ok();
}

}  // namespace

std::string_view ReplKindName(ReplStatement::Kind kind) {
  switch (kind) {
    case ReplStatement::Kind::kDump:
      return "DUMP";
    case ReplStatement::Kind::kLoad:
      return "LOAD";
    case ReplStatement::Kind::kStatus:
      return "STATUS";
  }
  return "?";
}

std::string_view ReplUsage() {
  return "Hive's replication statements (event-id replication between stores):\n"
         "  REPL DUMP <db>[.<table>] [FROM <event id> [TO <event id>]] [BATCH <n>]\n"
         "            [WITH ('cellar.repl.dump.files'='true')]  (bootstrap as the store's files)\n"
         "  REPL LOAD <db>[.<table>] FROM '<dump path>'\n"
         "  REPL STATUS <db>[.<table>]\n"
         "Examples:\n"
         "  REPL DUMP sales FROM 200 TO 1400 BATCH 100;\n"
         "  REPL DUMP sales WITH ('cellar.repl.dump.files'='true');\n"
         "  REPL LOAD sales_dr FROM '/backups/sales/dump-1';\n"
         "  REPL STATUS sales_dr;\n";
}

Result<ReplStatement> ParseReplStatement(const std::vector<Value>& words) {
  ReplStatement st;
  if (words.empty()) return Status::InvalidArgument("REPL: expected DUMP, LOAD or STATUS");
  if (IsWord(words[0], "DUMP")) {
    st.kind = ReplStatement::Kind::kDump;
  } else if (IsWord(words[0], "LOAD")) {
    st.kind = ReplStatement::Kind::kLoad;
  } else if (IsWord(words[0], "STATUS")) {
    st.kind = ReplStatement::Kind::kStatus;
  } else {
    return Status::InvalidArgument("REPL: expected DUMP, LOAD or STATUS, got " +
                                   words[0].ToString());
  }
  const std::string kind(ReplKindName(st.kind));
  if (words.size() < 2 || !words[1].is_constant()) {
    return Status::InvalidArgument("REPL " + kind + ": expected a database name");
  }
  st.name = words[1].text();
  switch (st.kind) {
    case ReplStatement::Kind::kDump:
      CELLAR_RETURN_IF_ERROR(ParseDumpClauses(words, 2, st));
      break;
    case ReplStatement::Kind::kLoad:
      if (words.size() != 4 || !IsWord(words[2], "FROM") || !words[3].is_string()) {
        return Status::InvalidArgument("REPL LOAD: expected FROM '<dump path>' after the name");
      }
      st.path = words[3].text();
      break;
    case ReplStatement::Kind::kStatus:
      if (words.size() > 2) return Unexpected(words[2]);
      break;
  }
  return st;
}

}  // namespace cellar::shell
