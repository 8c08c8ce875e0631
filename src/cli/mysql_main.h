#pragma once

// `cellar mysql stage|list ...`: MySQL dump ingestion (the successor of SqlHBase, issue 5).
//
//   cellar mysql stage --ns NS [--store DIR] [--timestamp T] [--skip-tables a,b] [FILE ... | -]
//   cellar mysql list  --ns NS [--store DIR]
//   cellar mysql publish --ns NS [--store DIR] [--dump T] [--include a,b | --exclude a,b]
//                        [--versions N] [--binary-numbers] [--threads N]
//   cellar mysql hive-ddl --ns NS [--store DIR] [--dump T]

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace cellar::cli {

struct MysqlFlags {
  std::string command;
  std::string ns;
  // The store's directory (--data, or the older --store). Default: ./cellar-data or $CELLAR_DATA.
  std::string store_dir = "./cellar-data";
  // publish: write the tables to this HBase Thrift2 gateway (HOST:PORT) instead of the store
  // (which still holds the staged dumps). Default: none.
  std::string hbase;
  std::string timestamp;
  std::vector<std::string> skip_tables;
  std::vector<std::string> files;
  // publish / hive-ddl: the dump (YYYY-MM-DD, 'YYYY-MM-DD HH:MM:SS' or ms). Default: all.
  std::string dump;
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  // VERSIONS of the published tables' family. Default: Integer.MAX_VALUE (unlimited).
  int versions = 2147483647;
  // Numbers in HBase's Bytes encodings. Default: false (MySQL's text form).
  bool binary_numbers = false;
  // publish: tables of a dump published at once. Default: the number of cores.
  int threads = 0;
};

CLI::App* AddMysqlSubcommand(CLI::App& app, MysqlFlags& flags);
// Runs the command; returns the process exit code (0 ok, 1 error, 2 usage).
int RunMysql(const MysqlFlags& flags);

}  // namespace cellar::cli
