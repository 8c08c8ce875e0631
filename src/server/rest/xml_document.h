#pragma once

// A minimal XML element tree for HBase's REST models: XmlWriter prints one, ParseXml reads one
// (with Expat, so that entities, CDATA, character references and encodings are handled by a
// well-tested parser rather than by us). Value types; thread-compatible.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"

namespace cellar::server::rest {

struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;
  // The element's character data (concatenated; child elements' text is theirs).
  std::string text;
  std::vector<XmlElement> children;

  // The attribute "name", or nullptr.
  const std::string* Attribute(std::string_view name) const;
  // The children called "name", in order.
  std::vector<const XmlElement*> Children(std::string_view name) const;
};

// Parses a whole document. InvalidArgument with Expat's message, line and column for malformed
// XML; also for documents nested deeper than 64 elements or with a DOCTYPE (HBase's models have
// none, and refusing them rules out entity-expansion attacks).
Result<XmlElement> ParseXml(std::string_view text);

// Prints "root" with an XML declaration, attributes in name order, text escaped.
std::string WriteXml(const XmlElement& root);

}  // namespace cellar::server::rest
