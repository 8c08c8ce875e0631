#pragma once

// How a MySQL column type is published: its row-key type (replicate/row_key.h), its Hive type,
// and the HBase Bytes encoding of its values when numbers are published in binary. The one place
// that maps MySQL types; publish and hive-ddl both use it so that the Hive tables read exactly
// what publish wrote. Pure functions; thread-safe.
//
//   MySQL                               key type      Hive                binary value
//   tinyint / unsigned                  signed/uns.   tinyint / smallint  1 / 2 bytes BE
//   smallint / unsigned                 signed/uns.   smallint / int      2 / 4 bytes BE
//   mediumint, int / unsigned           signed/uns.   int / bigint        4 / 8 bytes BE
//   bigint / unsigned                   signed/uns.   bigint / decimal(20,0)  8 bytes / text
//   decimal(p,s), numeric               decimal       decimal(p,s) (p<=38, else string)  text
//   float / double, real                float         float / double      4 / 8 bytes IEEE BE
//   bit(n)                              text          binary              bytes
//   year                                signed        smallint            2 bytes BE
//   date                                date          date                text
//   datetime, timestamp                 timestamp     timestamp           text
//   time                                text          string              text
//   char, varchar, text types, enum, set, json, uuid, inet*   text  string  text
//   binary, varbinary, blob types, geometry types            text  binary  bytes

#include <optional>
#include <string>
#include <string_view>

#include "replicate/mysql/create_table.h"
#include "replicate/row_key.h"

namespace cellar::mysql {

// The ordered row-key type of a key column of type "column".
replicate::KeyType KeyTypeOf(const ColumnDef& column);

// The Hive column type of "column": "bigint", "decimal(10,2)", "string", ...
std::string HiveTypeOf(const ColumnDef& column);

// True when publish with binary numbers writes "column" in a Bytes encoding (Hive's "#b").
bool HasBinaryEncoding(const ColumnDef& column);

// The HBase Bytes encoding (Bytes.toBytes(short|int|long|float|double|byte)) of the MySQL text
// "text" of "column". REQUIRES: HasBinaryEncoding(column). InvalidArgument when "text" is not a
// number of that type.
Result<std::string> EncodeBinary(const ColumnDef& column, std::string_view text);

}  // namespace cellar::mysql
