#include "server/rest/table_resources.h"

#include "server/rest/http_status.h"
#include "server/rest/representation.h"
#include "server/rest/schema_mapping.h"

namespace cellar::server::rest {
namespace {

RestResponse GetSchema(RestContext& context, const RestRequest& request, const TableName& name) {
  auto type = ChooseResponseType(request, {MediaType::kXml, MediaType::kJson});
  if (!type) return NotAcceptable(request);
  Result<TableDescriptor> desc = context.store.admin().DescribeTable(name);
  if (!desc.ok()) return ErrorResponse(request, desc.status());
  return Encode(*type, ToSchemaModel(*desc));
}

RestResponse DeleteSchema(RestContext& context, const RestRequest& request, const TableName& name) {
  Admin& admin = context.store.admin();
  Result<bool> enabled = admin.IsTableEnabled(name);
  if (!enabled.ok()) return ErrorResponse(request, enabled.status());
  if (*enabled) {
    if (Status s = admin.DisableTable(name); !s.ok()) return ErrorResponse(request, s);
  }
  if (Status s = admin.DropTable(name); !s.ok()) return ErrorResponse(request, s);
  return RestResponse::Empty(200);
}

// Brings the families of "current" to those of "wanted": adds and modifies the listed ones and,
// when "replace" (PUT), drops the others, as HBase's modifyTable with the full descriptor does.
Status AlterFamilies(Admin& admin, const TableDescriptor& current, const TableDescriptor& wanted,
                     bool replace) {
  for (const ColumnFamilyDescriptor& f : wanted.families) {
    const ColumnFamilyDescriptor* old = current.FindFamily(f.name);
    if (old == nullptr) {
      CELLAR_RETURN_IF_ERROR(admin.AddColumnFamily(wanted.name, f));
    } else if (!(*old == f)) {
      CELLAR_RETURN_IF_ERROR(admin.ModifyColumnFamily(wanted.name, f));
    }
  }
  if (!replace) return Status::Ok();
  for (const ColumnFamilyDescriptor& f : current.families) {
    if (wanted.FindFamily(f.name) == nullptr) {
      CELLAR_RETURN_IF_ERROR(admin.DeleteColumnFamily(wanted.name, f.name));
    }
  }
  return Status::Ok();
}

RestResponse UpdateSchema(RestContext& context, const RestRequest& request, const TableName& name) {
  std::optional<MediaType> body_type = RequestBodyType(request);
  if (!body_type || *body_type == MediaType::kOctetStream) return UnsupportedMediaType(request);
  Result<TableSchemaModel> model = DecodeTableSchema(*body_type, request.body);
  if (!model.ok()) return ErrorResponse(request, model.status());
  Result<TableDescriptor> wanted = FromSchemaModel(*model, name);
  if (!wanted.ok()) return ErrorResponse(request, wanted.status());
  Admin& admin = context.store.admin();
  Result<TableDescriptor> current = admin.DescribeTable(name);
  if (!current.ok() && !current.status().IsNotFound()) {
    return ErrorResponse(request, current.status());
  }
  if (!current.ok()) {
    Status s = admin.CreateTable(*wanted);
    // Another request created it first: HBase answers 304 for this race.
    if (s.IsAlreadyExists()) return RestResponse::Empty(304);
    if (!s.ok()) return ErrorResponse(request, s);
    return RestResponse::Empty(201);
  }
  bool replace = request.method == "PUT";
  if (Status s = AlterFamilies(admin, *current, *wanted, replace); !s.ok()) {
    return ErrorResponse(request, s);
  }
  return RestResponse::Empty(replace ? 201 : 200);
}

}  // namespace

RestResponse HandleSchema(RestContext& context, const RestRequest& request,
                          const std::string& table) {
  Result<TableName> name = ParseTableName(table);
  if (!name.ok()) return ErrorResponse(request, name.status());
  if (request.method == "GET") return GetSchema(context, request, *name);
  if (request.method == "DELETE") return DeleteSchema(context, request, *name);
  return UpdateSchema(context, request, *name);
}

RestResponse GetRegions(RestContext& context, const RestRequest& request,
                        const std::string& table) {
  auto type = ChooseResponseType(request, {MediaType::kXml, MediaType::kJson});
  if (!type) return NotAcceptable(request);
  Result<TableName> name = ParseTableName(table);
  if (!name.ok()) return ErrorResponse(request, name.status());
  Result<bool> exists = context.store.admin().TableExists(*name);
  if (!exists.ok()) return ErrorResponse(request, exists.status());
  if (!*exists) return ErrorResponse(request, Status::NotFound("no table " + table));
  // The whole table is one region, served here.
  TableInfoModel m;
  m.name = table;
  m.regions.push_back(RegionModel{1, "", "", context.location, table + ",,1"});
  return Encode(*type, m);
}

RestResponse GetExists(RestContext& context, const RestRequest& request, const std::string& table) {
  Result<TableName> name = ParseTableName(table);
  if (!name.ok()) return ErrorResponse(request, name.status());
  Result<bool> exists = context.store.admin().TableExists(*name);
  if (!exists.ok()) return ErrorResponse(request, exists.status());
  if (!*exists) return RestResponse::Text(404, "Not found\r\n");
  return RestResponse::Empty(200);
}

}  // namespace cellar::server::rest
