#include "replicate/mysql/hive_ddl.h"

#include <algorithm>
#include <map>

#include "replicate/mysql/dump_lexer.h"
#include "replicate/mysql/publisher.h"
#include "replicate/mysql/staged_dump.h"
#include "replicate/mysql/type_map.h"

namespace cellar::mysql {
namespace {

std::string Quote(std::string_view name) {
  std::string out = "`";
  for (char c : name) out += c == '`' ? std::string("``") : std::string(1, c);
  return out + "`";
}

// Words that make a view's SQL MySQL-only, with the reason.
const std::map<std::string, std::string>& MysqlOnlyWords() {
  static const auto* words = new std::map<std::string, std::string>{
      {"ifnull", "IFNULL (Hive: nvl)"},
      {"group_concat", "GROUP_CONCAT (Hive: concat_ws + collect_list)"},
      {"date_format", "DATE_FORMAT (MySQL's % patterns differ from Hive's)"},
      {"str_to_date", "STR_TO_DATE"},
      {"convert", "CONVERT"},
      {"collate", "COLLATE"},
      {"straight_join", "STRAIGHT_JOIN"},
      {"sql_calc_found_rows", "SQL_CALC_FOUND_ROWS"},
      {"last_insert_id", "LAST_INSERT_ID"},
      {"found_rows", "FOUND_ROWS"},
      {"database", "DATABASE()"},
      {"interval", "INTERVAL arithmetic"},
      {"regexp", "REGEXP (Hive: rlike, different dialect)"},
      {"rlike", "RLIKE (different regular expression dialect)"},
      {"match", "MATCH ... AGAINST (full-text search)"},
      {"json_extract", "JSON_EXTRACT (Hive: get_json_object)"},
      {"json_unquote", "JSON_UNQUOTE"},
      {"timestampdiff", "TIMESTAMPDIFF"},
      {"div", "DIV"},
      {"xor", "XOR"},
      {"on duplicate", "ON DUPLICATE"},
      {"utc_timestamp", "UTC_TIMESTAMP"},
      {"now", "NOW() (Hive: current_timestamp)"},
      {"curdate", "CURDATE() (Hive: current_date)"},
  };
  return *words;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The SELECT of a CREATE VIEW text (after "VIEW name AS"), without conditional-comment
// markers and WITH CHECK OPTION.
Result<std::string> ViewSelect(const std::string& sql) {
  std::string text;
  for (size_t i = 0; i < sql.size();) {  // drop "/*!50001 " and " */" markers
    if (sql.compare(i, 3, "/*!") == 0) {
      i += 3;
      while (i < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i]))) ++i;
      continue;
    }
    if (sql.compare(i, 2, "*/") == 0) {
      i += 2;
      continue;
    }
    text += sql[i++];
  }
  std::string lower = Lower(text);
  size_t view = lower.find(" view ");
  size_t as = view == std::string::npos ? view : lower.find(" as ", view);
  if (as == std::string::npos) return Status::InvalidArgument("no `VIEW name AS` in its text");
  std::string select = text.substr(as + 4);
  lower = Lower(select);
  size_t check = lower.rfind("with ");
  if (check != std::string::npos && lower.find("check option", check) != std::string::npos) {
    select.resize(check);
  }
  while (!select.empty() && (std::isspace(static_cast<unsigned char>(select.back())) ||
                             select.back() == ';')) {
    select.pop_back();
  }
  while (!select.empty() && std::isspace(static_cast<unsigned char>(select.front()))) {
    select.erase(0, 1);
  }
  return select;
}

}  // namespace

