#include "replicate/pg/job.h"

#include <chrono>
#include <ctime>
#include <map>
#include <set>

namespace cellar::pg {

std::string LogText(const PgJob& job, const std::string& line) {
  std::time_t now = std::time(nullptr);
  char stamp[32];
  std::tm local{};
  localtime_r(&now, &local);  // several bootstrap threads log at once
  std::strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &local);
  return std::string(stamp) + " cellar pg " + job.job_name + ": " + line;
}

void LogLine(const PgJob& job, const std::string& line) {
  std::fprintf(job.log, "%s\n", LogText(job, line).c_str());
  std::fflush(job.log);
}

Status EnsureTargetTables(Connection& store, const PgJob& job) {
  std::map<TableName, std::set<std::string>> wanted;
  for (const auto& t : job.tables) {
    for (const auto& [family, qualifier] : t.targets) wanted[t.target_table].insert(family);
  }
  if (job.dead_letter_table) wanted[*job.dead_letter_table].insert(kDeadLetterFamily);
  Admin& admin = store.admin();
  for (const auto& [name, families] : wanted) {
    CELLAR_ASSIGN_OR_RETURN(bool ns, admin.NamespaceExists(name.ns));
    if (!ns) CELLAR_RETURN_IF_ERROR(admin.CreateNamespace(name.ns));
    CELLAR_ASSIGN_OR_RETURN(bool exists, admin.TableExists(name));
    if (!exists) {
      TableDescriptor desc{name, {}};
      for (const auto& f : families) {
        ColumnFamilyDescriptor fam = job.family_template;
        fam.name = f;
        desc.families.push_back(fam);
      }
      CELLAR_RETURN_IF_ERROR(admin.CreateTable(desc));
      LogLine(job, "created table " + name.ToString());
      continue;
    }
    CELLAR_ASSIGN_OR_RETURN(TableDescriptor desc, admin.DescribeTable(name));
    for (const auto& f : families) {
      if (desc.FindFamily(f)) continue;
      ColumnFamilyDescriptor fam = job.family_template;
      fam.name = f;
      CELLAR_RETURN_IF_ERROR(admin.AddColumnFamily(name, fam));
      LogLine(job, "added family " + f + " to " + name.ToString());
    }
  }
  return Status::Ok();
}

}  // namespace cellar::pg
