// Backups of collections before a risky migration: a copy with $out into strata_backup_<version>_<collection>,
// listed in <history>_backups; restoring copies it back with $out (which keeps the target's indexes).
#include <fmt/format.h>

#include <set>

#include "core/clock.h"
#include "core/json_spans.h"
#include "drivers/mongodb/mongodb_connection.h"

namespace strata {

using mongodb::Json;

namespace {

// The collection a command works on: the value of its first key, or a helper's "collection".
std::string Target(const Json& command) {
  const Json& first = command.begin().value();
  if (command.begin().key().rfind("strata.", 0) == 0) return first.is_object() ? first.value("collection", std::string()) : "";
  return first.is_string() ? first.get<std::string>() : "";
}

// An update or delete statement whose filter matches every document.
bool Everything(const Json& statement) {
  return !statement.contains("q") || (statement["q"].is_object() && statement["q"].empty());
}

bool RemovesFields(const Json& update) {
  if (update.is_object()) return update.contains("$unset") || update.contains("$rename");
  if (update.is_array()) {
    for (const Json& stage : update) {
      if (stage.is_object() && (stage.contains("$unset") || stage.contains("$project") || stage.contains("$replaceRoot") ||
                                stage.contains("$replaceWith"))) {
        return true;
      }
    }
  }
  return false;
}

// What `command` may destroy: whole collections, fields, or documents a helper deletes or moves.
void AtRisk(const Json& command, std::set<std::string>& risky, std::set<std::string>& touched, bool& everything) {
  const std::string name = command.begin().key();
  const std::string target = Target(command);
  if (!target.empty()) touched.insert(target);
  if (name == "drop" || name == "strata.removeField" || name == "strata.renameField" ||
      name == "strata.removeDuplicates" || name == "strata.archive" || name == "strata.transform") {
    risky.insert(target);
  } else if (name == "dropDatabase") {
    everything = true;
  } else if (name == "update" && command.contains("updates") && command["updates"].is_array()) {
    for (const Json& u : command["updates"]) {
      // Fields removed anywhere, or values overwritten in every document.
      if (u.is_object() && u.contains("u") && (RemovesFields(u["u"]) || (Everything(u) && u.value("multi", false)))) {
        risky.insert(target);
      }
    }
  } else if (name == "delete" && command.contains("deletes") && command["deletes"].is_array()) {
    for (const Json& d : command["deletes"]) {
      if (d.is_object() && Everything(d) && !(d.contains("limit") && d["limit"] == 1)) risky.insert(target);
    }
  } else if (name == "renameCollection" && command.value("dropTarget", false) && command.contains("to")) {
    std::string to = command["to"].get<std::string>();
    risky.insert(to.substr(to.find('.') + 1));
  } else if (name == "aggregate" && command.contains("pipeline") && command["pipeline"].is_array() &&
             !command["pipeline"].empty()) {
    const Json& last = command["pipeline"].back();
    for (const char* stage : {"$out", "$merge"}) {
      if (!last.is_object() || !last.contains(stage)) continue;
      const Json& into = last[stage];
      // {"$out": "c"}, {"$out": {"db": .., "coll": "c"}}, {"$merge": "c"}, {"$merge": {"into": "c" | {"coll": "c"}}}
      const Json& named = into.is_object() && into.contains("into") ? into["into"] : into;
      std::string out = named.is_string()                                            ? named.get<std::string>()
                        : named.is_object() && named.contains("coll") && named["coll"].is_string() ? named["coll"].get<std::string>()
                                                                                     : "";
      if (!out.empty()) risky.insert(out);  // over an existing collection: checked by the caller
    }
  }
}

}  // namespace

Result<std::vector<BackupTarget>> MongodbBackups::ObjectsAtRisk(const Script& script, std::vector<BackupTarget> found,
                                                                 bool requested) {
  std::set<std::string> risky, touched;
  for (const BackupTarget& t : found) risky.insert(t.object);
  bool everything = false;
  if (auto elements = ArrayElements(script.text)) {
    for (const JsonSpan& span : *elements) {
      Json command = Json::parse(script.text.substr(span.offset, span.length), nullptr, false);
      if (command.is_object() && !command.empty()) AtRisk(command, risky, touched, everything);
    }
  }
  if (requested) risky.insert(touched.begin(), touched.end());
  auto listed = c_.Command(Json{{"listCollections", 1}, {"nameOnly", true}});
  if (!listed.ok()) return listed.status();
  auto collections = mongodb::CursorDocuments(std::move(*listed), "$cmd.listCollections", false, c_.Runner());
  if (!collections.ok()) return collections.status();
  std::vector<BackupTarget> out;
  for (const Json& c : *collections) {
    std::string name = c.value("name", std::string());
    if (name.rfind("strata_", 0) == 0 || name.rfind("system.", 0) == 0 || name.rfind(c_.history_, 0) == 0) continue;
    if (everything || risky.count(name)) out.push_back({name, {}});
  }
  return out;
}

Result<std::vector<BackupInfo>> MongodbBackups::Backup(const std::string& version, const std::string& name,
                                                          const std::vector<BackupTarget>& targets) {
  mongoc_client_session_t* session = c_.session_;
  c_.session_ = nullptr;  // copies are taken outside any transaction ($out cannot run in one)
  std::vector<BackupInfo> taken;
  Status failed;
  for (const BackupTarget& target : targets) {
    const std::string& object = target.object;
    BackupInfo info;
    info.id = "strata_backup_" + version + "_" + object;
    info.object = object;
    info.version = version;
    info.migration = name;
    info.created_at = NowUtc();
    // A second backup for the same migration (it ran again) gets a suffix; none is ever overwritten.
    for (int n = 2;; ++n) {
      auto exists = c_.CollectionExists(info.id);
      if (!exists.ok()) {
        failed = exists.status();
        break;
      }
      if (!*exists) break;
      info.id = fmt::format("strata_backup_{}_{}_{}", version, object, n);
    }
    if (!failed.ok()) break;
    auto copied = c_.Command(Json{{"aggregate", object},
                               {"pipeline", Json::array({{{"$match", Json::object()}}, {{"$out", info.id}}})},
                               {"cursor", Json::object()}});
    auto count = copied.ok() ? c_.Command(Json{{"count", info.id}}) : copied;
    if (!count.ok()) {
      failed = count.status();
      break;
    }
    info.rows = count->value("n", int64_t{0});
    auto recorded = c_.Command(Json{{"insert", c_.history_ + "_backups"},
                                 {"documents", Json::array({{{"_id", info.id},
                                                             {"collection", info.object},
                                                             {"version", info.version},
                                                             {"migration", info.migration},
                                                             {"created_at", info.created_at},
                                                             {"documents", info.rows}}})}});
    if (!recorded.ok()) {
      failed = recorded.status();
      break;
    }
    taken.push_back(std::move(info));
  }
  c_.session_ = session;
  if (!failed.ok()) {
    for (const BackupInfo& info : taken) (void)Remove(info.id);  // a half-taken backup is no backup
    return Status(StatusCode::kDatabaseError,
                  fmt::format("the backup before migration {} failed, so the migration did not run: {}", version,
                              failed.message()));
  }
  return taken;
}

Result<std::vector<BackupInfo>> MongodbBackups::List() {
  auto docs = c_.Find(c_.history_ + "_backups", Json::object(), Json{{"sort", {{"created_at", 1}, {"_id", 1}}}});
  if (!docs.ok()) return docs.status();
  std::vector<BackupInfo> out;
  for (const Json& d : *docs) {
    BackupInfo info;
    info.id = d.value("_id", std::string());
    info.object = d.value("collection", std::string());
    info.version = d.value("version", std::string());
    info.migration = d.value("migration", std::string());
    info.created_at = d.value("created_at", std::string());
    info.rows = d.value("documents", int64_t{0});
    out.push_back(std::move(info));
  }
  return out;
}

Result<BackupInfo> MongodbBackups::Restore(const std::string& id) {
  auto backups = List();
  if (!backups.ok()) return backups.status();
  for (const BackupInfo& info : *backups) {
    if (info.id != id) continue;
    auto copied = c_.Command(Json{{"aggregate", info.id},
                               {"pipeline", Json::array({{{"$match", Json::object()}}, {{"$out", info.object}}})},
                               {"cursor", Json::object()}});
    if (!copied.ok()) return copied.status();
    return info;
  }
  return Status(StatusCode::kInvalidArgument,
                fmt::format("no backup '{}' in {}.{}_backups; `strata backups list` shows them", id, c_.database_, c_.history_));
}

Status MongodbBackups::Remove(const std::string& id) {
  auto dropped = c_.Command(Json{{"drop", id}});
  if (!dropped.ok() && dropped.status().message().find("ns not found") == std::string::npos) return dropped.status();
  auto removed = c_.Command(Json{{"delete", c_.history_ + "_backups"}, {"deletes", Json::array({{{"q", {{"_id", id}}}, {"limit", 1}}})}});
  return removed.ok() ? Status::Ok() : removed.status();
}

}  // namespace strata
