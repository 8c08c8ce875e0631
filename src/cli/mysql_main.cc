#include "cli/mysql_main.h"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <cstdio>
#include <iostream>

#include "cellar/remote.h"
#include "cellar/store.h"
#include "replicate/mysql/byte_source.h"
#include "replicate/mysql/hive_ddl.h"
#include "replicate/mysql/publisher.h"
#include "replicate/mysql/staged_dump.h"
#include "replicate/mysql/stager.h"

namespace cellar::cli {
namespace {

int Fail(const Status& s) {
  std::cerr << "cellar mysql: " << s.message() << "\n";
  return 1;
}

int Stage(Store& store, const MysqlFlags& flags) {
  mysql::StageOptions options{.ns = flags.ns, .skip_tables = flags.skip_tables};
  if (!flags.timestamp.empty()) {
    auto ts = mysql::ParseDumpTime(flags.timestamp);
    if (!ts.ok()) return Fail(ts.status().WithContext("--timestamp"));
    options.timestamp_ms = *ts;
  }
  std::vector<std::string> files = flags.files.empty() ? std::vector<std::string>{"-"} : flags.files;
  for (const std::string& file : files) {
    auto source = mysql::OpenByteSource(file);
    if (!source.ok()) return Fail(source.status());
    auto report = mysql::StageDump(store, **source, options);
    if (!report.ok()) return Fail(report.status().WithContext("nothing staged"));
    if (report->already_staged) {
      std::printf("%s: already staged as the dump of %s (sha256 %s); nothing changed\n",
                  (*source)->name().c_str(), mysql::FormatDumpTime(report->dump_time_ms).c_str(),
                  report->file_sha256.c_str());
      continue;
    }
    double mb = report->bytes / 1e6;
    std::printf("%s: staged the dump of %s (%lld): %llu tables, %llu rows, %llu chunks "
                "(%llu new), %.1f MB in %.2f s (%.0f MB/s), sha256 %s\n",
                (*source)->name().c_str(), mysql::FormatDumpTime(report->dump_time_ms).c_str(),
                (long long)report->dump_time_ms, (unsigned long long)report->tables,
                (unsigned long long)report->rows, (unsigned long long)report->chunks,
                (unsigned long long)report->new_chunks, mb, report->seconds,
                report->seconds > 0 ? mb / report->seconds : 0.0, report->file_sha256.c_str());
  }
  return 0;
}

int List(Store& store, const MysqlFlags& flags) {
  auto dumps = mysql::ListStagedDumps(store, flags.ns);
  if (!dumps.ok()) return Fail(dumps.status());
  for (const mysql::StagedDump& d : *dumps) {
    uint64_t rows = 0, chunks = 0;
    for (const auto& t : d.tables) rows += t.rows, chunks += t.chunks.size();
    std::printf("%lld  %s  tables=%zu views=%zu routines=%zu rows=%llu chunks=%llu sha256=%s  %s\n",
                (long long)d.dump_time_ms, mysql::FormatDumpTime(d.dump_time_ms).c_str(),
                d.tables.size(), d.views.size(), d.routines.size(), (unsigned long long)rows,
                (unsigned long long)chunks, d.file_sha256.substr(0, 16).c_str(), d.source.c_str());
  }
  return 0;
}

int Publish(Store& store, const MysqlFlags& flags) {
  mysql::PublishOptions options{.ns = flags.ns,
                                .include = flags.include,
                                .exclude = flags.exclude,
                                .max_versions = flags.versions,
                                .binary_numbers = flags.binary_numbers};
  if (flags.threads > 0) options.threads = flags.threads;
  if (!flags.dump.empty()) {
    auto ts = mysql::ParseDumpTime(flags.dump);
    if (!ts.ok()) return Fail(ts.status().WithContext("--dump"));
    options.dump_time_ms = *ts;
  }
  std::unique_ptr<Connection> remote;
  if (!flags.hbase.empty()) {
    auto connected = ConnectRemote(flags.hbase);
    if (!connected.ok()) return Fail(connected.status().WithContext("--hbase " + flags.hbase));
    remote = std::move(*connected);
  }
  auto reports = mysql::Publish(store, remote ? *remote : static_cast<Connection&>(store), options);
  if (!reports.ok()) return Fail(reports.status());
  for (const mysql::PublishReport& r : *reports) {
    std::string when = mysql::FormatDumpTime(r.dump_time_ms);
    if (r.already_published) {
      std::printf("%s %s:%s: already published\n", when.c_str(), flags.ns.c_str(),
                  r.table.c_str());
      continue;
    }
    std::printf("%s %s:%s: %llu new, %llu changed, %llu deleted rows; %llu cells put, %llu "
                "deleted; %llu chunks parsed, %llu unchanged skipped%s%s\n",
                when.c_str(), flags.ns.c_str(), r.table.c_str(), (unsigned long long)r.rows_new,
                (unsigned long long)r.rows_changed, (unsigned long long)r.rows_deleted,
                (unsigned long long)r.cells_put, (unsigned long long)r.cells_deleted,
                (unsigned long long)r.chunks_parsed, (unsigned long long)r.chunks_skipped,
                r.bulk_loaded ? "; bulk loaded" : "",
                r.out_of_order ? " (out of order: the next published dump was repaired)" : "");
  }
  return 0;
}

int HiveDdl(Store& store, const MysqlFlags& flags) {
  std::optional<int64_t> dump;
  if (!flags.dump.empty()) {
    auto ts = mysql::ParseDumpTime(flags.dump);
    if (!ts.ok()) return Fail(ts.status().WithContext("--dump"));
    dump = *ts;
  }
  auto ddl = mysql::HiveDdl(store, flags.ns, dump);
  if (!ddl.ok()) return Fail(ddl.status());
  std::fwrite(ddl->data(), 1, ddl->size(), stdout);
  return 0;
}

}  // namespace

CLI::App* AddMysqlSubcommand(CLI::App& app, MysqlFlags& flags) {
  CLI::App* mysql = app.add_subcommand(
      "mysql", "Stage mysqldump / mariadb-dump files in the store (the successor of SqlHBase)");
  mysql->add_option("command", flags.command, "stage | list | publish | hive-ddl")
      ->required()
      ->check(CLI::IsMember({"stage", "list", "publish", "hive-ddl"}));
  mysql->add_option("--ns", flags.ns, "namespace of the published tables (staging: NS_staging)")
      ->required();
  mysql->add_option("--data,--store", flags.store_dir,
                    "store directory (default ./cellar-data or $CELLAR_DATA; --store is the older name)");
  mysql->add_option("--hbase", flags.hbase,
                    "publish: write the tables to this HBase Thrift2 gateway (HOST:PORT)");
  mysql->add_option("--timestamp", flags.timestamp,
                    "dump time: YYYY-MM-DD, 'YYYY-MM-DD HH:MM:SS' (UTC) or ms; default: the "
                    "'-- Dump completed on' trailer");
  mysql->add_option("--skip-tables", flags.skip_tables, "tables to leave out")->delimiter(',');
  mysql->add_option("--dump", flags.dump, "publish, hive-ddl: the dump (its time); default: all unpublished / the newest");
  auto* include = mysql->add_option("--include", flags.include, "publish: only these tables")
                      ->delimiter(',');
  mysql->add_option("--exclude", flags.exclude, "publish: all but these tables")
      ->delimiter(',')
      ->excludes(include);
  mysql->add_option("--versions", flags.versions,
                    "publish: VERSIONS of new tables (default Integer.MAX_VALUE)")
      ->check(CLI::PositiveNumber);
  mysql->add_flag("--binary-numbers", flags.binary_numbers,
                  "publish: numbers in HBase Bytes encodings (default: MySQL's text)");
  mysql
      ->add_option("--threads", flags.threads,
                   "publish: tables of a dump published at once (default: the cores)")
      ->check(CLI::Range(1, 256));
  mysql->add_option("files", flags.files, "dump files (.sql or .sql.gz); - or none: stdin");
  return mysql;
}

int RunMysql(const MysqlFlags& flags) {
  std::string dir = flags.store_dir;
  // As the other subcommands: $CELLAR_DATA when no directory is given.
  if (const char* env = std::getenv("CELLAR_DATA"); env && dir == "./cellar-data") dir = env;
  auto store = Store::Open(dir);
  if (!store.ok()) return Fail(store.status());
  int code = flags.command == "stage"     ? Stage(**store, flags)
             : flags.command == "publish" ? Publish(**store, flags)
             : flags.command == "hive-ddl" ? HiveDdl(**store, flags)
                                          : List(**store, flags);
  Status closed = (*store)->Close();
  if (!closed.ok() && code == 0) return Fail(closed);
  return code;
}

}  // namespace cellar::cli
