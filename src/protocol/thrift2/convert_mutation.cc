// Deletes, increments, appends and row mutations (the rest of convert.h's write direction).

#include <utility>

#include "protocol/thrift2/convert.h"

namespace cellar::thrift2 {
namespace {

// Applies one TColumn of a TDelete per "type" (ThriftUtilities.deleteFromThrift).
Status AddDeleteColumn(const t2::TColumn& c, t2::TDeleteType::type type, Delete* out) {
  const int64_t ts = c.__isset.timestamp ? c.timestamp : kLatestTimestamp;
  // Only a family: the whole family, whatever the type (the IDL's rule for TColumns without a
  // qualifier), except DELETE_FAMILY_VERSION which names one version of the family.
  if (!c.__isset.qualifier && type != t2::TDeleteType::DELETE_FAMILY_VERSION) {
    type = t2::TDeleteType::DELETE_FAMILY;
  }
  switch (type) {
    case t2::TDeleteType::DELETE_COLUMN:
      out->AddColumn(c.family, c.qualifier, ts);
      return Status::Ok();
    case t2::TDeleteType::DELETE_COLUMNS:
      out->AddColumns(c.family, c.qualifier, ts);
      return Status::Ok();
    case t2::TDeleteType::DELETE_FAMILY:
      out->AddFamily(c.family, ts);
      return Status::Ok();
    case t2::TDeleteType::DELETE_FAMILY_VERSION:
      if (!c.__isset.timestamp) {
        return Status::InvalidArgument(
            "Timestamp is required for TDelete with DeleteFamilyVersion type");
      }
      out->AddFamilyVersion(c.family, ts);
      return Status::Ok();
  }
  return Status::InvalidArgument("unknown TDeleteType " + std::to_string(type));
}

t2::TDeleteType::type DeleteTypeOf(CellType type) {
  switch (type) {
    case CellType::kDelete: return t2::TDeleteType::DELETE_COLUMN;
    case CellType::kDeleteFamily: return t2::TDeleteType::DELETE_FAMILY;
    case CellType::kDeleteFamilyVersion: return t2::TDeleteType::DELETE_FAMILY_VERSION;
    default: return t2::TDeleteType::DELETE_COLUMNS;
  }
}

t2::TDelete NewTDelete(const Delete& in) {
  t2::TDelete out;
  out.__set_row(in.row());
  if (in.durability() != Durability::kUseDefault) {
    out.__set_durability(DurabilityToThrift(in.durability()));
  }
  return out;
}

}  // namespace

Result<Delete> DeleteFromThrift(const t2::TDelete& in) {
  if (!in.__isset.columns || in.columns.empty()) {
    Delete out(in.row, in.__isset.timestamp ? in.timestamp : kLatestTimestamp);
    if (in.__isset.durability) out.SetDurability(DurabilityFromThrift(in.durability));
    return out;
  }
  Delete out(in.row);
  // C++ clients do not send a field they never set: unset means the IDL default.
  const t2::TDeleteType::type type =
      in.__isset.deleteType ? in.deleteType : t2::TDeleteType::DELETE_COLUMNS;
  for (const t2::TColumn& c : in.columns) {
    CELLAR_RETURN_IF_ERROR(AddDeleteColumn(c, type, &out));
  }
  if (in.__isset.durability) out.SetDurability(DurabilityFromThrift(in.durability));
  return out;
}

std::vector<t2::TDelete> DeleteToThrift(const Delete& in) {
  std::vector<t2::TDelete> out;
  if (in.IsWholeRow()) {
    out.push_back(NewTDelete(in));
    if (in.timestamp() != kLatestTimestamp) out.back().__set_timestamp(in.timestamp());
    return out;
  }
  for (const Cell& marker : in.markers()) {
    const t2::TDeleteType::type type = DeleteTypeOf(marker.type);
    if (out.empty() || out.back().deleteType != type) {
      out.push_back(NewTDelete(in));
      out.back().__set_deleteType(type);
      out.back().__isset.columns = true;
    }
    t2::TColumn c;
    c.__set_family(marker.family);
    const bool family_marker = marker.type == CellType::kDeleteFamily ||
                               marker.type == CellType::kDeleteFamilyVersion;
    if (!family_marker) c.__set_qualifier(marker.qualifier);
    if (marker.timestamp != kLatestTimestamp) c.__set_timestamp(marker.timestamp);
    out.back().columns.push_back(std::move(c));
  }
  return out;
}

Result<Increment> IncrementFromThrift(const t2::TIncrement& in) {
  if (in.columns.empty()) return Status::InvalidArgument("TIncrement has no columns");
  Increment out(in.row);
  for (const t2::TColumnIncrement& c : in.columns) {
    // "amount" defaults to 1 in the IDL; honour that when a client leaves it unset.
    out.AddColumn(c.family, c.qualifier, c.__isset.amount ? c.amount : 1);
  }
  if (in.__isset.durability) out.SetDurability(DurabilityFromThrift(in.durability));
  return out;
}

t2::TIncrement IncrementToThrift(const Increment& in) {
  t2::TIncrement out;
  out.__set_row(in.row());
  for (const Increment::Column& c : in.columns()) {
    t2::TColumnIncrement tc;
    tc.__set_family(c.family);
    tc.__set_qualifier(c.qualifier);
    tc.__set_amount(c.amount);
    out.columns.push_back(std::move(tc));
  }
  if (in.durability() != Durability::kUseDefault) {
    out.__set_durability(DurabilityToThrift(in.durability()));
  }
  return out;
}

Result<Append> AppendFromThrift(const t2::TAppend& in) {
  if (in.columns.empty()) return Status::InvalidArgument("TAppend has no columns");
  Append out(in.row);
  for (const t2::TColumnValue& c : in.columns) out.AddColumn(c.family, c.qualifier, c.value);
  if (in.__isset.durability) out.SetDurability(DurabilityFromThrift(in.durability));
  return out;
}

t2::TAppend AppendToThrift(const Append& in) {
  t2::TAppend out;
  out.__set_row(in.row());
  for (const Cell& c : in.cells()) {
    t2::TColumnValue cv;
    cv.__set_family(c.family);
    cv.__set_qualifier(c.qualifier);
    cv.__set_value(c.value);
    out.columns.push_back(std::move(cv));
  }
  if (in.durability() != Durability::kUseDefault) {
    out.__set_durability(DurabilityToThrift(in.durability()));
  }
  return out;
}

Result<RowMutations> RowMutationsFromThrift(const t2::TRowMutations& in) {
  RowMutations out(in.row);
  for (size_t i = 0; i < in.mutations.size(); ++i) {
    const t2::TMutation& m = in.mutations[i];
    const std::string where = "TRowMutations mutation " + std::to_string(i);
    if (m.__isset.put) {
      CELLAR_ASSIGN_OR_RETURN(Put put, PutFromThrift(m.put));
      if (put.row() != in.row) return Status::InvalidArgument(where + ": row differs");
      out.Add(std::move(put));
    } else if (m.__isset.deleteSingle) {
      CELLAR_ASSIGN_OR_RETURN(Delete del, DeleteFromThrift(m.deleteSingle));
      if (del.row() != in.row) return Status::InvalidArgument(where + ": row differs");
      out.Add(std::move(del));
    } else {
      return Status::InvalidArgument(where + " is neither a put nor a delete");
    }
  }
  return out;
}

t2::TRowMutations RowMutationsToThrift(const RowMutations& in) {
  t2::TRowMutations out;
  out.__set_row(in.row());
  for (const auto& m : in.mutations()) {
    if (const Put* put = std::get_if<Put>(&m)) {
      t2::TMutation tm;
      tm.__set_put(PutToThrift(*put));
      out.mutations.push_back(std::move(tm));
      continue;
    }
    for (t2::TDelete& del : DeleteToThrift(std::get<Delete>(m))) {
      t2::TMutation tm;
      tm.__set_deleteSingle(std::move(del));
      out.mutations.push_back(std::move(tm));
    }
  }
  return out;
}

}  // namespace cellar::thrift2
