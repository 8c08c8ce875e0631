#include "replicate/pg/row_mapper.h"

#include <algorithm>
#include <cstring>
#include <tuple>

#include "util/bytes.h"

namespace cellar::pg {
namespace {

// PostgreSQL type oids (pg_type.dat).
constexpr uint32_t kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26,
                   kFloat4 = 700, kFloat8 = 701, kDate = 1082, kTimestamp = 1114,
                   kTimestampTz = 1184, kNumeric = 1700, kUuid = 2950;

std::optional<size_t> IndexOf(const std::vector<SourceColumn>& columns, const std::string& name) {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return i;
  }
  return std::nullopt;
}

std::string FixedBytes(uint64_t v, int width) {
  std::string out(width, '\0');
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  return out;
}

}  // namespace

replicate::KeyType KeyTypeForPgType(uint32_t oid) {
  using replicate::KeyType;
  switch (oid) {
    case kInt2:
    case kInt4:
    case kInt8:
      return KeyType::kSignedInt;
    case kOid:
      return KeyType::kUnsignedInt;
    case kNumeric:
      return KeyType::kDecimal;
    case kFloat4:
    case kFloat8:
      return KeyType::kFloat;
    case kBool:
      return KeyType::kBool;
    case kBytea:
      return KeyType::kBytea;
    case kDate:
      return KeyType::kDate;
    case kTimestamp:
      return KeyType::kTimestamp;
    case kTimestampTz:
      return KeyType::kTimestampTz;
    case kUuid:
      return KeyType::kUuid;
    default:
      return KeyType::kText;
  }
}

Result<RowMapper> RowMapper::Create(const TableSpec& spec,
                                    const std::vector<SourceColumn>& columns) {
  RowMapper m(spec);
  auto missing = [&](const std::string& key, const std::string& column) {
    return Status::FailedPrecondition("[" + spec.section + "] " + key + ": column '" + column +
                                      "' is not in " + spec.schema + "." + spec.table);
  };
  if (spec.key_columns.empty()) {
    return Status::FailedPrecondition("[" + spec.section + "] " + spec.schema + "." + spec.table +
                                      " has no primary key; set psql_key_column");
  }
  for (const auto& k : spec.key_columns) {
    auto i = IndexOf(columns, k);
    if (!i) return missing("psql_key_column", k);
    m.key_indices_.push_back(*i);
    m.key_types_.push_back(KeyTypeForPgType(columns[*i].type_oid));
  }
  for (size_t c = 0; c < spec.columns.size(); ++c) {
    auto i = IndexOf(columns, spec.columns[c]);
    if (!i) return missing("psql_columns", spec.columns[c]);
    m.targets_.push_back(
        Target{*i, spec.targets[c].first, spec.targets[c].second, columns[*i].type_oid,
               spec.columns[c]});
  }
  // Cells in key order: RocksDB's memtable inserts a write batch fastest when its keys ascend.
  std::stable_sort(m.targets_.begin(), m.targets_.end(), [](const Target& a, const Target& b) {
    return std::tie(a.family, a.qualifier) < std::tie(b.family, b.qualifier);
  });
  for (size_t a = 0; a < m.targets_.size(); ++a) {
    for (size_t b = a + 1; b < m.targets_.size(); ++b) {
      if (m.targets_[b].index == m.targets_[a].index) m.targets_[a].last_use = false;
    }
  }
  return m;
}

Result<std::string> RowMapper::RowKey(const SourceRow& row) const {
  replicate::KeyEncoder enc(spec_.key_format);
  for (size_t k = 0; k < key_indices_.size(); ++k) {
    size_t i = key_indices_[k];
    if (i >= row.size() || row[i].unchanged || !row[i].text) {
      return Status::InvalidArgument("key column '" + spec_.key_columns[k] + "' of " +
                                     spec_.schema + "." + spec_.table + " is NULL");
    }
    CELLAR_RETURN_IF_ERROR(enc.Append(key_types_[k], *row[i].text));
  }
  return enc.Finish();
}

