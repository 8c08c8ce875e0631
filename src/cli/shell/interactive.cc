#include "cli/shell/interactive.h"

#include <editline/readline.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace cellar::shell {

namespace {

// Completion candidates; libedit's callbacks take no context, so they live here.
std::vector<std::string>* g_command_names = nullptr;

char* CompleteCommand(const char* text, int state) {
  static size_t next = 0;
  if (state == 0) next = 0;
  const size_t length = std::strlen(text);
  while (g_command_names != nullptr && next < g_command_names->size()) {
    const std::string& name = (*g_command_names)[next++];
    if (name.compare(0, length, text) == 0) return strdup(name.c_str());
  }
  return nullptr;
}

// Completes command names at the start of the line only; arguments are not completed.
char** CompleteLine(const char* text, int start, int /*end*/) {
  rl_attempted_completion_over = 1;
  if (start != 0) return nullptr;
  return rl_completion_matches(text, CompleteCommand);
}

std::string HistoryPath() {
  const char* home = std::getenv("HOME");
  return home != nullptr ? std::string(home) + "/.cellar_history" : "";
}

std::string Prompt(int number, bool continuation) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "cellar(main):%03d:%d%s ", number, continuation ? 1 : 0,
                continuation ? "*" : ">");
  return buf;
}

}  // namespace

int RunInteractive(Shell& shell) {
  std::vector<std::string> names = shell.commands().Names();
  g_command_names = &names;
  rl_attempted_completion_function = CompleteLine;
  const std::string history = HistoryPath();
  using_history();
  stifle_history(1000);
  if (!history.empty()) read_history(history.c_str());
  std::cout << "Cellar shell; enter 'help' for the list of commands, 'exit' to leave.\n";
  std::string buffer;
  int number = 1;
  while (!shell.exit_requested()) {
    std::unique_ptr<char, decltype(&std::free)> line(
        readline(Prompt(number, !buffer.empty()).c_str()), &std::free);
    if (line == nullptr) break;  // Ctrl-D
    buffer += line.get();
    buffer += '\n';
    if (NeedsMoreInput(buffer)) continue;
    std::string entry = buffer.substr(0, buffer.size() - 1);
    if (entry.find_first_not_of(" \t\n") != std::string::npos) add_history(entry.c_str());
    (void)shell.RunText(buffer, /*stop_on_error=*/false);  // errors are printed
    buffer.clear();
    ++number;
  }
  std::cout << "\n";
  if (!history.empty()) write_history(history.c_str());
  g_command_names = nullptr;
  return 0;
}

}  // namespace cellar::shell
