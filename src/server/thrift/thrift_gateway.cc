#include "server/thrift/thrift_gateway.h"

#include <spdlog/spdlog.h>
#include <thrift/TProcessor.h>
#include <thrift/concurrency/ThreadFactory.h>
#include <thrift/concurrency/ThreadManager.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/protocol/TCompactProtocol.h>
#include <thrift/server/TThreadPoolServer.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TSSLServerSocket.h>
#include <thrift/transport/TSSLSocket.h>
#include <thrift/transport/TServerSocket.h>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace cellar::server {
namespace {

using apache::thrift::TException;
using apache::thrift::TProcessorFactory;
using apache::thrift::concurrency::ThreadFactory;
using apache::thrift::concurrency::ThreadManager;
using apache::thrift::server::TServerEventHandler;
using apache::thrift::server::TThreadPoolServer;
using apache::thrift::transport::TServerSocket;

// Thrift reports connection-level trouble (garbage frames, resets, oversized messages) through
// its GlobalOutput; route it to our log once per process.
void RouteThriftLogOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    apache::thrift::GlobalOutput.setOutputFunction(
        [](const char* message) { spdlog::warn("thrift: {}", message); });
  });
}

// Tells Start that serve() is listening.
class ListeningSignal : public TServerEventHandler {
 public:
  void preServe() override {
    std::lock_guard lock(mu_);
    listening_ = true;
    cv_.notify_all();
  }
  void Fail() {
    std::lock_guard lock(mu_);
    failed_ = true;
    cv_.notify_all();
  }
  // True once listening, false if serve() failed first.
  bool Wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return listening_ || failed_; });
    return listening_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  // Protected by mu_
  bool listening_ = false;
  bool failed_ = false;
};

class ThriftGateway final : public Gateway {
 public:
  ThriftGateway(std::string name, ThriftGatewayOptions options,
                std::shared_ptr<TProcessorFactory> processors,
                std::function<void(int)> on_listening)
      : name_(std::move(name)),
        options_(std::move(options)),
        processors_(std::move(processors)),
        on_listening_(std::move(on_listening)) {}
  ~ThriftGateway() override { Stop(); }

  std::string_view name() const override { return name_; }
  int port() const override { return socket_ ? socket_->getPort() : options_.port; }

  Status Start() override {
    RouteThriftLogOnce();
    try {
      CELLAR_RETURN_IF_ERROR(MakeSocket());
      auto workers = ThreadManager::newSimpleThreadManager(
          static_cast<size_t>(options_.workers), static_cast<size_t>(options_.workers) * 4);
      workers->threadFactory(std::make_shared<ThreadFactory>());
      workers->start();
      server_ = std::make_shared<TThreadPoolServer>(processors_, socket_, TransportFactory(),
                                                    ProtocolFactory(), workers);
      // A connection that finds the pool and its queue full waits this long, then is closed.
      server_->setTimeout(2000);
      auto signal = std::make_shared<ListeningSignal>();
      server_->setServerEventHandler(signal);
      serve_thread_ = std::thread([this, signal] {
        try {
          server_->serve();
        } catch (const TException& e) {
          serve_error_ = e.what();
          signal->Fail();
        }
      });
      if (!signal->Wait()) {
        serve_thread_.join();
        server_.reset();
        return Status::Unavailable(name_ + ": cannot listen on " + options_.bind + ":" +
                                   std::to_string(options_.port) + ": " + serve_error_ +
                                   " (is the port in use? choose another with --" + name_ +
                                   "-port)");
      }
    } catch (const TException& e) {
      return Status::InvalidArgument(name_ + ": " + e.what());
    }
    if (on_listening_) on_listening_(port());
    spdlog::info("{}: serving on {}:{} ({} transport, {} protocol{}{})", name_, options_.bind,
                 port(), options_.framed ? "framed" : "buffered",
                 options_.compact ? "compact" : "binary", socket_tls_ ? ", TLS" : "",
                 options_.read_only ? ", read-only" : "");
    return Status::Ok();
  }

  void Stop() override {
    if (!server_) return;
    server_->stop();  // stops accepting and interrupts idle connections
    serve_thread_.join();  // serve() returns once every connection's worker is done
    server_.reset();
    spdlog::info("{}: stopped", name_);
  }

 private:
  Status MakeSocket() {
    const ThriftGatewayOptions& o = options_;
    if (o.tls_cert_file.empty() != o.tls_key_file.empty()) {
      return Status::InvalidArgument("TLS needs both a certificate and a private key file");
    }
    if (!o.tls_cert_file.empty()) {
      auto tls = std::make_shared<apache::thrift::transport::TSSLSocketFactory>(
          apache::thrift::transport::SSLProtocol::TLSv1_2);
      tls->server(true);
      tls->loadCertificate(o.tls_cert_file.c_str());
      tls->loadPrivateKey(o.tls_key_file.c_str());
      if (!o.tls_client_ca_file.empty()) {
        tls->loadTrustedCertificates(o.tls_client_ca_file.c_str());
        tls->authenticate(true);
      }
      socket_ = std::make_shared<apache::thrift::transport::TSSLServerSocket>(o.bind, o.port, tls);
      socket_tls_ = true;
    } else {
      socket_ = std::make_shared<TServerSocket>(o.bind, o.port);
    }
    socket_->setRecvTimeout(o.idle_timeout_seconds * 1000);
    socket_->setSendTimeout(o.idle_timeout_seconds * 1000);
    socket_->setInterruptableChildren(true);
    return Status::Ok();
  }

  std::shared_ptr<apache::thrift::transport::TTransportFactory> TransportFactory() const {
    if (options_.framed) return std::make_shared<apache::thrift::transport::TFramedTransportFactory>();
    return std::make_shared<apache::thrift::transport::TBufferedTransportFactory>();
  }

  // Limits checked before Thrift allocates: without them a client's garbage length prefix
  // ("GET " reads as 1.2 GB) makes the server allocate that much for one connection.
  static constexpr int32_t kMaxStringBytes = 64 << 20;  // HBase's largest cell is 10 MB by default
  static constexpr int32_t kMaxContainerSize = 10'000'000;

  std::shared_ptr<apache::thrift::protocol::TProtocolFactory> ProtocolFactory() const {
    if (options_.compact) {
      return std::make_shared<apache::thrift::protocol::TCompactProtocolFactory>(
          kMaxStringBytes, kMaxContainerSize);
    }
    // Lenient reads and strict writes, as HBase's server (TBinaryProtocol.Factory's defaults).
    return std::make_shared<apache::thrift::protocol::TBinaryProtocolFactory>(
        kMaxStringBytes, kMaxContainerSize, /*strict_read=*/false, /*strict_write=*/true);
  }

  const std::string name_;
  const ThriftGatewayOptions options_;
  std::shared_ptr<TProcessorFactory> processors_;
  std::function<void(int)> on_listening_;
  std::shared_ptr<TServerSocket> socket_;
  bool socket_tls_ = false;
  std::shared_ptr<TThreadPoolServer> server_;
  std::thread serve_thread_;
  std::string serve_error_;  // written by serve_thread_ before it signals
};

}  // namespace

std::unique_ptr<Gateway> MakeThriftGateway(std::string name, ThriftGatewayOptions options,
                                           std::shared_ptr<TProcessorFactory> processors,
                                           std::function<void(int)> on_listening) {
  return std::make_unique<ThriftGateway>(std::move(name), std::move(options),
                                         std::move(processors), std::move(on_listening));
}

}  // namespace cellar::server
