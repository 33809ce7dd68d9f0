#include "drivers/mongodb/mongodb_connection.h"

#include <fmt/format.h>

#include <cstring>
#include <utility>

#include "core/json_spans.h"
#include "core/text.h"

namespace strata {

using mongodb::Json;

namespace {

// Owns a bson_t made by libbson.
struct Bson {
  bson_t* doc = nullptr;
  Bson() = default;
  Bson(Bson&& other) noexcept : doc(std::exchange(other.doc, nullptr)) {}
  Bson(const Bson&) = delete;
  Bson& operator=(const Bson&) = delete;
  ~Bson() {
    if (doc) bson_destroy(doc);
  }
};

Json ToJson(const bson_t* doc, bool canonical) {
  size_t length = 0;
  char* text = canonical ? bson_as_canonical_extended_json(doc, &length) : bson_as_relaxed_extended_json(doc, &length);
  Json out = text ? Json::parse(std::string_view(text, length), nullptr, false) : Json();
  bson_free(text);
  return out;
}

// The query operator $type: libbson's Extended JSON reader takes any {"$type": ...} for the legacy
// binary form, so the operator travels under a stand-in key and is renamed back in the BSON.
constexpr const char* kTypeStandIn = "$strata.type";

// Renames stand-in keys in `doc` (in place); true if there were any.
bool HideTypeOperators(Json& doc) {
  bool found = false;
  if (doc.is_object()) {
    if (doc.contains("$type") && !doc.contains("$binary")) {
      Json value = std::move(doc["$type"]);
      Json renamed = Json::object();
      for (auto& [key, v] : doc.items()) renamed[key == "$type" ? kTypeStandIn : key] = std::move(v);
      renamed[kTypeStandIn] = std::move(value);
      doc = std::move(renamed);
      found = true;
    }
    for (auto& [key, v] : doc.items()) found = HideTypeOperators(v) || found;
  } else if (doc.is_array()) {
    for (Json& v : doc) found = HideTypeOperators(v) || found;
  }
  return found;
}

void CopyRestoringTypeOperators(const bson_t* from, bson_t* to) {
  bson_iter_t it;
  if (!bson_iter_init(&it, from)) return;
  while (bson_iter_next(&it)) {
    const char* key = strcmp(bson_iter_key(&it), kTypeStandIn) == 0 ? "$type" : bson_iter_key(&it);
    const bool document = BSON_ITER_HOLDS_DOCUMENT(&it);
    if (!document && !BSON_ITER_HOLDS_ARRAY(&it)) {
      bson_append_iter(to, key, -1, &it);
      continue;
    }
    uint32_t length = 0;
    const uint8_t* data = nullptr;
    document ? bson_iter_document(&it, &length, &data) : bson_iter_array(&it, &length, &data);
    bson_t source;
    bson_t child;
    if (!bson_init_static(&source, data, length)) continue;
    document ? bson_append_document_begin(to, key, -1, &child) : bson_append_array_begin(to, key, -1, &child);
    CopyRestoringTypeOperators(&source, &child);
    document ? bson_append_document_end(to, &child) : bson_append_array_end(to, &child);
  }
}

Result<Bson> ToBson(Json doc) {
  const bool hidden = HideTypeOperators(doc);
  const std::string text = doc.dump();
  bson_error_t error;
  Bson out;
  out.doc = bson_new_from_json(reinterpret_cast<const uint8_t*>(text.data()), static_cast<ssize_t>(text.size()), &error);
  if (!out.doc) {
    return Status(StatusCode::kInvalidArgument, fmt::format("not valid Extended JSON: {}", error.message));
  }
  if (hidden) {
    Bson restored;
    restored.doc = bson_new();
    CopyRestoringTypeOperators(out.doc, restored.doc);
    return restored;
  }
  return out;
}

// Admin commands run against the admin database, their namespaces qualified with ours.
bool IsAdminCommand(const std::string& name) { return name == "renameCollection"; }

}  // namespace

Status MongoError(const bson_error_t& error, const Json& reply, const std::string& what) {
  std::string code_name = reply.is_object() && reply.contains("codeName") && reply["codeName"].is_string()
                              ? reply["codeName"].get<std::string>()
                              : "";
  std::string message = error.message;
  Status s(StatusCode::kDatabaseError,
           code_name.empty() ? fmt::format("{}: {} (code {})", what, message, error.code)
                             : fmt::format("{}: {} (code {}, {})", what, message, error.code, code_name));
  s.set_database_message(message);
  return s;
}

MongodbConnection::MongodbConnection(mongoc_uri_t* uri, mongoc_client_t* client, std::string database,
                                     bool transactions, const ConnectOptions& options)
    : uri_(uri),
      client_(client),
      database_handle_(mongoc_client_get_database(client, database.c_str())),
      database_(std::move(database)),
      history_(options.history_table),
      transactions_(transactions) {}

MongodbConnection::~MongodbConnection() {
  (void)Rollback();
  (void)ReleaseLock();
  mongoc_database_destroy(database_handle_);
  mongoc_client_destroy(client_);
  mongoc_uri_destroy(uri_);
}

Result<Json> MongodbConnection::Command(const Json& command, bool canonical, const std::string& database) {
  auto doc = ToBson(command);
  if (!doc.ok()) return doc.status();
  bson_t opts = BSON_INITIALIZER;
  bson_error_t error;
  if (session_ && !mongoc_client_session_append(session_, &opts, &error)) {
    bson_destroy(&opts);
    return MongoError(error, Json(), "cannot join the transaction");
  }
  bson_t reply;
  bool ok = database.empty()
                ? mongoc_database_command_with_opts(database_handle_, doc->doc, nullptr, &opts, &reply, &error)
                : mongoc_client_command_with_opts(client_, database.c_str(), doc->doc, nullptr, &opts, &reply, &error);
  Json out = ToJson(&reply, canonical);
  bson_destroy(&reply);
  bson_destroy(&opts);
  const std::string name = command.empty() ? "command" : command.begin().key();
  if (!ok) return MongoError(error, out, fmt::format("{} failed", name));
  // Write errors come back in a reply that says ok: the command ran, the writes did not.
  for (const char* key : {"writeErrors", "writeConcernError"}) {
    if (!out.contains(key)) continue;
    const Json& first = out[key].is_array() ? out[key][0] : out[key];
    bson_error_t write_error{};
    write_error.code = first.contains("code") && first["code"].is_number() ? first["code"].get<uint32_t>() : 0;
    std::string message = first.value("errmsg", std::string("write failed"));
    snprintf(write_error.message, sizeof(write_error.message), "%s", message.c_str());
    return MongoError(write_error, first, fmt::format("{} failed", name));
  }
  return out;
}

mongodb::CommandRunner MongodbConnection::Runner() {
  return [this](const Json& command, bool canonical) { return Command(command, canonical); };
}

Result<std::vector<Json>> MongodbConnection::Find(const std::string& collection, const Json& filter,
                                                 const Json& options) {
  Json command{{"find", collection}, {"filter", filter}, {"batchSize", 1000}};
  for (const auto& [key, value] : options.items()) command[key] = value;
  auto reply = Command(command, false);
  if (!reply.ok()) return reply.status();
  return mongodb::CursorDocuments(std::move(*reply), collection, false, Runner());
}

Result<bool> MongodbConnection::CollectionExists(const std::string& name) {
  auto reply = Command(Json{{"listCollections", 1}, {"filter", {{"name", name}}}, {"nameOnly", true}});
  if (!reply.ok()) return reply.status();
  return !(*reply)["cursor"]["firstBatch"].empty();
}

Status MongodbConnection::Begin() {
  if (!transactions_) return Status::Ok();  // standalone: see the header
  bson_error_t error;
  session_ = mongoc_client_start_session(client_, nullptr, &error);
  if (!session_) return MongoError(error, Json(), "cannot start a session");
  if (!mongoc_client_session_start_transaction(session_, nullptr, &error)) {
    mongoc_client_session_destroy(session_);
    session_ = nullptr;
    return MongoError(error, Json(), "cannot start a transaction");
  }
  return Status::Ok();
}

Status MongodbConnection::Commit() {
  if (!session_) return Status::Ok();
  bson_error_t error;
  bson_t reply;
  bool ok = mongoc_client_session_commit_transaction(session_, &reply, &error);
  Json out = ToJson(&reply, false);
  bson_destroy(&reply);
  mongoc_client_session_destroy(session_);  // aborts what did not commit
  session_ = nullptr;
  return ok ? Status::Ok() : MongoError(error, out, "commit failed");
}

Status MongodbConnection::Rollback() {
  if (!session_) return Status::Ok();
  bson_error_t error;
  bool ok = mongoc_client_session_abort_transaction(session_, &error);
  mongoc_client_session_destroy(session_);
  session_ = nullptr;
  return ok ? Status::Ok() : MongoError(error, Json(), "abort failed");
}

Status MongodbConnection::Execute(const Script& script) {
  auto failed = [&](int index, int line, const std::string& what, const Status& cause) {
    Status s(StatusCode::kMigrationFailed, fmt::format("{}: {}", what, cause.message()));
    s.set_database_message(cause.database_message());
    s.set_location({script.path, line, index});
    return s;
  };
  auto elements = ArrayElements(script.text);
  if (!elements) {
    return failed(-1, script.first_line, "not a JSON array of MongoDB commands",
                  Status(StatusCode::kInvalidArgument,
                         "MongoDB runs .json migrations ({\"up\": [{\"create\": \"users\"}, ...]}), not SQL"));
  }
  // Every command is checked before the first runs: outside a transaction nothing could undo it.
  std::vector<Json> commands;
  std::vector<int> lines;
  for (size_t i = 0; i < elements->size(); ++i) {
    const JsonSpan& span = (*elements)[i];
    lines.push_back(script.first_line + LineOfOffset(script.text, span.offset) - 1);
    std::string text(script.text.substr(span.offset, span.length));
    Json command = Json::parse(text, nullptr, false);
    Status valid = command.is_object() && !command.empty() ? ToBson(command).status()
                                                            : Status(StatusCode::kInvalidArgument, "not a command document");
    if (!valid.ok()) return failed(static_cast<int>(i), lines.back(), fmt::format("command {}", i + 1), valid);
    commands.push_back(std::move(command));
  }
  for (size_t i = std::max(0, script.first_statement); i < commands.size(); ++i) {
    if (lock_lost_) {
      return Status(StatusCode::kLockTimeout,
                    "this runner lost the lock (it could not renew it in time, and another runner may have taken it "
                    "over); stopped before the next command. Check `strata status`, then run again");
    }
    Json& command = commands[i];
    const std::string name = command.begin().key();
    if (script.before_statement && !session_) {
      STRATA_RETURN_IF_ERROR(script.before_statement(static_cast<int>(i), lines[i]));
    }
    const std::string what = fmt::format("MongoDB command {} (\"{}\")", i + 1, name);
    if (name.rfind("strata.", 0) == 0) {
      auto counts = mongodb::RunHelper(name.substr(7), command.begin().value(), Runner());
      if (!counts.ok()) return failed(static_cast<int>(i), lines[i], what, counts.status());
      if (script.on_note) {
        script.on_note(fmt::format("{} on {}: matched {}, changed {}", name,
                                   command.begin().value().value("collection", std::string()), counts->matched,
                                   counts->changed));
      }
      continue;
    }
    std::string on;
    if (IsAdminCommand(name)) {
      // `{"renameCollection": "users", "to": "people"}` means this database's collections.
      for (const char* key : {"renameCollection", "to"}) {
        if (command.contains(key) && command[key].is_string() &&
            command[key].get<std::string>().find('.') == std::string::npos) {
          command[key] = database_ + "." + command[key].get<std::string>();
        }
      }
      on = "admin";
    }
    auto reply = Command(command, false, on);
    if (!reply.ok()) return failed(static_cast<int>(i), lines[i], what, reply.status());
  }
  return Status::Ok();
}

}  // namespace strata