std::string HiveTableDdl(const TableSchema& schema, const std::string& hbase_table,
                         bool binary_numbers) {
  std::string key = "row_key";
  while (schema.ColumnIndex(key) >= 0) key = "_" + key;
  std::string pk;
  for (const std::string& c : schema.primary_key) pk += (pk.empty() ? "" : ", ") + c;
  std::string out = "CREATE EXTERNAL TABLE " + Quote(schema.name) + " (\n  " + Quote(key) +
                    " binary COMMENT '" +
                    (pk.empty() ? std::string("sha256 of the row (no primary key)")
                                : "ordered encoding of the primary key (" + pk + ")") +
                    "'";
  std::string mapping = ":key";
  for (const ColumnDef& c : schema.columns) {
    out += ",\n  " + Quote(c.name) + " " + HiveTypeOf(c);
    mapping += ",";
    mapping += kPublishedFamily;
    mapping += ":" + c.name;
    if (binary_numbers && HasBinaryEncoding(c)) mapping += "#b";
  }
  out += "\n)\nSTORED BY 'org.apache.hadoop.hive.hbase.HBaseStorageHandler'\n";
  out += "WITH SERDEPROPERTIES (\"hbase.columns.mapping\" = \"" + mapping + "\")\n";
  out += "TBLPROPERTIES (\"hbase.table.name\" = \"" + hbase_table + "\");\n";
  return out;
}

Result<std::string> HiveViewDdl(const std::string& name, const std::string& sql) {
  CELLAR_ASSIGN_OR_RETURN(std::string select, ViewSelect(sql));
  if (select.find("_utf8") != std::string::npos || select.find("_latin1") != std::string::npos ||
      select.find("_binary") != std::string::npos) {
    return Status::InvalidArgument("a charset introducer (_utf8mb4'...'): not Hive SQL");
  }
  std::string arena;
  arena.reserve(select.size());
  DumpLexer lexer(select, &arena);
  Token token, previous;
  while (true) {
    Status s = lexer.Next(token);
    if (!s.ok()) return s.WithContext("the view's SELECT");
    if (token.kind == TokenKind::kEnd) break;
    if (token.kind == TokenKind::kWord) {
      auto it = MysqlOnlyWords().find(Lower(token.text));
      if (it != MysqlOnlyWords().end()) {
        return Status::InvalidArgument("uses " + it->second + ", which Hive does not have");
      }
      if (token.IsWord("limit")) {
        Token a, comma;
        CELLAR_RETURN_IF_ERROR(lexer.Next(a));
        CELLAR_RETURN_IF_ERROR(lexer.Peek(comma));
        if (comma.IsPunct(',')) return Status::InvalidArgument("LIMIT offset,count is MySQL-only");
      }
    }
    if (token.IsPunct('@')) return Status::InvalidArgument("uses @variables");
    previous = token;
  }
  return "CREATE VIEW " + Quote(name) + " AS " + select + ";\n";
}

Result<std::string> HiveDdl(Store& store, const std::string& ns,
                            std::optional<int64_t> dump_time_ms) {
  CELLAR_ASSIGN_OR_RETURN(std::vector<StagedDump> dumps, ListStagedDumps(store, ns));
  const StagedDump* view_dump = nullptr;
  std::map<std::string, const StagedTable*> tables;  // newest published schema per table
  for (const StagedDump& d : dumps) {
    if (dump_time_ms && d.dump_time_ms != *dump_time_ms) continue;
    bool any = false;
    for (const StagedTable& t : d.tables) {
      if (t.published) tables[t.name] = &t, any = true;
    }
    if (any || dump_time_ms) view_dump = &d;
  }
  if (dump_time_ms && view_dump == nullptr) {
    return Status::NotFound("no dump of " + FormatDumpTime(*dump_time_ms) + " is staged in " + ns);
  }
  if (tables.empty()) {
    return Status::FailedPrecondition("no table of " + ns +
                                      " is published; run `cellar mysql publish` first");
  }
  std::string out = "-- Hive DDL for the tables published in " + ns + "\n";
  for (const auto& [name, t] : tables) {
    auto schema = ParseCreateTable(t->create_sql);
    if (!schema.ok()) return schema.status().WithContext("table " + name);
    // "database.table" (a dump of several databases): Hive reads a dot as its own database.
    schema->name = name;
    std::replace(schema->name.begin(), schema->name.end(), '.', '_');
    out += "\n" + HiveTableDdl(*schema, ns + ":" + name, t->binary_numbers);
  }
  std::string skipped;
  for (const auto& [name, sql] : view_dump->views) {
    auto view = HiveViewDdl(name, sql);
    if (view.ok()) {
      out += "\n" + *view;
    } else {
      skipped += "--   " + name + ": " + view.status().message() + "\n";
    }
  }
  if (!skipped.empty()) out += "\n-- Views not translated:\n" + skipped;
  return out;
}

}  // namespace cellar::mysql
