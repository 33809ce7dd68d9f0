#include "schema/compare.h"

#include <map>
#include <utility>

namespace strata {

const char* SchemaChangeName(SchemaDifference::Change change) {
  switch (change) {
    case SchemaDifference::Change::kMissing: return "missing";
    case SchemaDifference::Change::kExtra: return "extra";
    case SchemaDifference::Change::kChanged: return "changed";
  }
  return "changed";
}

std::vector<SchemaDifference> CompareSchemas(const Schema& expected, const Schema& actual) {
  using Key = std::pair<std::string, std::string>;
  std::map<Key, const SchemaObject*> found;
  for (const SchemaObject& o : actual.objects) found[{o.kind, o.name}] = &o;
  std::vector<SchemaDifference> out;
  std::map<Key, bool> seen;
  for (const SchemaObject& o : expected.objects) {
    seen[{o.kind, o.name}] = true;
    auto it = found.find({o.kind, o.name});
    if (it == found.end()) {
      out.push_back({SchemaDifference::Change::kMissing, o.kind, o.name, o.definition, ""});
    } else if (it->second->ComparedDefinition() != o.ComparedDefinition()) {
      out.push_back({SchemaDifference::Change::kChanged, o.kind, o.name, o.definition, it->second->definition});
    }
  }
  for (const SchemaObject& o : actual.objects) {
    if (!seen.count({o.kind, o.name})) out.push_back({SchemaDifference::Change::kExtra, o.kind, o.name, "", o.definition});
  }
  return out;
}

}  // namespace strata
