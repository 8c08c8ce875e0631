#include "replicate/mysql/publish_order.h"

#include <algorithm>

#include "replicate/mysql/create_table.h"

namespace cellar::mysql {
namespace {

bool WithoutPrimaryKey(const StagedTable& table) {
  Result<TableSchema> schema = ParseCreateTable(table.create_sql);
  return schema.ok() && schema->primary_key.empty();
}

}  // namespace

std::vector<size_t> PublishStartOrder(const std::vector<StagedTable*>& tables) {
  std::vector<size_t> order(tables.size());
  std::vector<bool> keyless(tables.size());
  for (size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
    keyless[i] = WithoutPrimaryKey(*tables[i]);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (keyless[a] != keyless[b]) return static_cast<bool>(keyless[a]);
    return tables[a]->rows > tables[b]->rows;
  });
  return order;
}

}  // namespace cellar::mysql
