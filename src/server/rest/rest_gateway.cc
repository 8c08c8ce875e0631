#include "server/rest/rest_gateway.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "server/rest/base64.h"
#include "server/rest/router.h"

namespace cellar::server {
namespace {

using rest::RestRequest;
using rest::RestResponse;

// httplib checks for Stop only between requests, so a keep-alive connection that sits idle
// holds Stop up for this long at most; clients simply reconnect.
constexpr int kMaxKeepAliveSeconds = 5;
// Request bodies larger than this get 413.
constexpr size_t kMaxBodyBytes = 64u << 20;

RestRequest ToRestRequest(const httplib::Request& req) {
  RestRequest r;
  r.method = req.method;
  rest::ParseTarget(req.target.empty() ? req.path : req.target, r);
  if (r.params.empty()) {
    for (const auto& [k, v] : req.params) r.params.emplace_back(k, v);
  }
  r.accept = req.get_header_value("Accept");
  r.content_type = req.get_header_value("Content-Type");
  for (const char* h : {"Host", "X-Row", "X-Column", "X-Timestamp"}) {
    if (req.has_header(h)) {
      std::string name = h;
      std::transform(name.begin(), name.end(), name.begin(), ::tolower);
      r.headers[name] = req.get_header_value(h);
    }
  }
  r.body = req.body;
  return r;
}

void FromRestResponse(const RestResponse& from, httplib::Response& to) {
  to.status = from.status;
  for (const auto& [k, v] : from.headers) to.set_header(k, v);
  if (!from.body.empty() || !from.content_type.empty()) {
    to.set_content(from.body, from.content_type.empty() ? "text/plain" : from.content_type);
  }
}

// Constant-time comparison, so that the time taken does not reveal how much of a guess matched.
bool SameSecret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) diff |= a[i] ^ (i < b.size() ? b[i] : 0);
  return diff == 0;
}

class RestGateway final : public Gateway {
 public:
  RestGateway(Store& store, GatewayOptions options) : store_(store), options_(std::move(options)) {}
  ~RestGateway() override { Stop(); }

  std::string_view name() const override { return "rest"; }
  int port() const override { return port_; }

  Status Start() override {
    CELLAR_RETURN_IF_ERROR(MakeServer());
    Configure();
    port_ = options_.port == 0
                ? server_->bind_to_any_port(options_.bind)
                : (server_->bind_to_port(options_.bind, options_.port) ? options_.port : -1);
    if (port_ <= 0) {
      server_.reset();
      return Status::Unavailable("rest: cannot listen on " + options_.bind + ":" +
                                 std::to_string(options_.port) +
                                 " (is the port in use? choose another with --rest-port)");
    }
    rest::RestService::Settings settings;
    settings.read_only = options_.read_only;
    settings.scheme = options_.tls_cert_file.empty() ? "http" : "https";
    settings.location = options_.bind + ":" + std::to_string(port_);
    service_ = std::make_unique<rest::RestService>(store_, settings);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    spdlog::info("rest: serving on {}:{} ({} workers{}{}{})", options_.bind, port_,
                 options_.workers, options_.tls_cert_file.empty() ? "" : ", TLS",
                 options_.basic_auth.empty() ? "" : ", basic auth",
                 options_.read_only ? ", read-only" : "");
    return Status::Ok();
  }

  void Stop() override {
    if (!server_) return;
    server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    service_.reset();
    spdlog::info("rest: stopped");
  }

 private:
  Status MakeServer() {
    if (options_.tls_cert_file.empty()) {
      server_ = std::make_unique<httplib::Server>();
      return Status::Ok();
    }
    for (const std::string* f :
         {&options_.tls_cert_file, &options_.tls_key_file, &options_.tls_client_ca_file}) {
      if (!f->empty() && !std::filesystem::is_regular_file(*f)) {
        return Status::InvalidArgument("rest: TLS file " + *f + " does not exist");
      }
    }
    const char* ca =
        options_.tls_client_ca_file.empty() ? nullptr : options_.tls_client_ca_file.c_str();
    auto ssl = std::make_unique<httplib::SSLServer>(options_.tls_cert_file.c_str(),
                                                    options_.tls_key_file.c_str(), ca);
    if (!ssl->is_valid()) {
      return Status::InvalidArgument("rest: cannot use TLS certificate " + options_.tls_cert_file +
                                     " with key " + options_.tls_key_file +
                                     " (not PEM, or they do not match)");
    }
    server_ = std::move(ssl);
    return Status::Ok();
  }

  void Configure() {
    size_t workers = static_cast<size_t>(std::max(1, options_.workers));
    server_->new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
    int idle = std::max(1, options_.idle_timeout_seconds);
    server_->set_read_timeout(idle, 0);
    server_->set_write_timeout(idle, 0);
    server_->set_keep_alive_timeout(std::min(idle, kMaxKeepAliveSeconds));
    server_->set_payload_max_length(kMaxBodyBytes);
    // Responses go out as headers then body: without TCP_NODELAY the body waits for the
    // client's delayed ACK (about 40 ms per GET). HBase's Jetty keeps connections open without
    // a request count limit; httplib's default closes them after 5 requests.
    server_->set_tcp_nodelay(true);
    server_->set_keep_alive_max_count(1000000);
    if (!options_.basic_auth.empty()) {
      server_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        return Authorized(req, res) ? httplib::Server::HandlerResponse::Unhandled
                                    : httplib::Server::HandlerResponse::Handled;
      });
    }
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      FromRestResponse(service_->Handle(ToRestRequest(req)), res);
    };
    server_->Get(".*", handler);
    server_->Put(".*", handler);
    server_->Post(".*", handler);
    server_->Delete(".*", handler);
    server_->set_exception_handler(
        [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
          std::string what = "unknown exception";
          try {
            std::rethrow_exception(ep);
          } catch (const std::exception& e) {
            what = e.what();
          } catch (...) {
          }
          spdlog::error("rest: {} {} -> 500: {}", req.method, req.path, what);
          res.status = 500;
          res.set_content("Internal server error\r\n" + what + "\r\n", "text/plain");
        });
  }

  bool Authorized(const httplib::Request& req, httplib::Response& res) {
    std::string header = req.get_header_value("Authorization");
    constexpr std::string_view kBasic = "Basic ";
    if (header.size() > kBasic.size() && header.compare(0, kBasic.size(), kBasic) == 0) {
      Result<std::string> given =
          rest::Base64Decode(std::string_view(header).substr(kBasic.size()), "Authorization");
      if (given.ok() && SameSecret(*given, options_.basic_auth)) return true;
    }
    spdlog::warn("rest: {} {} -> 401: {}", req.method, req.path,
                 header.empty() ? "no credentials" : "wrong credentials");
    res.status = 401;
    res.set_header("WWW-Authenticate", "Basic realm=\"cellar\"");
    res.set_content("Unauthorized\r\n", "text/plain");
    return false;
  }

  Store& store_;
  GatewayOptions options_;
  std::unique_ptr<httplib::Server> server_;
  std::unique_ptr<rest::RestService> service_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace

std::unique_ptr<Gateway> MakeRestGateway(Store& store, GatewayOptions options) {
  return std::make_unique<RestGateway>(store, std::move(options));
}

}  // namespace cellar::server
