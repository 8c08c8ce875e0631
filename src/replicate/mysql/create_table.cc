#include "replicate/mysql/create_table.h"

#include "replicate/mysql/dump_lexer.h"

namespace cellar::mysql {
namespace {

bool IsName(const Token& t) { return t.kind == TokenKind::kWord || t.kind == TokenKind::kQuotedName; }

std::string Lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

class CreateTableParser {
 public:
  explicit CreateTableParser(std::string_view text) : lexer_(text, &arena_) {
    arena_.reserve(text.size());
  }

  Result<TableSchema> Parse() {
    TableSchema schema;
    CELLAR_RETURN_IF_ERROR(Advance());
    if (!t_.IsWord("CREATE")) return Expected("CREATE");
    CELLAR_RETURN_IF_ERROR(Advance());
    if (t_.IsWord("OR")) {  // OR REPLACE
      CELLAR_RETURN_IF_ERROR(Advance());
      CELLAR_RETURN_IF_ERROR(Advance());
    }
    if (t_.IsWord("TEMPORARY")) CELLAR_RETURN_IF_ERROR(Advance());
    if (!t_.IsWord("TABLE")) return Expected("TABLE");
    CELLAR_RETURN_IF_ERROR(Advance());
    if (t_.IsWord("IF")) {  // IF NOT EXISTS
      for (int i = 0; i < 3; ++i) CELLAR_RETURN_IF_ERROR(Advance());
    }
    if (!IsName(t_)) return Expected("a table name");
    schema.name = std::string(t_.text);
    CELLAR_RETURN_IF_ERROR(Advance());
    if (t_.IsPunct('.')) {
      CELLAR_RETURN_IF_ERROR(Advance());
      if (!IsName(t_)) return Expected("a table name after '.'");
      schema.name = std::string(t_.text);
      CELLAR_RETURN_IF_ERROR(Advance());
    }
    if (!t_.IsPunct('(')) return Expected("'(' starting the column list");
    do {
      CELLAR_RETURN_IF_ERROR(Advance());
      CELLAR_RETURN_IF_ERROR(Definition(schema));
    } while (t_.IsPunct(','));
    if (!t_.IsPunct(')')) return Expected("',' or ')' after a definition");
    if (schema.columns.empty()) return Expected("at least one column");
    return schema;
  }

 private:
  Status Advance() { return lexer_.Next(t_); }

  Status Expected(std::string_view what) const {
    return Status::InvalidArgument("CREATE TABLE: expected " + std::string(what) + ", found " +
                                   std::string(TokenKindName(t_.kind)) + " " +
                                   lexer_.Near(t_.offset));
  }

  // Skips to the ',' or ')' that ends the current definition (parentheses nest).
  Status SkipRest() {
    int depth = 0;
    while (t_.kind != TokenKind::kEnd) {
      if (depth == 0 && (t_.IsPunct(',') || t_.IsPunct(')'))) return Status::Ok();
      if (t_.IsPunct('(')) ++depth;
      if (t_.IsPunct(')')) --depth;
      CELLAR_RETURN_IF_ERROR(Advance());
    }
    return Expected("')' closing the column list");
  }

  // At '(' of a key part list; reads the names and leaves t_ after the ')'.
  Status KeyParts(std::vector<std::string>& names) {
    while (!t_.IsPunct('(')) {  // an index name, USING BTREE...
      if (t_.kind == TokenKind::kEnd || t_.IsPunct(',')) return Expected("'(' of the key's columns");
      CELLAR_RETURN_IF_ERROR(Advance());
    }
    do {
      CELLAR_RETURN_IF_ERROR(Advance());
      if (!IsName(t_)) return Expected("a key column");
      names.emplace_back(t_.text);
      CELLAR_RETURN_IF_ERROR(Advance());
      if (t_.IsPunct('(')) {  // a prefix length
        CELLAR_RETURN_IF_ERROR(Advance());
        CELLAR_RETURN_IF_ERROR(Advance());
        if (!t_.IsPunct(')')) return Expected("')' after a key prefix length");
        CELLAR_RETURN_IF_ERROR(Advance());
      }
      if (t_.IsWord("ASC") || t_.IsWord("DESC")) CELLAR_RETURN_IF_ERROR(Advance());
    } while (t_.IsPunct(','));
    if (!t_.IsPunct(')')) return Expected("')' after the key's columns");
    return Advance();
  }

