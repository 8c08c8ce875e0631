# The Thrift v2 gateway (HBase's service THBaseService), owned by the v2 gateway work. Included
# by CMakeLists.txt in this directory.
add_library(cellar_thrift2_gateway STATIC
  thrift2_gateway.cc
  thrift2_handler_admin.cc
  thrift2_handler_data.cc
  thrift2_handler_scan.cc
  thrift2_scanner_registry.cc)
target_link_libraries(cellar_thrift2_gateway
  PUBLIC cellar_thrift_gateway cellar_thrift2_convert cellar_store cellar_filter)

cellar_test(thrift2_unit_test SOURCES thrift2_scanner_registry_test.cc
            LIBS cellar_thrift2_gateway)
