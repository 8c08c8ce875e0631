#pragma once

// The Thrift v1 gateway: HBase's service Hbase (Hbase.thrift), as HBase's ThriftHBaseServiceHandler serves it, over the public API of one Store.

#include <memory>

#include "server/thrift/thrift_gateway.h"

namespace cellar {
class Store;
}

namespace cellar::server {

// "store" is borrowed and must outlive the gateway.
std::unique_ptr<Gateway> MakeThrift1Gateway(Store& store, ThriftGatewayOptions options);

}  // namespace cellar::server
