#include "cli/shell/parser.h"

#include <strings.h>

#include <cctype>

namespace cellar::shell {

namespace {

bool IsStatementEnd(TokenKind kind) {
  return kind == TokenKind::kNewline || kind == TokenKind::kSemicolon || kind == TokenKind::kEnd;
}

std::string Describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::kString:
      return "the string '" + token.text + "'";
    case TokenKind::kInteger:
      return "the number " + token.text;
    case TokenKind::kIdentifier:
      return "'" + token.text + "'";
    case TokenKind::kEquals:  // only Hive's WITH clause has '='; HBase's syntax means '=>'
      return "'=' (hash entries are written KEY => value)";
    default:
      return std::string(TokenKindName(token.kind));
  }
}

}  // namespace

Result<Token> Parser::Peek() {
  if (!lookahead_) {
    CELLAR_ASSIGN_OR_RETURN(Token token, lexer_.Next());
    lookahead_ = std::move(token);
  }
  return *lookahead_;
}

Result<Token> Parser::Take() {
  CELLAR_ASSIGN_OR_RETURN(Token token, Peek());
  lookahead_.reset();
  return token;
}

Status Parser::SkipNewlines() {
  while (true) {
    CELLAR_ASSIGN_OR_RETURN(Token token, Peek());
    if (token.kind != TokenKind::kNewline) return Status::Ok();
    lookahead_.reset();
  }
}

Status Parser::Error(const Token& at, std::string_view what) const {
  return Status::InvalidArgument("line " + std::to_string(at.line) + ", column " +
                                 std::to_string(at.column) + ": " + std::string(what));
}

Result<std::optional<Statement>> Parser::Next() {
  if (recovering_) {
    // Drop the rest of the line that held the error, then start afresh.
    recovering_ = false;
    if (!lookahead_ || !IsStatementEnd(lookahead_->kind)) lexer_.SkipLine();
    lookahead_.reset();
  }
  Result<std::optional<Statement>> result = [&]() -> Result<std::optional<Statement>> {
    while (true) {
      CELLAR_ASSIGN_OR_RETURN(Token token, Take());
      if (token.kind == TokenKind::kEnd) return std::optional<Statement>();
      if (token.kind == TokenKind::kNewline || token.kind == TokenKind::kSemicolon) continue;
      if (token.kind != TokenKind::kIdentifier) {
        return Error(token, "expected a command name, got " + Describe(token) +
                                " (Ruby code is not supported; type 'help')");
      }
      Statement st;
      st.command = token.text;
      st.line = token.line;
      if (strcasecmp(token.text.c_str(), "REPL") == 0) {
        st.command = "REPL";
        CELLAR_RETURN_IF_ERROR(ParseHiveWords(st));
      } else {
        CELLAR_RETURN_IF_ERROR(ParseArguments(st));
      }
      CELLAR_RETURN_IF_ERROR(ExpectStatementEnd());
      return std::optional<Statement>(std::move(st));
    }
  }();
  if (!result.ok()) recovering_ = true;
  return result;
}

Status Parser::ExpectStatementEnd() {
  CELLAR_ASSIGN_OR_RETURN(Token token, Peek());
  if (!IsStatementEnd(token.kind)) {
    return Error(token, "expected ',' or the end of the command, got " + Describe(token));
  }
  if (token.kind != TokenKind::kEnd) lookahead_.reset();
  return Status::Ok();
}

