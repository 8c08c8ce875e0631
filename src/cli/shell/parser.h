#pragma once

// Parser: turns shell input into statements, one command with its arguments each.
//
//   script    := (statement? (newline | ';'))* statement?
//   statement := command [ '(' ] [ args ] [ ')' ]     # get 't','r'  or  get('t','r')
//              | "REPL" word*                          # Hive: REPL DUMP db FROM 1 TO 9 BATCH 100
//   args      := arg (',' arg)*
//   arg       := value | value '=>' value              # trailing KEY => v pairs form one hash
//   value     := string | integer | true | false | nil | CONSTANT
//              | '[' [value (',' value)* [',']] ']'
//              | '{' [value '=>' value (',' value '=>' value)* [',']] '}'
// A statement continues on the next line after ',' or '=>' and inside brackets. CONSTANT is a
// name starting with an upper-case letter (VERSIONS); other bare names are rejected because Ruby
// variables and methods are not supported. Not thread-safe; one per input.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"
#include "cli/shell/lexer.h"
#include "cli/shell/value.h"

namespace cellar::shell {

struct Statement {
  // The command name as written ("get"), or "REPL" (upper case) for a Hive REPL statement.
  std::string command;
  // Positional arguments; trailing KEY => value pairs arrive as one final hash.
  std::vector<Value> args;
  int line = 1;  // where the statement starts, 1-based
};

class Parser {
 public:
  // "text" is borrowed and must outlive the Parser. Lines are numbered from "first_line".
  explicit Parser(std::string_view text, int first_line = 1) : lexer_(text, first_line) {}

  // The next statement, or nullopt at the end of the input; blank lines and comments are skipped.
  // Returns InvalidArgument "line L, column C: <what>" on a syntax error; the next call then
  // continues after the line with the error.
  Result<std::optional<Statement>> Next();

 private:
  Result<Token> Peek();
  Result<Token> Take();
  Status SkipNewlines();
  Status Error(const Token& at, std::string_view what) const;
  Status ParseArguments(Statement& st);
  Status ParseHiveWords(Statement& st);
  Result<Value> ParseHiveProperties();
  Status ExpectStatementEnd();
  Result<Value> ParseValue();
  Result<Value> ParseArray();
  Result<Value> ParseHash();
  Result<Value> ParseName(const Token& token);

  Lexer lexer_;
  std::optional<Token> lookahead_;
  bool recovering_ = false;
};

// Whether "text" stops in the middle of a statement (inside a string or brackets, or right after
// ',' or '=>'), so an interactive reader should read another line before parsing it.
bool NeedsMoreInput(std::string_view text);

}  // namespace cellar::shell
