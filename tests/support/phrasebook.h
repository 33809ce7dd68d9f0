// How each backend says the few things the shared conformance suite needs (tests/drivers/
// conformance_test.cc): a migration that creates an object (a table, a collection) and, where asked,
// drops it again; and whether an object exists. SQL on the SQL databases, JSON commands on MongoDB.
#pragma once

#include <string>

#include "strata/engine.h"
#include "support/backends.h"

namespace strata::testing {

class Phrasebook {
 public:
  explicit Phrasebook(const Backend& backend);

  // The migration file's extension: ".sql" or ".json".
  const std::string& extension() const { return extension_; }
  // A migration file whose up part creates `object` (a placeholder such as "${table}" allowed); with
  // `reversible`, a down part drops it.
  std::string Creates(const std::string& object, bool reversible = false) const;
  // Whether `object` exists in the engine's database.
  bool Exists(Engine& engine, const std::string& object) const;

 private:
  bool mongodb_;
  std::string extension_;
};

}  // namespace strata::testing
