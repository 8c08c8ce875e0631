#include "store/row_entries.h"

namespace cellar::store {

Status WalkRowEntries(rocksdb::Iterator* it, const std::string& row_key, VersionResolver& resolver,
                      const RowEntryFn& fn) {
  resolver.StartRow();
  std::string current;
  bool in_column = false;
  for (; it->Valid() && it->key().starts_with(row_key); it->Next()) {
    std::string_view key(it->key().data(), it->key().size());
    auto d = DecodeCellKey(key);
    auto v = DecodeCellValue(std::string_view(it->value().data(), it->value().size()));
    if (!d || !v || d->row_key_size != row_key.size()) {
      return Status::DataLoss("corrupt entry in the store's files");
    }
    bool garbage;
    if (d->is_family_marker) {
      resolver.AddFamilyMarker(d->timestamp, d->type, v->sequence);
      garbage = resolver.IsMarkerGarbage(d->timestamp);
    } else {
      if (!in_column || d->qualifier != current) {
        current = d->qualifier;
        in_column = true;
        resolver.StartColumn();
      }
      if (d->type != CellType::kPut) {
        resolver.AddColumnMarker(d->timestamp, d->type, v->sequence);
        garbage = resolver.IsMarkerGarbage(d->timestamp);
      } else {
        garbage = resolver.ClassifyPut(d->timestamp, v->sequence) ==
                  VersionResolver::Verdict::kGarbage;
      }
    }
    CELLAR_RETURN_IF_ERROR(fn(*d, *v, garbage));
  }
  return Status::Ok();
}

}  // namespace cellar::store