std::string RowMapper::EncodeValue(const Target& t, const std::string& text) const {
  if (spec_.value_encoding == ValueEncoding::kText) return text;
  errno = 0;
  switch (t.type_oid) {
    case kInt2:
      return FixedBytes(static_cast<uint64_t>(std::stoll(text)), 2);
    case kInt4:
      return FixedBytes(static_cast<uint64_t>(std::stoll(text)), 4);
    case kInt8:
      return EncodeLong(std::stoll(text));
    case kFloat4: {
      float f = std::stof(text);
      uint32_t bits;
      std::memcpy(&bits, &f, 4);
      return FixedBytes(bits, 4);
    }
    case kFloat8: {
      double d = std::stod(text);
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      return FixedBytes(bits, 8);
    }
    case kBool:
      return std::string(1, text == "t" ? '\xff' : '\0');
    default:
      return text;
  }
}

std::string RowMapper::EncodeValue(const Target& t, std::string&& text) const {
  if (spec_.value_encoding == ValueEncoding::kText) return std::move(text);
  switch (t.type_oid) {
    case kInt2:
    case kInt4:
    case kInt8:
    case kFloat4:
    case kFloat8:
    case kBool:
      return EncodeValue(t, static_cast<const std::string&>(text));
    default:
      return std::move(text);
  }
}

Result<RowMutations> RowMapper::Upsert(const SourceRow& row, int64_t ts) const {
  return UpsertImpl(row, nullptr, ts);
}

Result<RowMutations> RowMapper::Upsert(SourceRow&& row, int64_t ts) const {
  return UpsertImpl(row, &row, ts);
}

Result<RowMutations> RowMapper::UpsertImpl(const SourceRow& row, SourceRow* owned,
                                           int64_t ts) const {
  CELLAR_ASSIGN_OR_RETURN(std::string key, RowKey(row));
  RowMutations m(key);
  Put put(key, ts);
  std::optional<Delete> del;
  for (const Target& t : targets_) {
    const SourceValue& v = row[t.index];
    if (v.unchanged) continue;
    if (!v.text) {
      if (!del) del.emplace(key, ts);
      del->AddColumns(t.family, t.qualifier, ts);
      continue;
    }
    try {
      put.AddColumn(t.family, t.qualifier, ts,
                    owned && t.last_use ? EncodeValue(t, std::move(*(*owned)[t.index].text))
                                        : EncodeValue(t, *v.text));
    } catch (const std::exception&) {
      return Status::InvalidArgument("value '" + *v.text + "' of " + spec_.table + "." +
                                     t.column +
                                     " does not fit the binary value encoding");
    }
  }
  if (del) m.Add(std::move(*del));
  if (!put.empty()) m.Add(std::move(put));
  return m;
}

Status RowMapper::UpsertCells(SourceRowView row, std::string* key, std::vector<BulkCell>* cells,
                              std::vector<std::string>* encoded) const {
  replicate::KeyEncoder enc(spec_.key_format);
  for (size_t k = 0; k < key_indices_.size(); ++k) {
    const size_t i = key_indices_[k];
    if (i >= row.size() || !row[i]) {
      return Status::InvalidArgument("key column '" + spec_.key_columns[k] + "' of " +
                                     spec_.schema + "." + spec_.table + " is NULL");
    }
    CELLAR_RETURN_IF_ERROR(enc.Append(key_types_[k], *row[i]));
  }
  CELLAR_ASSIGN_OR_RETURN(*key, enc.Finish());
  cells->clear();
  const bool rewrite = spec_.value_encoding == ValueEncoding::kBinary;
  if (rewrite) encoded->resize(targets_.size());  // not resized below: the views stay valid
  for (size_t n = 0; n < targets_.size(); ++n) {
    const Target& t = targets_[n];
    const std::optional<std::string_view>& v = row[t.index];
    if (!v) {
      cells->push_back(BulkCell{t.family, t.qualifier, {}, CellType::kDeleteColumn});
      continue;
    }
    std::string_view value = *v;
    if (rewrite) {
      try {
        (*encoded)[n] = EncodeValue(t, std::string(*v));
      } catch (const std::exception&) {
        return Status::InvalidArgument("value '" + std::string(*v) + "' of " + spec_.table + "." +
                                       t.column + " does not fit the binary value encoding");
      }
      value = (*encoded)[n];
    }
    cells->push_back(BulkCell{t.family, t.qualifier, value});
  }
  return Status::Ok();
}

RowMutations RowMapper::DeleteRow(const std::string& row_key, int64_t ts) const {
  RowMutations m(row_key);
  if (targets_.empty()) return m;  // an empty Delete would remove the whole row
  Delete del(row_key, ts);
  for (const Target& t : targets_) del.AddColumns(t.family, t.qualifier, ts);
  m.Add(std::move(del));
  return m;
}

}  // namespace cellar::pg
