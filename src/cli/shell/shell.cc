#include "cli/shell/shell.h"

#include <chrono>

namespace cellar::shell {

Shell::Shell(Connection& connection, Store* store, std::string location, std::ostream& out,
             std::ostream& err, int width)
    : commands_(BuildCommandTable()),
      formatter_(out, width),
      session_(connection, store, std::move(location), formatter_, commands_),
      out_(out),
      err_(err) {}

void Shell::ReportError(const Status& status, const Command* command, int line) {
  out_.flush();
  err_ << "ERROR: ";
  if (script_mode_ && line > 0) err_ << "line " << line << ": ";
  err_ << status.message() << "\n";
  if (command != nullptr) {
    err_ << "\nHere is some help for this command:\n" << command->usage << "\n";
  }
  err_.flush();
}

Status Shell::Execute(const Statement& statement) {
  const Command* command = commands_.Find(statement.command);
  if (command == nullptr) {
    Status status = Status::InvalidArgument("Unknown command '" + statement.command +
                                            "'. Type 'help' for the list of commands.");
    ReportError(status, nullptr, statement.line);
    return status;
  }
  const auto start = std::chrono::steady_clock::now();
  session_.BeginCommand();
  Status status = command->handler(session_, ArgList(statement.args, command->takes_options));
  if (!status.ok()) {
    // A malformed call gets the usage of its command, as HBase's shell does.
    const bool malformed = status.IsInvalidArgument() && !session_.store_touched();
    ReportError(status, malformed ? command : nullptr, statement.line);
    return status;
  }
  if (session_.footer()) {
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    formatter_.Footer(formatter_.row_count(), elapsed.count());
  }
  out_.flush();
  return Status::Ok();
}

Status Shell::RunText(std::string_view text, bool stop_on_error, int first_line) {
  Parser parser(text, first_line);
  while (!exit_requested()) {
    Result<std::optional<Statement>> statement = parser.Next();
    if (!statement.ok()) {
      Status status = Status::InvalidArgument("syntax error: " + statement.status().message());
      ReportError(status, nullptr, 0);
      if (stop_on_error) return status;
      continue;
    }
    if (!*statement) break;
    Status status = Execute(**statement);
    if (!status.ok() && stop_on_error) return status;
  }
  return Status::Ok();
}

Status Shell::RunStream(std::istream& in, bool stop_on_error) {
  std::string buffer, line;
  int line_number = 0, buffer_first_line = 1;
  while (!exit_requested() && std::getline(in, line)) {
    ++line_number;
    buffer += line;
    buffer += '\n';
    if (NeedsMoreInput(buffer)) continue;
    Status status = RunText(buffer, stop_on_error, buffer_first_line);
    if (!status.ok()) return status;
    buffer.clear();
    buffer_first_line = line_number + 1;
  }
  // Whatever is left is incomplete (an open string or bracket): let the parser say so.
  if (!exit_requested() && !buffer.empty())
    return RunText(buffer, stop_on_error, buffer_first_line);
  return Status::Ok();
}

}  // namespace cellar::shell
