# The Thrift v1 gateway (HBase's service Hbase), owned by the v1 gateway work. Included by
# CMakeLists.txt in this directory.
add_library(cellar_thrift1_gateway STATIC
  thrift1_convert.cc
  thrift1_errors.cc
  thrift1_gateway.cc
  thrift1_handler.cc
  thrift1_handler_admin.cc
  thrift1_handler_mutations.cc
  thrift1_handler_reads.cc
  thrift1_handler_scanners.cc
  thrift1_scanner_registry.cc)
target_link_libraries(cellar_thrift1_gateway
  PUBLIC cellar_thrift_gateway cellar_thrift1_gen cellar_store cellar_filter)

cellar_test(thrift1_unit_test
  SOURCES thrift1_convert_test.cc thrift1_scanner_registry_test.cc
  LIBS cellar_thrift1_gateway)