  Status Definition(TableSchema& schema) {
    if (t_.IsWord("CONSTRAINT")) {
      CELLAR_RETURN_IF_ERROR(Advance());
      if (!t_.IsWord("PRIMARY") && !t_.IsWord("UNIQUE") && !t_.IsWord("FOREIGN") &&
          !t_.IsWord("CHECK")) {
        CELLAR_RETURN_IF_ERROR(Advance());  // the constraint's name
      }
    }
    if (t_.kind == TokenKind::kWord) {
      if (t_.IsWord("PRIMARY")) {
        CELLAR_RETURN_IF_ERROR(Advance());
        schema.primary_key.clear();
        CELLAR_RETURN_IF_ERROR(KeyParts(schema.primary_key));
        return SkipRest();
      }
      if (t_.IsWord("UNIQUE")) {
        CELLAR_RETURN_IF_ERROR(Advance());
        schema.unique_keys.emplace_back();
        CELLAR_RETURN_IF_ERROR(KeyParts(schema.unique_keys.back()));
        return SkipRest();
      }
      static constexpr std::string_view kOtherKeys[] = {"KEY", "INDEX", "FULLTEXT", "SPATIAL",
                                                        "FOREIGN", "CHECK", "PERIOD"};
      for (std::string_view k : kOtherKeys) {
        if (t_.IsWord(k)) return SkipRest();
      }
    }
    return Column(schema);
  }

  Status Column(TableSchema& schema) {
    if (!IsName(t_)) return Expected("a column name");
    ColumnDef column;
    column.name = std::string(t_.text);
    CELLAR_RETURN_IF_ERROR(Advance());
    if (t_.kind != TokenKind::kWord) return Expected("the type of column " + column.name);
    column.type = Lowercase(t_.text);
    CELLAR_RETURN_IF_ERROR(Advance());
    if (t_.IsPunct('(')) {
      do {
        CELLAR_RETURN_IF_ERROR(Advance());
        if (t_.kind != TokenKind::kNumber && t_.kind != TokenKind::kString &&
            t_.kind != TokenKind::kWord) {
          return Expected("a type argument");
        }
        column.args.emplace_back(t_.text);
        CELLAR_RETURN_IF_ERROR(Advance());
      } while (t_.IsPunct(','));
      if (!t_.IsPunct(')')) return Expected("')' after the type's arguments");
      CELLAR_RETURN_IF_ERROR(Advance());
    }
    CELLAR_RETURN_IF_ERROR(Attributes(schema, column));
    schema.columns.push_back(std::move(column));
    return Status::Ok();
  }

  Status Attributes(TableSchema& schema, ColumnDef& column) {
    int depth = 0;
    while (t_.kind != TokenKind::kEnd) {
      if (depth == 0 && (t_.IsPunct(',') || t_.IsPunct(')'))) return Status::Ok();
      if (t_.IsPunct('(')) ++depth;
      if (t_.IsPunct(')')) --depth;
      if (depth == 0) {
        if (t_.IsWord("UNSIGNED")) column.is_unsigned = true;
        if (t_.IsWord("ZEROFILL")) column.zerofill = column.is_unsigned = true;
        if (t_.IsWord("NOT")) {
          CELLAR_RETURN_IF_ERROR(Advance());
          if (t_.kind == TokenKind::kNull) column.nullable = false;
          continue;
        }
        if (t_.IsWord("PRIMARY")) schema.primary_key = {column.name};
        if (t_.IsWord("UNIQUE")) schema.unique_keys.push_back({column.name});
        if (t_.IsWord("DEFAULT") || t_.IsWord("COMMENT")) {  // skip the value (may be a word)
          CELLAR_RETURN_IF_ERROR(Advance());
        }
      }
      CELLAR_RETURN_IF_ERROR(Advance());
    }
    return Expected("')' closing the column list");
  }

  std::string arena_;
  DumpLexer lexer_;
  Token t_;
};

}  // namespace

std::string ColumnDef::TypeText() const {
  std::string out = type;
  if (!args.empty()) {
    out += '(';
    for (size_t i = 0; i < args.size(); ++i) {
      if (i > 0) out += ',';
      bool quoted = type == "enum" || type == "set";
      out += quoted ? "'" + args[i] + "'" : args[i];
    }
    out += ')';
  }
  if (is_unsigned) out += " unsigned";
  if (zerofill) out += " zerofill";
  return out;
}

int TableSchema::ColumnIndex(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (EqualsIgnoreCase(columns[i].name, name)) return static_cast<int>(i);
  }
  return -1;
}

Result<TableSchema> ParseCreateTable(std::string_view text) {
  CreateTableParser parser(text);
  return parser.Parse();
}

}  // namespace cellar::mysql
