// strata/mongodb.h: code migrations reach the MongoDB session behind their Database.
#include <fmt/format.h>

#include "drivers/mongodb/mongodb_connection.h"
#include "strata/mongodb.h"

namespace strata::mongodb {
namespace {

Result<MongodbConnection*> SessionOf(Database& db) {
  auto* connection = dynamic_cast<MongodbConnection*>(&db.connection());
  if (!connection) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("this migration runs on {}, not MongoDB; strata/mongodb.h serves MongoDB only",
                              db.connection().capabilities().dialect));
  }
  return connection;
}

Result<Json> Parse(const std::string& text) {
  Json parsed = Json::parse(text, nullptr, false);
  if (parsed.is_discarded()) return Status(StatusCode::kInvalidArgument, fmt::format("not valid JSON: {}", text));
  return parsed;
}

Result<Counts> RunNamedHelper(Database& db, const std::string& name, Json args) {
  auto connection = SessionOf(db);
  if (!connection.ok()) return connection.status();
  auto counts = mongodb::RunHelper(name, args, (*connection)->Runner());
  if (!counts.ok()) return counts.status();
  return Counts{counts->matched, counts->changed};
}

}  // namespace

_mongoc_database_t* Handle(Database& db) {
  auto connection = SessionOf(db);
  return connection.ok() ? (*connection)->handle() : nullptr;
}

_mongoc_client_session_t* Session(Database& db) {
  auto connection = SessionOf(db);
  return connection.ok() ? (*connection)->client_session() : nullptr;
}

Result<std::string> RunCommand(Database& db, const std::string& command) {
  auto connection = SessionOf(db);
  if (!connection.ok()) return connection.status();
  auto parsed = Parse(command);
  if (!parsed.ok()) return parsed.status();
  if (!parsed->is_object() || parsed->empty()) {
    return Status(StatusCode::kInvalidArgument, "a command is a JSON object: {\"ping\": 1}");
  }
  auto reply = (*connection)->Command(*parsed);
  if (!reply.ok()) return reply.status();
  return reply->dump();
}

Result<Counts> RunHelper(Database& db, const std::string& helper) {
  auto parsed = Parse(helper);
  if (!parsed.ok()) return parsed.status();
  if (!parsed->is_object() || parsed->size() != 1 || parsed->begin().key().rfind("strata.", 0) != 0) {
    return Status(StatusCode::kInvalidArgument,
                  "a helper is {\"strata.NAME\": {arguments}}, e.g. {\"strata.removeField\": {\"collection\": "
                  "\"users\", \"field\": \"legacy\"}}");
  }
  return RunNamedHelper(db, parsed->begin().key().substr(7), parsed->begin().value());
}

Result<Counts> AddField(Database& db, const std::string& collection, const std::string& field,
                        const std::string& value_json) {
  auto value = Parse(value_json);
  if (!value.ok()) return value.status();
  return RunNamedHelper(db, "addField", Json{{"collection", collection}, {"field", field}, {"value", *value}});
}

Result<Counts> RemoveField(Database& db, const std::string& collection, const std::string& field) {
  return RunNamedHelper(db, "removeField", Json{{"collection", collection}, {"field", field}});
}

Result<Counts> RenameField(Database& db, const std::string& collection, const std::string& from, const std::string& to) {
  return RunNamedHelper(db, "renameField", Json{{"collection", collection}, {"from", from}, {"to", to}});
}

Result<Counts> CopyField(Database& db, const std::string& collection, const std::string& from, const std::string& to) {
  return RunNamedHelper(db, "copyField", Json{{"collection", collection}, {"from", from}, {"to", to}});
}

}  // namespace strata::mongodb
