// Two schemas side by side, object by object: what `strata test`, `drift` and `diff` report.
#pragma once
#include <string>
#include <vector>

#include "strata/schema.h"

namespace strata {

struct SchemaDifference {
  enum class Change { kMissing, kExtra, kChanged };
  Change change = Change::kChanged;
  std::string kind;
  std::string name;
  std::string expected;  // the definition where it should be; "" when extra
  std::string actual;    // the definition found; "" when missing
};

// "missing", "extra", "changed".
const char* SchemaChangeName(SchemaDifference::Change change);

// What `actual` lacks (missing), holds besides (extra) or defines otherwise (changed), against
// `expected`, objects identified by kind and name and compared by their ComparedDefinition (a changed
// one is reported with both definitions); in `expected`'s order, extras last in `actual`'s.
std::vector<SchemaDifference> CompareSchemas(const Schema& expected, const Schema& actual);

}  // namespace strata
