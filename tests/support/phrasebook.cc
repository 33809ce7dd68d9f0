#include "support/phrasebook.h"

#include <nlohmann/json.hpp>

#include "strata/code_migration.h"
#if STRATA_WITH_MONGODB
#include "strata/mongodb.h"
#endif

namespace strata::testing {

Phrasebook::Phrasebook(const Backend& backend)
    : mongodb_(backend.name.rfind("mongodb", 0) == 0), extension_(mongodb_ ? ".json" : ".sql") {}

std::string Phrasebook::Creates(const std::string& object, bool reversible) const {
  if (mongodb_) {
    return R"({"up": [{"create": ")" + object + R"("}])" +
           (reversible ? R"(, "down": [{"drop": ")" + object + R"("}])" : "") + "}";
  }
  return "-- strata:up\nCREATE TABLE " + object + " (id INTEGER);\n" +
         (reversible ? "-- strata:down\nDROP TABLE " + object + ";\n" : "");
}

bool Phrasebook::Exists(Engine& engine, const std::string& object) const {
  if (!mongodb_) return engine.connection().Execute({"SELECT * FROM " + object + " WHERE 1 = 0", "", 1}).ok();
#if STRATA_WITH_MONGODB
  Database db(engine.connection());
  auto reply = mongodb::RunCommand(db, R"({"listCollections": 1, "filter": {"name": ")" + object + R"("}})");
  return reply.ok() && !nlohmann::json::parse(*reply)["cursor"]["firstBatch"].empty();
#else
  return false;
#endif
}

}  // namespace strata::testing