Status Parser::ParseArguments(Statement& st) {
  CELLAR_ASSIGN_OR_RETURN(Token token, Peek());
  const bool parens = token.kind == TokenKind::kLParen;
  if (parens) {
    lookahead_.reset();
    CELLAR_RETURN_IF_ERROR(SkipNewlines());
    CELLAR_ASSIGN_OR_RETURN(token, Peek());
  }
  Value::Hash bare_hash;
  const bool empty = parens ? token.kind == TokenKind::kRParen : IsStatementEnd(token.kind);
  while (!empty) {
    CELLAR_ASSIGN_OR_RETURN(Token start, Peek());
    CELLAR_ASSIGN_OR_RETURN(Value value, ParseValue());
    CELLAR_ASSIGN_OR_RETURN(token, Peek());
    if (token.kind == TokenKind::kArrow) {
      lookahead_.reset();
      CELLAR_RETURN_IF_ERROR(SkipNewlines());
      CELLAR_ASSIGN_OR_RETURN(Value v, ParseValue());
      bare_hash.push_back({std::move(value), std::move(v)});
    } else if (!bare_hash.empty()) {
      return Error(start, "a positional argument cannot follow KEY => value pairs");
    } else {
      st.args.push_back(std::move(value));
    }
    CELLAR_ASSIGN_OR_RETURN(token, Peek());
    if (token.kind != TokenKind::kComma) break;
    lookahead_.reset();
    CELLAR_RETURN_IF_ERROR(SkipNewlines());
  }
  if (!bare_hash.empty()) st.args.push_back(Value::MakeHash(std::move(bare_hash)));
  if (parens) {
    CELLAR_RETURN_IF_ERROR(SkipNewlines());
    CELLAR_ASSIGN_OR_RETURN(token, Take());
    if (token.kind != TokenKind::kRParen)
      return Error(token, "expected ')', got " + Describe(token));
  }
  return Status::Ok();
}

// Hive's statements are words, not Ruby: REPL DUMP sales FROM 200 TO 1400 BATCH 100, and a
// property list WITH ('key'='value', ...) that arrives as one hash of strings.
Status Parser::ParseHiveWords(Statement& st) {
  while (true) {
    CELLAR_ASSIGN_OR_RETURN(Token token, Peek());
    if (IsStatementEnd(token.kind)) return Status::Ok();
    lookahead_.reset();
    switch (token.kind) {
      case TokenKind::kIdentifier:
        st.args.push_back(Value::Constant(token.text));
        break;
      case TokenKind::kInteger:
        st.args.push_back(Value::Integer(token.integer));
        break;
      case TokenKind::kString:
        st.args.push_back(Value::String(token.text));
        break;
      case TokenKind::kLParen: {
        CELLAR_ASSIGN_OR_RETURN(Value properties, ParseHiveProperties());
        st.args.push_back(std::move(properties));
        break;
      }
      default:
        return Error(token, "unexpected " + std::string(TokenKindName(token.kind)) +
                                " in a REPL statement");
    }
  }
}

// After '(': 'key' = 'value' {, 'key' = 'value'} ')'.
Result<Value> Parser::ParseHiveProperties() {
  // The next token, which must be of "kind"; otherwise "expected <what>, got <token>".
  auto take = [this](TokenKind kind, const std::string& what) -> Result<Token> {
    CELLAR_ASSIGN_OR_RETURN(Token token, Take());
    if (token.kind != kind) {
      return Error(token, "expected " + what + ", got " + std::string(TokenKindName(token.kind)));
    }
    return token;
  };
  Value::Hash entries;
  while (true) {
    CELLAR_ASSIGN_OR_RETURN(Token key, take(TokenKind::kString, "a quoted property key in WITH "
                                                                "('key'='value', ...)"));
    CELLAR_RETURN_IF_ERROR(take(TokenKind::kEquals, "'=' after the property key '" + key.text + "'")
                               .status());
    CELLAR_ASSIGN_OR_RETURN(Token value, take(TokenKind::kString, "a quoted property value in "
                                                                  "WITH ('key'='value', ...)"));
    entries.push_back({Value::String(std::move(key.text)), Value::String(std::move(value.text))});
    CELLAR_ASSIGN_OR_RETURN(Token token, Take());
    if (token.kind == TokenKind::kRParen) return Value::MakeHash(std::move(entries));
    if (token.kind != TokenKind::kComma) {
      return Error(token, "expected ',' or ')' in WITH (...), got " +
                              std::string(TokenKindName(token.kind)));
    }
  }
}

Result<Value> Parser::ParseValue() {
  CELLAR_ASSIGN_OR_RETURN(Token token, Take());
  switch (token.kind) {
    case TokenKind::kString:
      return Value::String(std::move(token.text));
    case TokenKind::kInteger:
      return Value::Integer(token.integer);
    case TokenKind::kIdentifier:
      return ParseName(token);
    case TokenKind::kLBracket:
      return ParseArray();
    case TokenKind::kLBrace:
      return ParseHash();
    default:
      return Error(token, "expected a value, got " + Describe(token));
  }
}

