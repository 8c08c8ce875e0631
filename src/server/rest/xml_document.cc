#include "server/rest/xml_document.h"

#include <expat.h>

namespace cellar::server::rest {
namespace {

constexpr int kMaxDepth = 64;

// Builds the tree from Expat's callbacks. The stack holds pointers into the tree; a child is
// pushed only after it is stored, and vectors are not touched again until it is popped.
struct TreeBuilder {
  XmlElement root;
  std::vector<XmlElement*> stack;
  bool seen_root = false;
  std::string error;
  XML_Parser parser = nullptr;

  static void OnStart(void* data, const XML_Char* name, const XML_Char** attrs) {
    auto* b = static_cast<TreeBuilder*>(data);
    XmlElement* element;
    if (b->stack.empty()) {
      element = &b->root;
      b->seen_root = true;
    } else {
      if (b->stack.size() >= kMaxDepth) {
        b->Stop("elements are nested deeper than " + std::to_string(kMaxDepth));
        return;
      }
      b->stack.back()->children.emplace_back();
      element = &b->stack.back()->children.back();
    }
    element->name = name;
    for (int i = 0; attrs[i] != nullptr; i += 2) element->attributes[attrs[i]] = attrs[i + 1];
    b->stack.push_back(element);
  }
  static void OnEnd(void* data, const XML_Char*) {
    auto* b = static_cast<TreeBuilder*>(data);
    if (!b->stack.empty()) b->stack.pop_back();
  }
  static void OnText(void* data, const XML_Char* s, int len) {
    auto* b = static_cast<TreeBuilder*>(data);
    if (!b->stack.empty()) b->stack.back()->text.append(s, static_cast<size_t>(len));
  }
  static void OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    static_cast<TreeBuilder*>(data)->Stop("a DOCTYPE is not accepted");
  }
  void Stop(std::string why) {
    if (error.empty()) error = std::move(why);
    XML_StopParser(parser, XML_FALSE);
  }
};

void Escape(std::string& out, std::string_view s, bool attribute) {
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      default:
        out += c;
    }
  }
}

void Write(std::string& out, const XmlElement& e) {
  out += '<';
  out += e.name;
  for (const auto& [k, v] : e.attributes) {
    out += ' ';
    out += k;
    out += "=\"";
    Escape(out, v, true);
    out += '"';
  }
  if (e.text.empty() && e.children.empty()) {
    out += "/>";
    return;
  }
  out += '>';
  Escape(out, e.text, false);
  for (const XmlElement& child : e.children) Write(out, child);
  out += "</";
  out += e.name;
  out += '>';
}

}  // namespace

const std::string* XmlElement::Attribute(std::string_view name) const {
  auto it = attributes.find(std::string(name));
  return it == attributes.end() ? nullptr : &it->second;
}

std::vector<const XmlElement*> XmlElement::Children(std::string_view name) const {
  std::vector<const XmlElement*> out;
  for (const XmlElement& c : children) {
    if (c.name == name) out.push_back(&c);
  }
  return out;
}

Result<XmlElement> ParseXml(std::string_view text) {
  TreeBuilder builder;
  XML_Parser parser = XML_ParserCreate("UTF-8");
  if (parser == nullptr) return Status::Internal("XML: cannot create a parser (out of memory)");
  builder.parser = parser;
  XML_SetUserData(parser, &builder);
  XML_SetElementHandler(parser, &TreeBuilder::OnStart, &TreeBuilder::OnEnd);
  XML_SetCharacterDataHandler(parser, &TreeBuilder::OnText);
  XML_SetStartDoctypeDeclHandler(parser, &TreeBuilder::OnDoctype);
  XML_Status rc = XML_Parse(parser, text.data(), static_cast<int>(text.size()), XML_TRUE);
  std::string error;
  if (!builder.error.empty()) {
    error = builder.error;
  } else if (rc != XML_STATUS_OK) {
    error = XML_ErrorString(XML_GetErrorCode(parser));
  }
  unsigned long line = XML_GetCurrentLineNumber(parser);
  unsigned long column = XML_GetCurrentColumnNumber(parser);
  XML_ParserFree(parser);
  if (!error.empty()) {
    return Status::InvalidArgument("malformed XML at line " + std::to_string(line) + ", column " +
                                   std::to_string(column) + ": " + error);
  }
  if (!builder.seen_root) return Status::InvalidArgument("malformed XML: no element");
  return std::move(builder.root);
}

std::string WriteXml(const XmlElement& root) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";
  Write(out, root);
  return out;
}

}  // namespace cellar::server::rest
