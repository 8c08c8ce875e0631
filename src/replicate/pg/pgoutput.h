#pragma once

// The logical replication stream as PostgreSQL's walsender sends it after START_REPLICATION ...
// LOGICAL (plugin pgoutput): the CopyData messages of the streaming replication protocol
// (XLogData 'w', primary keepalive 'k'; the standby status update 'r' we send back) and the
// pgoutput messages inside XLogData, protocol versions 1 and 2 (streaming of in-progress
// transactions). Facts from PostgreSQL's "Streaming Replication Protocol" and "Logical
// Replication Message Formats". Integers are big-endian; LSNs and timestamps are 64-bit;
// timestamps are microseconds since 2000-01-01 00:00:00 UTC.
//
// Parsing never reads outside the given bytes: a truncated, overlong or malformed message gives
// DataLoss naming the message type and byte offset; a message type this decoder does not support
// (two-phase commit, protocol 3) gives InvalidArgument. Parsed messages own their data.
// Functions are pure and thread-safe; a PgoutputDecoder is not thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cellar/status.h"

namespace cellar::pg {

// A WAL position (also declared in replicate/pg/lsn.h).
using Lsn = uint64_t;

// 2000-01-01 00:00:00 UTC in microseconds since the Unix epoch.
inline constexpr int64_t kPgEpochUnixMicros = 946'684'800'000'000;
// A PostgreSQL timestamp in milliseconds since the Unix epoch (rounded down), as cell timestamps.
int64_t PgTimeToUnixMillis(int64_t pg_micros);
int64_t UnixMicrosToPgTime(int64_t unix_micros);

// ---- Streaming replication protocol (CopyData payloads) ----

// 'w': a chunk of the stream. "data" (the pgoutput message) points into the parsed buffer.
struct XLogData {
  Lsn wal_start = 0;
  Lsn wal_end = 0;
  int64_t send_time = 0;
  std::string_view data;
};

// 'k': the server's heartbeat; reply_requested asks for a status update right away.
struct PrimaryKeepalive {
  Lsn wal_end = 0;
  int64_t send_time = 0;
  bool reply_requested = false;
};

using ReplicationMessage = std::variant<XLogData, PrimaryKeepalive>;

// Parses one CopyData payload from the server. XLogData::data borrows "copy_data".
Result<ReplicationMessage> ParseReplicationMessage(std::string_view copy_data);

// 'r': our standby status update. The server may discard WAL up to "flushed" (for a logical
// slot, confirmed_flush_lsn advances to it), so report there only what is durable.
struct StandbyStatusUpdate {
  Lsn written = 0;          // last WAL byte + 1 received
  Lsn flushed = 0;          // last WAL byte + 1 durably applied
  Lsn applied = 0;          // last WAL byte + 1 applied
  int64_t client_time = 0;  // now, PostgreSQL time (UnixMicrosToPgTime)
  bool reply_requested = false;
};

// The 34-byte CopyData payload of "update".
std::string EncodeStandbyStatusUpdate(const StandbyStatusUpdate& update);

// ---- pgoutput messages ----

struct BeginMessage {  // 'B'
  Lsn final_lsn = 0;
  int64_t commit_time = 0;
  uint32_t xid = 0;
};

struct CommitMessage {  // 'C'
  uint8_t flags = 0;
  Lsn commit_lsn = 0;
  Lsn end_lsn = 0;
  int64_t commit_time = 0;
};

struct OriginMessage {  // 'O'
  Lsn commit_lsn = 0;
  std::string name;
};

// pg_class.relreplident.
enum class ReplicaIdentity : char { kDefault = 'd', kNothing = 'n', kFull = 'f', kIndex = 'i' };

struct RelationColumn {
  bool is_key = false;  // flags bit 1: part of the replica identity key
  std::string name;
  uint32_t type_oid = 0;
  int32_t type_modifier = -1;  // atttypmod
};

// Streamed transactions (protocol 2, between Stream Start and Stop) prefix the data messages
// below with their xid; "xid" is set exactly then.
struct RelationMessage {  // 'R'
  std::optional<uint32_t> xid;
  uint32_t relation_oid = 0;
  std::string nspname;  // empty for pg_catalog
  std::string relname;
  ReplicaIdentity replica_identity = ReplicaIdentity::kDefault;
  std::vector<RelationColumn> columns;
};

struct TypeMessage {  // 'Y'
  std::optional<uint32_t> xid;
  uint32_t type_oid = 0;
  std::string nspname;
  std::string typname;
};

enum class TupleValueKind : char {
  kNull = 'n',
  kUnchangedToast = 'u',  // value not sent: leave the stored value as it is
  kText = 't',
  kBinary = 'b',
};

struct TupleValue {
  TupleValueKind kind = TupleValueKind::kNull;
  std::string data;  // for kText and kBinary
  friend bool operator==(const TupleValue&, const TupleValue&) = default;
};
using TupleData = std::vector<TupleValue>;

// Which old row an Update or Delete carries.
enum class OldTuple : char {
  kNone = 0,    // Update without old values (key unchanged, replica identity DEFAULT/INDEX)
  kKey = 'K',   // the replica identity key columns (others null)
  kFull = 'O',  // the whole old row (REPLICA IDENTITY FULL)
};

struct InsertMessage {  // 'I'
  std::optional<uint32_t> xid;
  uint32_t relation_oid = 0;
  TupleData new_tuple;
};

struct UpdateMessage {  // 'U'
  std::optional<uint32_t> xid;
  uint32_t relation_oid = 0;
  OldTuple old_kind = OldTuple::kNone;
  TupleData old_tuple;  // empty when old_kind is kNone
  TupleData new_tuple;
};

struct DeleteMessage {  // 'D'
  std::optional<uint32_t> xid;
  uint32_t relation_oid = 0;
  OldTuple old_kind = OldTuple::kKey;  // kKey or kFull
  TupleData old_tuple;
};

struct TruncateMessage {  // 'T'
  std::optional<uint32_t> xid;
  bool cascade = false;           // option bit 1
  bool restart_identity = false;  // option bit 2
  std::vector<uint32_t> relation_oids;
};

struct LogicalMessage {  // 'M' (pg_logical_emit_message; sent with messages 'true')
  std::optional<uint32_t> xid;
  bool transactional = false;
  Lsn lsn = 0;
  std::string prefix;
  std::string content;
};

struct StreamStartMessage {  // 'S'
  uint32_t xid = 0;
  bool first_segment = false;
};

struct StreamStopMessage {};  // 'E'

struct StreamCommitMessage {  // 'c'
  uint32_t xid = 0;
  uint8_t flags = 0;
  Lsn commit_lsn = 0;
  Lsn end_lsn = 0;
  int64_t commit_time = 0;
};

struct StreamAbortMessage {  // 'A'
  uint32_t xid = 0;
  uint32_t subtransaction_xid = 0;  // == xid when the whole transaction aborts
  // Sent only with streaming = parallel (protocol 4).
  std::optional<Lsn> abort_lsn;
  std::optional<int64_t> abort_time;
};

using PgoutputMessage =
    std::variant<BeginMessage, CommitMessage, OriginMessage, RelationMessage, TypeMessage,
                 InsertMessage, UpdateMessage, DeleteMessage, TruncateMessage, LogicalMessage,
                 StreamStartMessage, StreamStopMessage, StreamCommitMessage, StreamAbortMessage>;

// "Begin", "Insert", ... for the message type byte "type"; "unknown" otherwise.
std::string_view PgoutputMessageName(char type);

// Parses one pgoutput message. "in_stream": the message is inside a Stream Start / Stream Stop
// block, so data messages carry an xid.
Result<PgoutputMessage> ParsePgoutputMessage(std::string_view payload, bool in_stream);

// Parses a sequence of pgoutput messages, tracking the Stream Start / Stop blocks so data
// messages are read with or without their xid.
class PgoutputDecoder {
 public:
  // "protocol_version": the proto_version given to START_REPLICATION, 1 to 4. Stream messages
  // under version 1 are DataLoss.
  explicit PgoutputDecoder(int protocol_version = 1) : protocol_version_(protocol_version) {}

  // Parses "payload" (XLogData::data). DataLoss also for a Stream Start inside a stream, a
  // Stream Stop outside one, or stream messages under protocol version 1.
  Result<PgoutputMessage> Decode(std::string_view payload);

  bool in_stream() const { return in_stream_; }

 private:
  int protocol_version_;
  bool in_stream_ = false;
};

}  // namespace cellar::pg