Result<Value> Parser::ParseName(const Token& token) {
  if (token.text == "true") return Value::Bool(true);
  if (token.text == "false") return Value::Bool(false);
  if (token.text == "nil") return Value();
  if (std::isupper(static_cast<unsigned char>(token.text[0]))) return Value::Constant(token.text);
  return Error(token, "undefined name '" + token.text +
                          "': Ruby variables and methods are not supported; quote strings ('" +
                          token.text + "')");
}

Result<Value> Parser::ParseArray() {
  Value::Array items;
  while (true) {
    CELLAR_RETURN_IF_ERROR(SkipNewlines());
    CELLAR_ASSIGN_OR_RETURN(Token token, Peek());
    if (token.kind == TokenKind::kRBracket) break;
    CELLAR_ASSIGN_OR_RETURN(Value v, ParseValue());
    items.push_back(std::move(v));
    CELLAR_RETURN_IF_ERROR(SkipNewlines());
    CELLAR_ASSIGN_OR_RETURN(token, Peek());
    if (token.kind == TokenKind::kComma) {
      lookahead_.reset();
    } else if (token.kind != TokenKind::kRBracket) {
      return Error(token, "expected ',' or ']' in an array, got " + Describe(token));
    }
  }
  lookahead_.reset();
  return Value::MakeArray(std::move(items));
}

Result<Value> Parser::ParseHash() {
  Value::Hash entries;
  while (true) {
    CELLAR_RETURN_IF_ERROR(SkipNewlines());
    CELLAR_ASSIGN_OR_RETURN(Token token, Peek());
    if (token.kind == TokenKind::kRBrace) break;
    CELLAR_ASSIGN_OR_RETURN(Value key, ParseValue());
    CELLAR_RETURN_IF_ERROR(SkipNewlines());
    CELLAR_ASSIGN_OR_RETURN(token, Take());
    if (token.kind != TokenKind::kArrow) {
      return Error(token,
                   "expected '=>' after the key " + key.ToString() + ", got " + Describe(token));
    }
    CELLAR_RETURN_IF_ERROR(SkipNewlines());
    CELLAR_ASSIGN_OR_RETURN(Value value, ParseValue());
    entries.push_back({std::move(key), std::move(value)});
    CELLAR_RETURN_IF_ERROR(SkipNewlines());
    CELLAR_ASSIGN_OR_RETURN(token, Peek());
    if (token.kind == TokenKind::kComma) {
      lookahead_.reset();
    } else if (token.kind != TokenKind::kRBrace) {
      return Error(token, "expected ',' or '}' in a hash, got " + Describe(token));
    }
  }
  lookahead_.reset();
  return Value::MakeHash(std::move(entries));
}

bool NeedsMoreInput(std::string_view text) {
  Lexer lexer(text);
  int depth = 0;
  TokenKind last = TokenKind::kNewline;
  while (true) {
    Result<Token> token = lexer.Next();
    if (!token.ok()) return lexer.ended_inside_string();
    switch (token->kind) {
      case TokenKind::kEnd:
        return depth > 0 || last == TokenKind::kComma || last == TokenKind::kArrow;
      case TokenKind::kLBracket:
      case TokenKind::kLBrace:
      case TokenKind::kLParen:
        ++depth;
        break;
      case TokenKind::kRBracket:
      case TokenKind::kRBrace:
      case TokenKind::kRParen:
        --depth;
        break;
      case TokenKind::kSemicolon:
        depth = 0;
        break;
      default:
        break;
    }
    if (token->kind != TokenKind::kNewline || depth > 0) last = token->kind;
    if (token->kind == TokenKind::kNewline && depth <= 0 && last != TokenKind::kComma &&
        last != TokenKind::kArrow) {
      depth = 0;
      last = TokenKind::kNewline;
    }
  }
}

}  // namespace cellar::shell
