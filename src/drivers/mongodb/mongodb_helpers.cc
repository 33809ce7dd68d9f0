#include "drivers/mongodb/mongodb_helpers.h"

#include <fmt/format.h>

#include <map>

namespace strata::mongodb {
namespace {

constexpr int64_t kDefaultBatch = 1000;

Status Missing(const std::string& helper, const std::string& argument, const std::string& example) {
  return Status(StatusCode::kInvalidArgument,
                fmt::format("strata.{} needs \"{}\", e.g. {{\"strata.{}\": {}}}", helper, argument, helper, example));
}

// A string argument; kInvalidArgument naming the helper when it is missing.
Result<std::string> Text(const std::string& helper, const Json& args, const std::string& key, const std::string& example) {
  if (!args.contains(key) || !args[key].is_string() || args[key].get<std::string>().empty()) {
    return Missing(helper, key, example);
  }
  return args[key].get<std::string>();
}

int64_t Number(const Json& reply, const char* key) {
  if (!reply.contains(key)) return 0;
  const Json& v = reply[key];
  if (v.is_number()) return v.get<int64_t>();
  if (v.is_object() && v.size() == 1 && v.begin()->is_string()) return std::stoll(v.begin()->get<std::string>());
  return 0;
}

// `filter` AND `more`.
Json Both(const Json& filter, const Json& more) {
  if (filter.is_null() || filter.empty()) return more;
  return Json{{"$and", Json::array({filter, more})}};
}

int64_t BatchSize(const Json& args) {
  return args.contains("batchSize") && args["batchSize"].is_number_integer() && args["batchSize"].get<int64_t>() > 0
             ? args["batchSize"].get<int64_t>()
             : kDefaultBatch;
}

// The next `batch` _ids matching `filter` after `after` (in _id order), as canonical Extended JSON.
Result<std::vector<Json>> NextIds(const std::string& collection, const Json& filter, const Json* after, int64_t batch,
                                  const CommandRunner& run) {
  Json query = after ? Both(filter, Json{{"_id", {{"$gt", *after}}}}) : filter;
  auto reply = run(Json{{"find", collection},
                        {"filter", query.is_null() ? Json::object() : query},
                        {"sort", {{"_id", 1}}},
                        {"projection", {{"_id", 1}}},
                        {"limit", batch},
                        {"batchSize", batch},
                        {"singleBatch", true}},
                   true);
  if (!reply.ok()) return reply.status();
  std::vector<Json> ids;
  for (const Json& doc : (*reply)["cursor"]["firstBatch"]) ids.push_back(doc["_id"]);
  return ids;
}

// Applies `update` (a document or a pipeline) to every document matching `filter`, a batch at a time.
Result<HelperCounts> UpdateInBatches(const std::string& collection, const Json& filter, const Json& update,
                                     int64_t batch, const CommandRunner& run) {
  HelperCounts counts;
  Json last;
  for (bool first = true;; first = false) {
    auto ids = NextIds(collection, filter, first ? nullptr : &last, batch, run);
    if (!ids.ok()) return ids.status();
    if (ids->empty()) break;
    last = ids->back();
    auto reply = run(Json{{"update", collection},
                          {"updates", Json::array({{{"q", Both(filter, Json{{"_id", {{"$in", *ids}}}})},
                                                    {"u", update},
                                                    {"multi", true}}})}},
                     false);
    if (!reply.ok()) return reply.status();
    counts.matched += Number(*reply, "n");
    counts.changed += Number(*reply, "nModified");
    if (static_cast<int64_t>(ids->size()) < batch) break;
  }
  return counts;
}

Json FilterOf(const Json& args) { return args.contains("filter") ? args["filter"] : Json::object(); }

// {"a": 1} or ["a", "b"] or "a" -> index keys.
Result<Json> Keys(const std::string& helper, const Json& args) {
  if (!args.contains("keys")) return Missing(helper, "keys", R"({"collection": "users", "keys": {"email": 1}})");
  const Json& keys = args["keys"];
  if (keys.is_object() && !keys.empty()) return keys;
  Json out = Json::object();
  if (keys.is_string()) out[keys.get<std::string>()] = 1;
  if (keys.is_array()) {
    for (const Json& k : keys) {
      if (k.is_string()) out[k.get<std::string>()] = 1;
    }
  }
  if (out.empty()) return Missing(helper, "keys", R"({"collection": "users", "keys": {"email": 1}})");
  return out;
}

std::string IndexName(const Json& keys, const std::string& suffix) {
  std::string name;
  for (auto it = keys.begin(); it != keys.end(); ++it) {
    name += (name.empty() ? "" : "_") + it.key() + "_" + (it->is_number() ? std::to_string(it->get<int64_t>()) : it->dump());
  }
  return name + suffix;
}

using Helper = std::function<Result<HelperCounts>(const std::string& collection, const Json& args, const CommandRunner&)>;

Result<HelperCounts> AddField(const std::string& c, const Json& args, const CommandRunner& run) {
  auto field = Text("addField", args, "field", R"({"collection": "users", "field": "active", "value": true})");
  if (!field.ok()) return field.status();
  if (!args.contains("value")) return Missing("addField", "value", R"({"collection": "users", "field": "active", "value": true})");
  return UpdateInBatches(c, Both(FilterOf(args), Json{{*field, {{"$exists", false}}}}),
                         Json{{"$set", {{*field, args["value"]}}}}, BatchSize(args), run);
}

Result<HelperCounts> RemoveField(const std::string& c, const Json& args, const CommandRunner& run) {
  auto field = Text("removeField", args, "field", R"({"collection": "users", "field": "legacy"})");
  if (!field.ok()) return field.status();
  return UpdateInBatches(c, Both(FilterOf(args), Json{{*field, {{"$exists", true}}}}), Json{{"$unset", {{*field, ""}}}},
                         BatchSize(args), run);
}

Result<HelperCounts> RenameField(const std::string& c, const Json& args, const CommandRunner& run) {
  const char* example = R"({"collection": "users", "from": "phone", "to": "phoneNumber"})";
  auto from = Text("renameField", args, "from", example);
  if (!from.ok()) return from.status();
  auto to = Text("renameField", args, "to", example);
  if (!to.ok()) return to.status();
  return UpdateInBatches(c, Both(FilterOf(args), Json{{*from, {{"$exists", true}}}}), Json{{"$rename", {{*from, *to}}}},
                         BatchSize(args), run);
}

Result<HelperCounts> CopyField(const std::string& c, const Json& args, const CommandRunner& run) {
  const char* example = R"({"collection": "users", "from": "email", "to": "login"})";
  auto from = Text("copyField", args, "from", example);
  if (!from.ok()) return from.status();
  auto to = Text("copyField", args, "to", example);
  if (!to.ok()) return to.status();
  return UpdateInBatches(c, Both(FilterOf(args), Json{{*from, {{"$exists", true}}}}),
                         Json::array({{{"$set", {{*to, "$" + *from}}}}}), BatchSize(args), run);
}

Result<HelperCounts> Transform(const std::string& c, const Json& args, const CommandRunner& run) {
  if (!args.contains("pipeline") || !args["pipeline"].is_array() || args["pipeline"].empty()) {
    return Missing("transform", "pipeline",
                   R"({"collection": "users", "pipeline": [{"$set": {"name": {"$toUpper": "$name"}}}]})");
  }
  return UpdateInBatches(c, FilterOf(args), args["pipeline"], BatchSize(args), run);
}

Result<HelperCounts> RemoveDuplicates(const std::string& c, const Json& args, const CommandRunner& run) {
  Json fields = args.contains("key") ? args["key"] : Json();
  if (fields.is_string()) fields = Json::array({fields});
  if (!fields.is_array() || fields.empty()) {
    return Missing("removeDuplicates", "key", R"({"collection": "users", "key": ["email"]})");
  }
  std::string keep = args.contains("keep") && args["keep"].is_string() ? args["keep"].get<std::string>() : "_id";
  Json group_key = Json::object();
  for (const Json& f : fields) {
    if (!f.is_string()) return Missing("removeDuplicates", "key", R"({"collection": "users", "key": ["email"]})");
    std::string name = f.get<std::string>();
    std::string safe = name;
    for (char& ch : safe) if (ch == '.') ch = '_';
    group_key[safe] = "$" + name;
  }
  auto reply = run(Json{{"aggregate", c},
                        {"pipeline", Json::array({{{"$sort", {{keep, 1}, {"_id", 1}}}},
                                                  {{"$group", {{"_id", group_key}, {"ids", {{"$push", "$_id"}}}, {"count", {{"$sum", 1}}}}}},
                                                  {{"$match", {{"count", {{"$gt", 1}}}}}}})},
                        {"cursor", {{"batchSize", 1000}}}},
                   true);
  if (!reply.ok()) return reply.status();
  auto groups = CursorDocuments(*reply, c, true, run);
  if (!groups.ok()) return groups.status();
  HelperCounts counts;
  std::vector<Json> doomed;
  for (const Json& group : *groups) {
    const Json& ids = group["ids"];
    counts.matched += static_cast<int64_t>(ids.size());
    for (size_t i = 1; i < ids.size(); ++i) doomed.push_back(ids[i]);  // the first is the oldest: kept
  }
  const size_t batch = static_cast<size_t>(BatchSize(args));
  for (size_t start = 0; start < doomed.size(); start += batch) {
    Json slice = Json::array();
    for (size_t i = start; i < std::min(doomed.size(), start + batch); ++i) slice.push_back(doomed[i]);
    auto deleted = run(Json{{"delete", c}, {"deletes", Json::array({{{"q", {{"_id", {{"$in", slice}}}}}, {"limit", 0}}})}},
                       false);
    if (!deleted.ok()) return deleted.status();
    counts.changed += Number(*deleted, "n");
  }
  return counts;
}

Result<HelperCounts> CreateIndex(const std::string& c, const Json& args, const CommandRunner& run, bool unique) {
  auto keys = Keys(unique ? "addUnique" : "createIndex", args);
  if (!keys.ok()) return keys.status();
  Json index = args.contains("options") && args["options"].is_object() ? args["options"] : Json::object();
  index["key"] = *keys;
  bool is_unique = unique || (args.contains("unique") && args["unique"] == true);
  index["name"] = args.contains("name") && args["name"].is_string() ? args["name"].get<std::string>()
                                                                      : IndexName(*keys, is_unique ? "_unique" : "");
  if (is_unique) index["unique"] = true;
  auto reply = run(Json{{"createIndexes", c}, {"indexes", Json::array({index})}}, false);
  if (!reply.ok()) return reply.status();
  return HelperCounts{0, Number(*reply, "numIndexesAfter") - Number(*reply, "numIndexesBefore")};
}

Result<HelperCounts> DropIndex(const std::string& c, const Json& args, const CommandRunner& run, bool unique) {
  Json index;
  if (args.contains("name") && args["name"].is_string()) {
    index = args["name"];
  } else {
    auto keys = Keys(unique ? "dropUnique" : "dropIndex", args);
    if (!keys.ok()) return keys.status();
    index = unique ? Json(IndexName(*keys, "_unique")) : *keys;
  }
  auto reply = run(Json{{"dropIndexes", c}, {"index", index}}, false);
  if (!reply.ok()) return reply.status();
  return HelperCounts{1, 1};
}

Result<HelperCounts> Archive(const std::string& c, const Json& args, const CommandRunner& run) {
  const char* example = R"({"collection": "orders", "to": "orders_archive", "field": "createdAt", "before": {"$date": "2024-01-01T00:00:00Z"}})";
  auto to = Text("archive", args, "to", example);
  if (!to.ok()) return to.status();
  auto field = Text("archive", args, "field", example);
  if (!field.ok()) return field.status();
  if (!args.contains("before")) return Missing("archive", "before", example);
  const Json filter{{*field, {{"$lt", args["before"]}}}};
  const int64_t batch = BatchSize(args);
  HelperCounts counts;
  // Copy, then delete, a batch at a time; copying is an upsert, so a run interrupted between the two
  // steps can simply run again.
  for (;;) {
    auto reply = run(Json{{"find", c}, {"filter", filter}, {"sort", {{"_id", 1}}}, {"limit", batch},
                          {"batchSize", batch}, {"singleBatch", true}},
                     true);
    if (!reply.ok()) return reply.status();
    const Json& docs = (*reply)["cursor"]["firstBatch"];
    if (docs.empty()) break;
    Json upserts = Json::array();
    Json ids = Json::array();
    for (const Json& doc : docs) {
      upserts.push_back({{"q", {{"_id", doc["_id"]}}}, {"u", doc}, {"upsert", true}});
      ids.push_back(doc["_id"]);
    }
    auto copied = run(Json{{"update", *to}, {"updates", upserts}}, false);
    if (!copied.ok()) return copied.status();
    auto deleted = run(Json{{"delete", c}, {"deletes", Json::array({{{"q", {{"_id", {{"$in", ids}}}}}, {"limit", 0}}})}},
                       false);
    if (!deleted.ok()) return deleted.status();
    counts.matched += static_cast<int64_t>(docs.size());
    counts.changed += Number(*deleted, "n");
    if (static_cast<int64_t>(docs.size()) < batch) break;
  }
  return counts;
}

Result<HelperCounts> UpdateReferences(const std::string& c, const Json& args, const CommandRunner& run) {
  const char* example = R"({"collection": "orders", "field": "customerId", "from": {"$oid": "..."}, "to": {"$oid": "..."}})";
  auto field = Text("updateReferences", args, "field", example);
  if (!field.ok()) return field.status();
  if (!args.contains("from")) return Missing("updateReferences", "from", example);
  if (!args.contains("to")) return Missing("updateReferences", "to", example);
  const int64_t batch = BatchSize(args);
  HelperCounts counts;
  // "Is an array" as `field.0` exists: `$type` would read as Extended JSON's legacy binary.
  auto scalars = UpdateInBatches(c, Json{{"$and", Json::array({{{*field, args["from"]}}, {{*field + ".0", {{"$exists", false}}}}})}},
                                 Json{{"$set", {{*field, args["to"]}}}}, batch, run);
  if (!scalars.ok()) return scalars.status();
  // In arrays every element equal to `from` is replaced ($literal: a value is never read as a field path).
  Json replace = Json::array({{{"$set", {{*field, {{"$map", {{"input", "$" + *field}, {"as", "ref"},
      {"in", {{"$cond", Json::array({{{"$eq", Json::array({"$$ref", {{"$literal", args["from"]}}})}},
                                      {{"$literal", args["to"]}}, "$$ref"})}}}}}}}}}}});
  auto arrays = UpdateInBatches(c, Json{{"$and", Json::array({{{*field, args["from"]}}, {{*field + ".0", {{"$exists", true}}}}})}},
                                replace, batch, run);
  if (!arrays.ok()) return arrays.status();
  counts.matched = scalars->matched + arrays->matched;
  counts.changed = scalars->changed + arrays->changed;
  return counts;
}

const std::map<std::string, Helper>& Helpers() {
  static const std::map<std::string, Helper> helpers = {
      {"addField", AddField},
      {"removeField", RemoveField},
      {"renameField", RenameField},
      {"copyField", CopyField},
      {"transform", Transform},
      {"removeDuplicates", RemoveDuplicates},
      {"createIndex", [](auto& c, auto& a, auto& r) { return CreateIndex(c, a, r, false); }},
      {"dropIndex", [](auto& c, auto& a, auto& r) { return DropIndex(c, a, r, false); }},
      {"addUnique", [](auto& c, auto& a, auto& r) { return CreateIndex(c, a, r, true); }},
      {"dropUnique", [](auto& c, auto& a, auto& r) { return DropIndex(c, a, r, true); }},
      {"archive", Archive},
      {"updateReferences", UpdateReferences},
  };
  return helpers;
}

}  // namespace

const std::vector<std::string>& HelperNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [name, helper] : Helpers()) out.push_back("strata." + name);
    return out;
  }();
  return names;
}

