#pragma once

// Representation: picks JSON or XML for a request's body and its answer (HBase's content
// negotiation) and encodes or decodes the models through json_codec / xml_codec.
//   - Answers follow Accept; no Accept (or */*) means XML, HBase's first choice for data.
//   - Bodies follow Content-Type; without one, a body starting with '{' is JSON and one
//     starting with '<' is XML.
//   - Protobuf is not supported: 406 for Accept, 415 for Content-Type.
// Pure functions; thread-safe.

#include <optional>
#include <string>
#include <vector>

#include "cellar/status.h"
#include "server/rest/models.h"
#include "server/rest/rest_message.h"

namespace cellar::server::rest {

// The media type to answer "request" with, choosing among "offered" (first = default).
// nullopt when Accept names only types outside "offered": the caller answers 406.
std::optional<MediaType> ChooseResponseType(const RestRequest& request,
                                            std::initializer_list<MediaType> offered);
// The media type of "request"'s body; nullopt for a type other than JSON, XML or octet-stream.
std::optional<MediaType> RequestBodyType(const RestRequest& request);

RestResponse NotAcceptable(const RestRequest& request);
RestResponse UnsupportedMediaType(const RestRequest& request);

// Encoded answers with status "code" (200 by default) in "type" (kJson or kXml).
RestResponse Encode(MediaType type, const CellSetModel& model, int code = 200);
RestResponse Encode(MediaType type, const TableSchemaModel& model, int code = 200);
RestResponse Encode(MediaType type, const VersionModel& model, int code = 200);
RestResponse Encode(MediaType type, const ClusterStatusModel& model, int code = 200);
RestResponse Encode(MediaType type, const TableInfoModel& model, int code = 200);
RestResponse Encode(MediaType type, const NamespacePropertiesModel& model, int code = 200);
RestResponse EncodeTableList(MediaType type, const std::vector<std::string>& tables);
RestResponse EncodeNamespaces(MediaType type, const std::vector<std::string>& namespaces);
RestResponse EncodeClusterVersion(MediaType type, const std::string& version);

// Decoders; REQUIRES: "type" is kJson or kXml.
Result<CellSetModel> DecodeCellSet(MediaType type, const std::string& body);
Result<ScannerModel> DecodeScanner(MediaType type, const std::string& body);
Result<TableSchemaModel> DecodeTableSchema(MediaType type, const std::string& body);
Result<NamespacePropertiesModel> DecodeNamespaceProperties(MediaType type, const std::string& body);

}  // namespace cellar::server::rest
