#include "client/thrift2_channel.h"

#include <poll.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/protocol/TCompactProtocol.h>
#include <thrift/protocol/TProtocolException.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TSSLSocket.h>
#include <thrift/transport/TSocket.h>
#include <thrift/transport/TTransportException.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "protocol/thrift2/convert.h"

namespace cellar::client {

using apache::thrift::transport::TTransportException;

struct Thrift2Channel::Link {
  std::shared_ptr<apache::thrift::transport::TSocket> socket;
  std::shared_ptr<apache::thrift::transport::TTransport> transport;
  std::unique_ptr<t2::THBaseServiceClient> client;

  // An idle socket the server has closed (its idle timeout, a restart) reads as ready: EOF.
  // Such a link must not be used for a call that may not be repeated.
  bool LooksAlive() const {
    if (!transport->isOpen()) return false;
    pollfd p{socket->getSocketFD(), POLLIN, 0};
    return ::poll(&p, 1, 0) == 0;
  }
};

Thrift2Channel::Thrift2Channel(RemoteOptions options) : options_(std::move(options)) {}

Thrift2Channel::~Thrift2Channel() { CloseIdle(); }

void Thrift2Channel::CloseIdle() {
  std::vector<std::unique_ptr<Link>> idle;
  {
    std::lock_guard lock(mu_);
    idle.swap(idle_);
    open_ -= static_cast<int>(idle.size());
  }
  for (auto& link : idle) {
    try {
      link->transport->close();
    } catch (const std::exception&) {
      // closing a dead socket: nothing to keep
    }
  }
}

Result<std::unique_ptr<Thrift2Channel::Link>> Thrift2Channel::Connect() {
  auto link = std::make_unique<Link>();
  try {
    if (!options_.tls_ca_file.empty()) {
      auto tls = std::make_shared<apache::thrift::transport::TSSLSocketFactory>(
          apache::thrift::transport::SSLProtocol::TLSv1_2);
      tls->loadTrustedCertificates(options_.tls_ca_file.c_str());
      tls->authenticate(true);
      if (!options_.tls_cert_file.empty()) {
        tls->loadCertificate(options_.tls_cert_file.c_str());
        tls->loadPrivateKey(options_.tls_key_file.c_str());
      }
      link->socket = tls->createSocket(options_.host, options_.port);
    } else {
      link->socket =
          std::make_shared<apache::thrift::transport::TSocket>(options_.host, options_.port);
    }
    link->socket->setConnTimeout(options_.timeout_ms);
    link->socket->setRecvTimeout(options_.timeout_ms);
    link->socket->setSendTimeout(options_.timeout_ms);
    link->socket->setNoDelay(true);
    if (options_.framed) {
      link->transport = std::make_shared<apache::thrift::transport::TFramedTransport>(link->socket);
    } else {
      link->transport =
          std::make_shared<apache::thrift::transport::TBufferedTransport>(link->socket);
    }
    std::shared_ptr<apache::thrift::protocol::TProtocol> protocol;
    if (options_.compact) {
      protocol = std::make_shared<apache::thrift::protocol::TCompactProtocol>(link->transport);
    } else {
      protocol = std::make_shared<apache::thrift::protocol::TBinaryProtocol>(link->transport);
    }
    link->client = std::make_unique<t2::THBaseServiceClient>(protocol);
    link->transport->open();
  } catch (const std::exception& e) {
    return Status::Unavailable("cannot connect to the HBase Thrift2 gateway at " + address() +
                               ": " + e.what());
  }
  return link;
}

Result<std::unique_ptr<Thrift2Channel::Link>> Thrift2Channel::Borrow() {
  {
    std::unique_lock lock(mu_);
    returned_.wait(lock, [&] { return !idle_.empty() || open_ < options_.connections; });
    while (!idle_.empty()) {
      std::unique_ptr<Link> link = std::move(idle_.back());
      idle_.pop_back();
      if (link->LooksAlive()) return link;
      --open_;  // closed by the server while idle: forget it
    }
    ++open_;
  }
  auto link = Connect();
  if (!link.ok()) {
    std::lock_guard lock(mu_);
    --open_;
    returned_.notify_one();
  }
  return link;
}

void Thrift2Channel::Return(std::unique_ptr<Link> link) {
  std::lock_guard lock(mu_);
  if (link) {
    idle_.push_back(std::move(link));
  } else {
    --open_;
  }
  returned_.notify_one();
}

Status Thrift2Channel::Call(const std::string& what, Retry retry,
                            const std::function<void(t2::THBaseServiceClient&)>& fn) {
  int backoff_ms = std::max(1, options_.backoff_ms);
  Status last;
  for (int attempt = 0; attempt <= options_.retries; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms));
      backoff_ms = std::min(backoff_ms * 2, 10'000);
    }
    auto link = Borrow();
    if (!link.ok()) {
      last = link.status();
      continue;  // nothing was sent: always safe to try again
    }
    try {
      fn(*(*link)->client);
      Return(std::move(*link));
      return Status::Ok();
    } catch (const TTransportException& e) {
      Return(nullptr);  // the socket is in an unknown state: drop it
      last = Status::Unavailable("lost the connection to " + address() + " during " + what +
                                 ": " + e.what());
      if (retry != Retry::kRepeatable) return last;
    } catch (const apache::thrift::protocol::TProtocolException& e) {
      Return(nullptr);  // a garbled exchange leaves the stream out of step: drop the socket
      return thrift2::StatusFromThriftException(e).WithContext(what);
    } catch (const std::exception& e) {
      // The server answered (an error it reported): the link stays usable.
      Return(std::move(*link));
      return thrift2::StatusFromThriftException(e).WithContext(what);
    }
  }
  return last.WithContext("after " + std::to_string(options_.retries + 1) + " attempts");
}

}  // namespace cellar::client
