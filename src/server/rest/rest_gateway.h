#pragma once

// The REST gateway: HBase's REST ("Stargate") API over the public API of one Store, with JSON and
// XML bodies, stateful scanners and HBase's status codes.

#include <memory>

#include "server/gateway.h"

namespace cellar {
class Store;
}

namespace cellar::server {

// "store" is borrowed and must outlive the gateway.
std::unique_ptr<Gateway> MakeRestGateway(Store& store, GatewayOptions options);

}  // namespace cellar::server
