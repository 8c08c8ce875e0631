#pragma once

// The Thrift v2 gateway: HBase's service THBaseService (hbase.thrift), as HBase's thrift2 ThriftHBaseServiceHandler serves it, over the public API of one Store.

#include <memory>

#include "server/thrift/thrift_gateway.h"

namespace cellar {
class Store;
}

namespace cellar::server {

// "store" is borrowed and must outlive the gateway.
std::unique_ptr<Gateway> MakeThrift2Gateway(Store& store, ThriftGatewayOptions options);

}  // namespace cellar::server
