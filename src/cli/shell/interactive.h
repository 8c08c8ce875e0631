#pragma once

// The interactive shell: line editing, history in ~/.cellar_history and completion of command
// names, through libedit. A statement may span several lines (an open bracket or string, or a
// trailing ',' or '=>'); errors are reported and the shell goes on. Ends at exit, quit or
// Ctrl-D. Uses libedit's global state: one at a time per process.

#include "cli/shell/shell.h"

namespace cellar::shell {

// Runs the shell on the terminal until the user leaves. Returns 0.
int RunInteractive(Shell& shell);

}  // namespace cellar::shell
