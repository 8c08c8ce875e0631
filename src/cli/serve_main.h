#pragma once

// `cellar serve`: HBase's Thrift v1, Thrift v2 and REST gateways over one embedded store.

#include <string>

#include "server/gateway.h"

namespace CLI {
class App;
}

namespace cellar::cli {

struct ServeFlags {
  std::string data = "./cellar-data";
  std::string bind = "127.0.0.1";
  // HBase's ports: thrift 9090, REST 8080; thrift2 9091 here, since one port serves one service.
  int thrift_port = 9090;
  int thrift2_port = 9091;
  int rest_port = 8080;
  bool no_thrift = false, no_thrift2 = false, no_rest = false;
  bool framed = false;   // -f, as HBase's thrift server
  bool compact = false;  // -c
  int workers = 64;
  int idle_timeout_seconds = 300;
  bool read_only = false;
  std::string tls_cert, tls_key, tls_client_ca;
  std::string basic_auth_file;
};

CLI::App* AddServeSubcommand(CLI::App& app, ServeFlags& flags);
// Serves until SIGINT or SIGTERM. Returns the exit code: 0 after a clean stop, 1 on an error.
int RunServe(ServeFlags flags);

}  // namespace cellar::cli
