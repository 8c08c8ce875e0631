#include "replicate/pg/copy_fields.h"

#include <algorithm>
#include <charconv>
#include <set>

namespace cellar::pg {
namespace {

// PostgreSQL type oids (pg_type.dat).
constexpr uint32_t kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25, kBpchar = 1042,
                   kVarchar = 1043;

int64_t ReadSigned(const char* p, size_t size) {
  uint64_t v = 0;
  for (size_t i = 0; i < size; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  const int shift = static_cast<int>(64 - 8 * size);  // sign-extend from "size" bytes
  return static_cast<int64_t>(v << shift) >> shift;
}

size_t NativeSize(CopyFieldFormat format) {
  switch (format) {
    case CopyFieldFormat::kInt2:
      return 2;
    case CopyFieldFormat::kInt4:
      return 4;
    case CopyFieldFormat::kInt8:
      return 8;
    case CopyFieldFormat::kBool:
      return 1;
    default:
      return 0;
  }
}

}  // namespace

CopyFieldFormat CopyFieldFormatFor(uint32_t type_oid, bool cast_is_output) {
  switch (type_oid) {
    case kInt2:
      return CopyFieldFormat::kInt2;
    case kInt4:
      return CopyFieldFormat::kInt4;
    case kInt8:
      return CopyFieldFormat::kInt8;
    case kBool:
      return CopyFieldFormat::kBool;
    case kText:
    case kVarchar:
    case kBpchar:
      return CopyFieldFormat::kText;
    default:
      return cast_is_output ? CopyFieldFormat::kCast : CopyFieldFormat::kFormat;
  }
}

std::string CopySelectItem(CopyFieldFormat format, const std::string& quoted_column) {
  switch (format) {
    case CopyFieldFormat::kCast:
      return quoted_column + "::text";
    case CopyFieldFormat::kFormat:
      // format() prints NULL as '': keep it NULL.
      return "CASE WHEN " + quoted_column + " IS NOT NULL THEN format('%s', " + quoted_column +
             ") END";
    default:
      return quoted_column;
  }
}

Result<BinaryCopyQuery> PlanBinaryCopy(PgConnection& conn, const TableSpec& spec,
                                       const std::vector<SourceColumn>& table_columns) {
  BinaryCopyQuery q;
  std::set<std::string> wanted(spec.key_columns.begin(), spec.key_columns.end());
  wanted.insert(spec.columns.begin(), spec.columns.end());
  std::string other_types;  // oids of the columns that are not sent natively
  for (const SourceColumn& c : table_columns) {
    if (!wanted.contains(c.name)) continue;
    q.columns.push_back(c);
    if (CopyFieldFormatFor(c.type_oid, true) == CopyFieldFormat::kCast) {
      other_types += (other_types.empty() ? "" : ",") + std::to_string(c.type_oid);
    }
  }
  // Types whose ::text is not their output function: a cast function to text, or a domain.
  std::set<uint32_t> no_cast;
  if (!other_types.empty()) {
    CELLAR_ASSIGN_OR_RETURN(
        PgRows rows,
        conn.Query("SELECT t.oid::int FROM pg_type t WHERE t.oid = ANY('{" + other_types +
                   "}'::oid[]) AND (t.typtype = 'd' OR EXISTS (SELECT 1 FROM pg_cast c WHERE "
                   "c.castsource = t.oid AND c.casttarget = 'text'::regtype AND "
                   "c.castmethod = 'f'))"));
    for (const auto& row : rows.rows) no_cast.insert(static_cast<uint32_t>(std::stoul(*row[0])));
  }
  std::string select;
  for (const SourceColumn& c : q.columns) {
    q.formats.push_back(CopyFieldFormatFor(c.type_oid, !no_cast.contains(c.type_oid)));
    select += (select.empty() ? "" : ", ") +
              CopySelectItem(q.formats.back(), conn.QuoteIdentifier(c.name));
  }
  q.sql = "COPY (SELECT " + select + " FROM " + conn.QuoteIdentifier(spec.schema) + "." +
          conn.QuoteIdentifier(spec.table) + ") TO STDOUT (FORMAT binary)";
  return q;
}

CopyFieldDecoder::CopyFieldDecoder(std::vector<CopyFieldFormat> formats)
    : formats_(std::move(formats)), digits_(formats_.size()) {}

Status CopyFieldDecoder::Decode(std::span<const CopyField> fields,
                                std::vector<std::optional<std::string_view>>* out) {
  out->resize(fields.size());
  for (size_t i = 0; i < fields.size(); ++i) {
    const CopyField& f = fields[i];
    const CopyFieldFormat format = i < formats_.size() ? formats_[i] : CopyFieldFormat::kText;
    const size_t native = NativeSize(format);
    if (!f || native == 0) {
      (*out)[i] = f;
      continue;
    }
    if (f->size() != native) {
      return Status::DataLoss("binary COPY: column " + std::to_string(i + 1) + " has " +
                              std::to_string(f->size()) + " bytes; its type sends " +
                              std::to_string(native));
    }
    if (format == CopyFieldFormat::kBool) {
      (*out)[i] = (*f)[0] != 0 ? std::string_view("t") : std::string_view("f");
      continue;
    }
    std::array<char, 24>& buf = digits_[i];
    const auto printed =
        std::to_chars(buf.data(), buf.data() + buf.size(), ReadSigned(f->data(), native));
    (*out)[i] = std::string_view(buf.data(), static_cast<size_t>(printed.ptr - buf.data()));
  }
  return Status::Ok();
}

}  // namespace cellar::pg
