#include "cli/serve_main.h"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <vector>

#include "cellar/store.h"
#include "server/rest/rest_gateway.h"
#include "server/thrift/thrift1_gateway.h"
#include "server/thrift/thrift2_gateway.h"

namespace cellar::cli {
namespace {

int Fail(const Status& s) {
  spdlog::error("cellar serve: {}", s.message());
  return 1;
}

// The first line of "path", which holds "user:password" (kept out of the command line, where
// other users of the machine could read it).
Result<std::string> ReadBasicAuth(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) {
    return Status::InvalidArgument("--basic-auth-file " + path +
                                   ": cannot read it; it should hold one line user:password");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.find(':') == std::string::npos || line.front() == ':') {
    return Status::InvalidArgument("--basic-auth-file " + path +
                                   ": the first line should be user:password");
  }
  return line;
}

Result<server::GatewayOptions> CommonOptions(const ServeFlags& f) {
  server::GatewayOptions o;
  o.bind = f.bind;
  o.workers = f.workers;
  o.read_only = f.read_only;
  o.tls_cert_file = f.tls_cert;
  o.tls_key_file = f.tls_key;
  o.tls_client_ca_file = f.tls_client_ca;
  o.idle_timeout_seconds = f.idle_timeout_seconds;
  if (!f.basic_auth_file.empty()) {
    CELLAR_ASSIGN_OR_RETURN(o.basic_auth, ReadBasicAuth(f.basic_auth_file));
  }
  if (o.tls_cert_file.empty() != o.tls_key_file.empty()) {
    return Status::InvalidArgument("--tls-cert and --tls-key go together");
  }
  return o;
}

Result<std::vector<std::unique_ptr<server::Gateway>>> MakeGateways(Store& store,
                                                                   const ServeFlags& f) {
  CELLAR_ASSIGN_OR_RETURN(server::GatewayOptions common, CommonOptions(f));
  std::vector<std::unique_ptr<server::Gateway>> gateways;
  server::ThriftGatewayOptions thrift;
  static_cast<server::GatewayOptions&>(thrift) = common;
  thrift.framed = f.framed;
  thrift.compact = f.compact;
  if (!f.no_thrift) {
    thrift.port = f.thrift_port;
    gateways.push_back(server::MakeThrift1Gateway(store, thrift));
  }
  if (!f.no_thrift2) {
    thrift.port = f.thrift2_port;
    gateways.push_back(server::MakeThrift2Gateway(store, thrift));
  }
  if (!f.no_rest) {
    server::GatewayOptions rest = common;
    rest.port = f.rest_port;
    gateways.push_back(server::MakeRestGateway(store, rest));
  }
  if (gateways.empty()) return Status::InvalidArgument("every gateway is turned off");
  return gateways;
}

void StopAll(std::vector<std::unique_ptr<server::Gateway>>& gateways) {
  for (auto& g : gateways) g->Stop();
}

}  // namespace

CLI::App* AddServeSubcommand(CLI::App& app, ServeFlags& f) {
  CLI::App* serve = app.add_subcommand(
      "serve", "Serve the store over HBase's Thrift (v1, v2) and REST protocols");
  serve->add_option("--data", f.data, "the store directory (default ./cellar-data or $CELLAR_DATA)");
  serve->add_option("--bind", f.bind, "address to listen on (default 127.0.0.1)");
  serve->add_option("--thrift-port", f.thrift_port, "Thrift v1 (service Hbase) port (9090; 0 = any)");
  serve->add_option("--thrift2-port", f.thrift2_port,
                    "Thrift v2 (service THBaseService) port (9091; 0 = any)");
  serve->add_option("--rest-port", f.rest_port, "REST gateway port (8080; 0 = any)");
  serve->add_flag("--no-thrift", f.no_thrift, "do not serve Thrift v1");
  serve->add_flag("--no-thrift2", f.no_thrift2, "do not serve Thrift v2");
  serve->add_flag("--no-rest", f.no_rest, "do not serve REST");
  serve->add_flag("-f,--framed", f.framed, "Thrift: framed transport (default buffered)");
  serve->add_flag("-c,--compact", f.compact, "Thrift: compact protocol (default binary)");
  serve->add_option("--workers", f.workers, "worker threads per gateway (default 64)")
      ->check(CLI::Range(1, 4096));
  serve->add_option("--idle-timeout", f.idle_timeout_seconds,
                    "close connections idle this many seconds (default 300)")
      ->check(CLI::Range(1, 86400));
  serve->add_flag("--read-only", f.read_only, "refuse every write and DDL");
  serve->add_option("--tls-cert", f.tls_cert, "TLS: PEM certificate chain (every gateway)");
  serve->add_option("--tls-key", f.tls_key, "TLS: PEM private key");
  serve->add_option("--tls-client-ca", f.tls_client_ca,
                    "TLS: require client certificates signed by a CA in this PEM file");
  serve->add_option("--basic-auth-file", f.basic_auth_file,
                    "REST: require HTTP basic authentication with the user:password in this file");
  return serve;
}

int RunServe(ServeFlags f) {
  // Log lines go to standard error; standard output carries only the "name<TAB>address" lines.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("cellar serve"));
  if (const char* env = std::getenv("CELLAR_DATA"); env && f.data == "./cellar-data") f.data = env;
  // Every thread started from here on inherits this mask, so that SIGINT and SIGTERM reach only
  // the sigwait below, which then stops the gateways in order.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a client that hangs up must not kill the server

  auto store = Store::Open(f.data);
  if (!store.ok()) return Fail(store.status());
  auto gateways = MakeGateways(**store, f);
  if (!gateways.ok()) return Fail(gateways.status());
  for (auto& g : *gateways) {
    if (Status s = g->Start(); !s.ok()) {
      StopAll(*gateways);
      return Fail(s);
    }
    // One line per gateway on stdout, so that scripts (and tests using port 0) learn the port.
    std::cout << g->name() << "\t" << f.bind << ":" << g->port() << std::endl;
  }
  spdlog::info("cellar serve: store {} ready", f.data);
  int signal = 0;
  sigwait(&stop_signals, &signal);
  spdlog::info("cellar serve: {} received; finishing requests in hand", strsignal(signal));
  StopAll(*gateways);
  gateways->clear();
  if (Status s = (*store)->Close(); !s.ok()) return Fail(s);
  spdlog::info("cellar serve: store closed; bye");
  return 0;
}

}  // namespace cellar::cli