Result<HelperCounts> RunHelper(const std::string& name, const Json& args, const CommandRunner& run) {
  auto helper = Helpers().find(name);
  if (helper == Helpers().end()) {
    std::string known;
    for (const std::string& n : HelperNames()) known += (known.empty() ? "" : ", ") + n;
    return Status(StatusCode::kInvalidArgument, fmt::format("unknown helper strata.{}; the helpers are {}", name, known));
  }
  if (!args.is_object()) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("strata.{} takes an object of arguments, e.g. {{\"collection\": \"users\", ...}}", name));
  }
  auto collection = Text(name, args, "collection", R"({"collection": "users", ...})");
  if (!collection.ok()) return collection.status();
  return helper->second(*collection, args, run);
}

Result<std::vector<Json>> CursorDocuments(Json reply, const std::string& collection, bool canonical,
                                          const CommandRunner& run) {
  std::vector<Json> docs;
  for (const char* batch = "firstBatch";; batch = "nextBatch") {
    for (Json& doc : reply["cursor"][batch]) docs.push_back(std::move(doc));
    int64_t id = Number(reply["cursor"], "id");
    if (id == 0) break;
    auto more = run(Json{{"getMore", {{"$numberLong", std::to_string(id)}}}, {"collection", collection}}, canonical);
    if (!more.ok()) return more.status();
    reply = std::move(*more);
  }
  return docs;
}

}  // namespace strata::mongodb
