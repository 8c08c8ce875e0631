#include "replicate/pg/pgoutput.h"

#include "replicate/pg/wire_reader.h"
#include "util/bytes.h"

namespace cellar::pg {
namespace {

// Each column of a TupleData takes at least its kind byte; of a Relation, flags + NUL + oid +
// typmod.
constexpr size_t kMinTupleColumnSize = 1;
constexpr size_t kMinRelationColumnSize = 1 + 1 + 4 + 4;

std::optional<uint32_t> ReadStreamXid(WireReader& r, bool in_stream) {
  if (!in_stream) return std::nullopt;
  return r.U32("xid");
}

TupleData ReadTupleData(WireReader& r) {
  TupleData tuple;
  uint16_t count = r.U16("column count");
  if (!r.CanHold(count, kMinTupleColumnSize, "column count")) return tuple;
  tuple.reserve(count);
  for (uint16_t i = 0; i < count && r.ok(); ++i) {
    TupleValue value;
    char kind = static_cast<char>(r.U8("column kind"));
    switch (kind) {
      case 'n':
      case 'u':
        value.kind = static_cast<TupleValueKind>(kind);
        break;
      case 't':
      case 'b': {
        value.kind = static_cast<TupleValueKind>(kind);
        int32_t length = r.I32("column length");
        if (length < 0) r.Fail("column length", "is negative");
        value.data = std::string(r.Bytes(length < 0 ? 0 : static_cast<size_t>(length), "value"));
        break;
      }
      default:
        if (r.ok()) r.Fail("column kind", "'" + std::string(1, kind) + "' is not n, u, t or b");
    }
    tuple.push_back(std::move(value));
  }
  return tuple;
}

BeginMessage ReadBegin(WireReader& r) {
  BeginMessage m;
  m.final_lsn = r.U64("final LSN");
  m.commit_time = r.I64("commit timestamp");
  m.xid = r.U32("xid");
  return m;
}

CommitMessage ReadCommit(WireReader& r) {
  CommitMessage m;
  m.flags = r.U8("flags");
  m.commit_lsn = r.U64("commit LSN");
  m.end_lsn = r.U64("end LSN");
  m.commit_time = r.I64("commit timestamp");
  return m;
}

OriginMessage ReadOrigin(WireReader& r) {
  OriginMessage m;
  m.commit_lsn = r.U64("origin commit LSN");
  m.name = r.CString("origin name");
  return m;
}

RelationMessage ReadRelation(WireReader& r, bool in_stream) {
  RelationMessage m;
  m.xid = ReadStreamXid(r, in_stream);
  m.relation_oid = r.U32("relation oid");
  m.nspname = r.CString("namespace");
  m.relname = r.CString("relation name");
  char identity = static_cast<char>(r.U8("replica identity"));
  if (identity != 'd' && identity != 'n' && identity != 'f' && identity != 'i') {
    r.Fail("replica identity", "'" + std::string(1, identity) + "' is not d, n, f or i");
  }
  m.replica_identity = static_cast<ReplicaIdentity>(identity);
  uint16_t count = r.U16("column count");
  if (!r.CanHold(count, kMinRelationColumnSize, "column count")) return m;
  m.columns.reserve(count);
  for (uint16_t i = 0; i < count && r.ok(); ++i) {
    RelationColumn column;
    column.is_key = (r.U8("column flags") & 1) != 0;
    column.name = r.CString("column name");
    column.type_oid = r.U32("column type oid");
    column.type_modifier = r.I32("column type modifier");
    m.columns.push_back(std::move(column));
  }
  return m;
}

TypeMessage ReadType(WireReader& r, bool in_stream) {
  TypeMessage m;
  m.xid = ReadStreamXid(r, in_stream);
  m.type_oid = r.U32("type oid");
  m.nspname = r.CString("namespace");
  m.typname = r.CString("type name");
  return m;
}

InsertMessage ReadInsert(WireReader& r, bool in_stream) {
  InsertMessage m;
  m.xid = ReadStreamXid(r, in_stream);
  m.relation_oid = r.U32("relation oid");
  char marker = static_cast<char>(r.U8("tuple marker"));
  if (marker != 'N') r.Fail("tuple marker", "'" + std::string(1, marker) + "' is not N");
  m.new_tuple = ReadTupleData(r);
  return m;
}

UpdateMessage ReadUpdate(WireReader& r, bool in_stream) {
  UpdateMessage m;
  m.xid = ReadStreamXid(r, in_stream);
  m.relation_oid = r.U32("relation oid");
  char marker = static_cast<char>(r.U8("tuple marker"));
  if (marker == 'K' || marker == 'O') {
    m.old_kind = static_cast<OldTuple>(marker);
    m.old_tuple = ReadTupleData(r);
    marker = static_cast<char>(r.U8("new tuple marker"));
  }
  if (marker != 'N') r.Fail("tuple marker", "'" + std::string(1, marker) + "' is not K, O or N");
  m.new_tuple = ReadTupleData(r);
  return m;
}

DeleteMessage ReadDelete(WireReader& r, bool in_stream) {
  DeleteMessage m;
  m.xid = ReadStreamXid(r, in_stream);
  m.relation_oid = r.U32("relation oid");
  char marker = static_cast<char>(r.U8("tuple marker"));
  if (marker != 'K' && marker != 'O') {
    r.Fail("tuple marker", "'" + std::string(1, marker) + "' is not K or O");
  }
  m.old_kind = static_cast<OldTuple>(marker);
  m.old_tuple = ReadTupleData(r);
  return m;
}

TruncateMessage ReadTruncate(WireReader& r, bool in_stream) {
  TruncateMessage m;
  m.xid = ReadStreamXid(r, in_stream);
  uint32_t count = r.U32("relation count");
  uint8_t options = r.U8("options");
  m.cascade = (options & 1) != 0;
  m.restart_identity = (options & 2) != 0;
  if (!r.CanHold(count, 4, "relation count")) return m;
  m.relation_oids.reserve(count);
  for (uint32_t i = 0; i < count && r.ok(); ++i) m.relation_oids.push_back(r.U32("relation oid"));
  return m;
}

LogicalMessage ReadMessage(WireReader& r, bool in_stream) {
  LogicalMessage m;
  m.xid = ReadStreamXid(r, in_stream);
  m.transactional = (r.U8("flags") & 1) != 0;
  m.lsn = r.U64("LSN");
  m.prefix = r.CString("prefix");
  int32_t length = r.I32("content length");
  if (length < 0) r.Fail("content length", "is negative");
  m.content = std::string(r.Bytes(length < 0 ? 0 : static_cast<size_t>(length), "content"));
  return m;
}

StreamStartMessage ReadStreamStart(WireReader& r) {
  StreamStartMessage m;
  m.xid = r.U32("xid");
  m.first_segment = r.U8("first segment flag") == 1;
  return m;
}

StreamCommitMessage ReadStreamCommit(WireReader& r) {
  StreamCommitMessage m;
  m.xid = r.U32("xid");
  m.flags = r.U8("flags");
  m.commit_lsn = r.U64("commit LSN");
  m.end_lsn = r.U64("end LSN");
  m.commit_time = r.I64("commit timestamp");
  return m;
}

StreamAbortMessage ReadStreamAbort(WireReader& r) {
  StreamAbortMessage m;
  m.xid = r.U32("xid");
  m.subtransaction_xid = r.U32("subtransaction xid");
  if (r.ok() && r.remaining() > 0) {  // streaming = parallel adds the abort LSN and time
    m.abort_lsn = r.U64("abort LSN");
    m.abort_time = r.I64("abort timestamp");
  }
  return m;
}

PgoutputMessage ReadBody(char type, WireReader& r, bool in_stream) {
  switch (type) {
    case 'B':
      return ReadBegin(r);
    case 'C':
      return ReadCommit(r);
    case 'O':
      return ReadOrigin(r);
    case 'R':
      return ReadRelation(r, in_stream);
    case 'Y':
      return ReadType(r, in_stream);
    case 'I':
      return ReadInsert(r, in_stream);
    case 'U':
      return ReadUpdate(r, in_stream);
    case 'D':
      return ReadDelete(r, in_stream);
    case 'T':
      return ReadTruncate(r, in_stream);
    case 'M':
      return ReadMessage(r, in_stream);
    case 'S':
      return ReadStreamStart(r);
    case 'E':
      return StreamStopMessage{};
    case 'c':
      return ReadStreamCommit(r);
    default:
      return ReadStreamAbort(r);  // 'A'; the caller checked the type
  }
}

// 'x' when printable, else 0xNN.
std::string TypeByteText(char type) {
  if (type > ' ' && type < 127) return "'" + std::string(1, type) + "'";
  return "0x" + HexLower(std::string_view(&type, 1));
}

bool IsTwoPhase(char type) {
  return type == 'b' || type == 'P' || type == 'K' || type == 'r' || type == 'p';
}

}  // namespace

int64_t PgTimeToUnixMillis(int64_t pg_micros) {
  int64_t unix_micros = pg_micros + kPgEpochUnixMicros;
  return unix_micros / 1000 - (unix_micros % 1000 < 0 ? 1 : 0);
}

int64_t UnixMicrosToPgTime(int64_t unix_micros) { return unix_micros - kPgEpochUnixMicros; }

std::string_view PgoutputMessageName(char type) {
  switch (type) {
    case 'B':
      return "Begin";
    case 'C':
      return "Commit";
    case 'O':
      return "Origin";
    case 'R':
      return "Relation";
    case 'Y':
      return "Type";
    case 'I':
      return "Insert";
    case 'U':
      return "Update";
    case 'D':
      return "Delete";
    case 'T':
      return "Truncate";
    case 'M':
      return "Message";
    case 'S':
      return "Stream Start";
    case 'E':
      return "Stream Stop";
    case 'c':
      return "Stream Commit";
    case 'A':
      return "Stream Abort";
    default:
      return "unknown";
  }
}

Result<PgoutputMessage> ParsePgoutputMessage(std::string_view payload, bool in_stream) {
  if (payload.empty()) return Status::DataLoss("empty pgoutput message (no type byte)");
  char type = payload.front();
  if (IsTwoPhase(type)) {
    return Status::InvalidArgument("pgoutput message type '" + std::string(1, type) +
                                   "' is a two-phase commit message (protocol 3), which is not "
                                   "supported; start replication without two_phase");
  }
  std::string_view name = PgoutputMessageName(type);
  if (name == "unknown") {
    return Status::InvalidArgument("unknown pgoutput message type " + TypeByteText(type) +
                                   "; use proto_version 1 or 2 in START_REPLICATION");
  }
  WireReader reader(payload, "pgoutput " + std::string(name));
  reader.U8("type");  // offsets in errors count from the type byte
  PgoutputMessage message = ReadBody(type, reader, in_stream);
  CELLAR_RETURN_IF_ERROR(reader.Finish());
  return message;
}

Result<PgoutputMessage> PgoutputDecoder::Decode(std::string_view payload) {
  char type = payload.empty() ? '\0' : payload.front();
  bool stream_message = type == 'S' || type == 'E' || type == 'c' || type == 'A';
  if (stream_message && protocol_version_ < 2) {
    return Status::DataLoss("pgoutput " + std::string(PgoutputMessageName(type)) +
                            " message under protocol version 1; streaming needs version 2");
  }
  if (type == 'S' && in_stream_) {
    return Status::DataLoss("pgoutput Stream Start inside a stream (no Stream Stop before it)");
  }
  if (type == 'E' && !in_stream_) {
    return Status::DataLoss("pgoutput Stream Stop outside a stream (no Stream Start before it)");
  }
  if ((type == 'c' || type == 'A') && in_stream_) {
    return Status::DataLoss("pgoutput " + std::string(PgoutputMessageName(type)) +
                            " inside a Stream Start / Stream Stop block");
  }
  CELLAR_ASSIGN_OR_RETURN(PgoutputMessage message, ParsePgoutputMessage(payload, in_stream_));
  if (type == 'S') in_stream_ = true;
  if (type == 'E') in_stream_ = false;
  return message;
}

Result<ReplicationMessage> ParseReplicationMessage(std::string_view copy_data) {
  if (copy_data.empty()) return Status::DataLoss("empty replication CopyData message");
  char type = copy_data.front();
  if (type == 'w') {
    WireReader r(copy_data, "XLogData");
    r.U8("type");
    XLogData m;
    m.wal_start = r.U64("WAL start");
    m.wal_end = r.U64("WAL end");
    m.send_time = r.I64("send time");
    m.data = r.Rest();
    CELLAR_RETURN_IF_ERROR(r.Finish());
    return ReplicationMessage(m);
  }
  if (type == 'k') {
    WireReader r(copy_data, "primary keepalive");
    r.U8("type");
    PrimaryKeepalive m;
    m.wal_end = r.U64("WAL end");
    m.send_time = r.I64("send time");
    m.reply_requested = r.U8("reply requested flag") != 0;
    CELLAR_RETURN_IF_ERROR(r.Finish());
    return ReplicationMessage(m);
  }
  return Status::InvalidArgument("unknown replication CopyData message type " + TypeByteText(type) +
                                 "; expected 'w' or 'k'");
}

std::string EncodeStandbyStatusUpdate(const StandbyStatusUpdate& update) {
  std::string out(1, 'r');
  PutFixed64BE(out, update.written);
  PutFixed64BE(out, update.flushed);
  PutFixed64BE(out, update.applied);
  PutFixed64BE(out, static_cast<uint64_t>(update.client_time));
  out += static_cast<char>(update.reply_requested ? 1 : 0);
  return out;
}

}  // namespace cellar::pg
