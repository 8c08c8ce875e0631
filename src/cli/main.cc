// cellar: the command-line program. Each subcommand lives in its own module and registers
// itself here; CLI11's exceptions stay inside this file.

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/mysql_main.h"
#include "cli/pg_main.h"
#include "cli/repl_main.h"
#ifdef CELLAR_HAVE_SERVE
#include "cli/serve_main.h"
#endif
#include "cli/shell/shell_main.h"

#ifndef CELLAR_VERSION
#define CELLAR_VERSION "unknown"
#endif

int main(int argc, char** argv) {
  CLI::App app{"Cellar: an HBase-model wide-column store on RocksDB", "cellar"};
  app.set_version_flag("--version", CELLAR_VERSION);
  app.require_subcommand(1);

  cellar::shell::ShellFlags shell_flags;
  CLI::App* shell = cellar::shell::AddShellSubcommand(app, shell_flags);
  cellar::cli::PgFlags pg_flags;
  CLI::App* pg = cellar::cli::AddPgSubcommand(app, pg_flags);
  cellar::cli::MysqlFlags mysql_flags;
  CLI::App* mysql = cellar::cli::AddMysqlSubcommand(app, mysql_flags);
  cellar::cli::ReplFlags repl_flags;
  CLI::App* repl = cellar::cli::AddReplSubcommand(app, repl_flags);
#ifdef CELLAR_HAVE_SERVE
  cellar::cli::ServeFlags serve_flags;
  CLI::App* serve = cellar::cli::AddServeSubcommand(app, serve_flags);
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version end here with 0; a usage error exits with 2, as is customary.
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (shell->parsed()) return cellar::shell::RunShell(shell_flags);
  if (pg->parsed()) return cellar::cli::RunPg(pg_flags);
  if (mysql->parsed()) return cellar::cli::RunMysql(mysql_flags);
  if (repl->parsed()) return cellar::cli::RunRepl(repl_flags);
#ifdef CELLAR_HAVE_SERVE
  if (serve->parsed()) return cellar::cli::RunServe(serve_flags);
#endif
  std::cerr << "cellar: no subcommand\n";
  return 2;
}
