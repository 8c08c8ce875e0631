#pragma once

// CREATE TABLE statements as mysqldump and mariadb-dump write them, parsed for what staging,
// publishing and Hive need: the columns with their types, the primary key and the unique keys.
//
//   create  := CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name '(' def (',' def)* ')' options
//   def     := column | [CONSTRAINT [name]] PRIMARY KEY [USING x] '(' keypart, ... ')' ...
//            | [CONSTRAINT [name]] UNIQUE [KEY | INDEX] [name] [USING x] '(' keypart, ... ')' ...
//            | (KEY | INDEX | FULLTEXT | SPATIAL | FOREIGN | CHECK | CONSTRAINT ...) ...  (skipped)
//   column  := name type ['(' arg, ... ')'] [SIGNED | UNSIGNED | ZEROFILL]* attribute*
//              (attributes: NOT NULL, NULL, PRIMARY KEY, UNIQUE [KEY], and any others, skipped)
//   keypart := name ['(' length ')'] [ASC | DESC]
//
// Pure functions; thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"

namespace cellar::mysql {

struct ColumnDef {
  std::string name;
  // The base type in lower case: "int", "varchar", "decimal", "enum", "bit", "json"...
  std::string type;
  // The arguments in parentheses as written, quotes removed: {"10", "2"}, {"a", "b"} for enum.
  std::vector<std::string> args;
  bool is_unsigned = false;
  bool zerofill = false;
  bool nullable = true;

  // The type as MySQL prints it: "decimal(10,2) unsigned zerofill".
  std::string TypeText() const;
};

struct TableSchema {
  std::string name;
  std::vector<ColumnDef> columns;
  // Column names of the primary key, in key order; empty when the table has none.
  std::vector<std::string> primary_key;
  std::vector<std::vector<std::string>> unique_keys;

  // The index of column "name" (MySQL compares names ignoring case), or -1.
  int ColumnIndex(std::string_view name) const;
};

// Parses "text", a CREATE TABLE statement without its delimiter (conditional-comment markers
// allowed). InvalidArgument, with the offset and a snippet, when it is not one.
Result<TableSchema> ParseCreateTable(std::string_view text);

}  // namespace cellar::mysql
