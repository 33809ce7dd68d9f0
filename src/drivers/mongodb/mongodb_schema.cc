// MongoDB's schema from listCollections and listIndexes, and its scratch databases (mongodb_schema.h).
#include "drivers/mongodb/mongodb_schema.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <random>
#include <set>

#include "drivers/mongodb/mongodb_connection.h"
#include "drivers/strata_tables.h"

namespace strata {

using mongodb::Json;

namespace {

constexpr const char* kMongoScratchPrefix = "strata_scratch_";

// The options each kind is written back with, in the order they are written. What the server shows
// besides these (and the fields listed as ignorable) is an object the reader cannot write back.
const std::vector<std::string>& MongoCollectionOptions() {
  static const std::vector<std::string> options = {
      "capped", "size", "max", "validator", "validationLevel", "validationAction", "collation"};
  return options;
}
const std::vector<std::string>& MongoViewOptions() {
  static const std::vector<std::string> options = {"viewOn", "pipeline", "collation"};
  return options;
}
const std::vector<std::string>& MongoIndexOptions() {
  static const std::vector<std::string> options = {
      "key", "name", "unique", "sparse", "partialFilterExpression", "expireAfterSeconds", "collation", "hidden"};
  return options;
}
// An index's format version ("v": set by the server), its namespace (old servers) and "background" (a
// build option without effect since MongoDB 4.2): nothing the index is.
bool MongoIgnoredIndexField(const std::string& key) { return key == "v" || key == "ns" || key == "background"; }

// `command` followed by `from`'s entries in the order `order` gives; the first key not in `order`, if any,
// in `unknown`.
Json MongoOrdered(Json command, const Json& from, const std::vector<std::string>& order, std::string* unknown) {
  for (const std::string& key : order) {
    if (from.contains(key)) command[key] = from.at(key);
  }
  for (const auto& [key, value] : from.items()) {
    (void)value;
    if (std::find(order.begin(), order.end(), key) == order.end() && unknown->empty()) *unknown = key;
  }
  return command;
}

// The collections a view pipeline reads besides its viewOn: $lookup and $graphLookup "from", $unionWith.
void MongoPipelineReads(const Json& value, std::set<std::string>* out) {
  if (value.is_array()) {
    for (const Json& v : value) MongoPipelineReads(v, out);
    return;
  }
  if (!value.is_object()) return;
  for (const auto& [key, v] : value.items()) {
    if ((key == "$lookup" || key == "$graphLookup") && v.is_object() && v.contains("from") && v["from"].is_string()) {
      out->insert(v["from"].get<std::string>());
    } else if (key == "$unionWith" && v.is_string()) {
      out->insert(v.get<std::string>());
    } else if (key == "$unionWith" && v.is_object() && v.contains("coll") && v["coll"].is_string()) {
      out->insert(v["coll"].get<std::string>());
    }
    MongoPipelineReads(v, out);
  }
}

// The documents of a cursor reply, followed to its end on the namespace the server named.
Result<std::vector<Json>> MongoAll(MongodbConnection& c, Result<Json> reply) {
  if (!reply.ok()) return reply.status();
  std::string ns = (*reply)["cursor"].value("ns", std::string());
  std::string collection = ns.substr(ns.find('.') == std::string::npos ? 0 : ns.find('.') + 1);
  return mongodb::CursorDocuments(std::move(*reply), collection, false, c.Runner());
}

Status MongoUnsupported(const std::string& what, const std::string& name, const std::string& detail) {
  return Status(StatusCode::kUnsupported,
                fmt::format("the MongoDB {} '{}' has {}, which strata cannot dump and create again; the dump would "
                            "lack it, so none was written. Change or drop it, or report it",
                            what, name, detail));
}

}  // namespace

Result<Schema> MongodbSchema::ReadSchema() {
  auto listed = MongoAll(c_, c_.Command(Json{{"listCollections", 1}, {"cursor", Json::object()}}));
  if (!listed.ok()) return listed.status();
  std::map<std::string, const Json*> collections, views;
  for (const Json& entry : *listed) {
    const std::string name = entry.value("name", std::string());
    if (name.rfind("system.", 0) == 0 || IsStrataObjectName(name, history_) || name.rfind("strata_backup_", 0) == 0) continue;
    const std::string type = entry.value("type", std::string("collection"));
    if (type == "collection")
      collections[name] = &entry;
    else if (type == "view")
      views[name] = &entry;
    else
      return MongoUnsupported("collection", name, fmt::format("the type \"{}\"", type));
  }

  Schema schema;
  std::vector<SchemaObject> indexes;
  for (const auto& [name, entry] : collections) {
    const Json options = entry->contains("options") ? entry->at("options") : Json::object();
    std::string unknown;
    Json command = MongoOrdered(Json{{"create", name}}, options, MongoCollectionOptions(), &unknown);
    if (!unknown.empty()) return MongoUnsupported("collection", name, fmt::format("the option \"{}\"", unknown));
    schema.objects.push_back({"collection", name, command.dump() + "\n"});

    auto listed_indexes = MongoAll(c_, c_.Command(Json{{"listIndexes", name}, {"cursor", Json::object()}}));
    if (!listed_indexes.ok()) return listed_indexes.status();
    for (const Json& index : *listed_indexes) {
      const std::string index_name = index.value("name", std::string());
      if (index_name == "_id_") continue;  // made with the collection
      Json kept = Json::object();
      for (const auto& [key, value] : index.items()) {
        if (!MongoIgnoredIndexField(key)) kept[key] = value;
      }
      std::string unknown_option;
      Json spec = MongoOrdered(Json::object(), kept, MongoIndexOptions(), &unknown_option);
      if (!unknown_option.empty()) {
        return MongoUnsupported("index", name + "." + index_name, fmt::format("the option \"{}\"", unknown_option));
      }
      Json create{{"createIndexes", name}, {"indexes", Json::array({spec})}};
      indexes.push_back({"index", name + "." + index_name, create.dump() + "\n"});
    }
  }
  std::sort(indexes.begin(), indexes.end(),
            [](const SchemaObject& a, const SchemaObject& b) { return a.name < b.name; });
  for (SchemaObject& index : indexes) schema.objects.push_back(std::move(index));

  // Views after what they read. MongoDB would create them in any order; a reader of the dump should not
  // meet a view before its source.
  std::map<std::string, std::set<std::string>> reads;
  std::map<std::string, Json> commands;
  for (const auto& [name, entry] : views) {
    const Json options = entry->contains("options") ? entry->at("options") : Json::object();
    std::string unknown;
    commands[name] = MongoOrdered(Json{{"create", name}}, options, MongoViewOptions(), &unknown);
    if (!unknown.empty()) return MongoUnsupported("view", name, fmt::format("the option \"{}\"", unknown));
    std::set<std::string> sources;
    if (options.contains("viewOn") && options["viewOn"].is_string())
      sources.insert(options["viewOn"].get<std::string>());
    if (options.contains("pipeline")) MongoPipelineReads(options["pipeline"], &sources);
    for (const std::string& source : sources) {
      if (views.count(source) && source != name) reads[name].insert(source);
    }
  }
  std::set<std::string> placed;
  while (placed.size() < views.size()) {
    // The first view (by name) whose sources are all placed; in a cycle (MongoDB refuses one) the first.
    std::string next;
    for (const auto& [name, entry] : views) {
      (void)entry;
      if (placed.count(name)) continue;
      if (next.empty()) next = name;
      const auto& needs = reads[name];
      if (std::all_of(needs.begin(), needs.end(), [&](const std::string& n) { return placed.count(n) > 0; })) {
        next = name;
        break;
      }
    }
    placed.insert(next);
    schema.objects.push_back({"view", next, commands[next].dump() + "\n"});
  }
  return schema;
}

Result<std::string> MongodbSchema::UrlOf(const std::string& name) const {
  const std::string url = mongoc_uri_get_string(c_.uri_);
  const size_t hosts = url.find("://");
  const size_t slash = hosts == std::string::npos ? std::string::npos : url.find('/', hosts + 3);
  if (slash == std::string::npos) {
    return Status(StatusCode::kInvalidArgument, fmt::format("cannot tell the database in '{}'", RedactUrl(url)));
  }
  const size_t query = url.find('?', slash);
  std::string out = url.substr(0, slash + 1) + name;
  std::string options = query == std::string::npos ? "" : url.substr(query);
  // A user named in the URL authenticates against the URL's database unless authSource says otherwise:
  // the scratch URL keeps that database as its authSource.
  const char* mechanism = mongoc_uri_get_auth_mechanism(c_.uri_);
  const bool password_auth = !mechanism || std::string(mechanism).rfind("SCRAM", 0) == 0;
  if (mongoc_uri_get_username(c_.uri_) && password_auth && !mongoc_uri_has_option(c_.uri_, MONGOC_URI_AUTHSOURCE)) {
    options += (options.empty() ? "?" : "&") + std::string("authSource=") + c_.database();
  }
  return out + options;
}

Result<std::string> MongodbSchema::CreateScratch() {
  static std::atomic<int> counter{0};
  std::random_device random;
  // Nothing to create: the database comes into being with its first collection.
  return UrlOf(fmt::format("{}{}_{}_{:x}", kMongoScratchPrefix, getpid(), ++counter, random()));
}

Status MongodbSchema::DropScratch(const std::string& url) {
  bson_error_t error;
  mongoc_uri_t* uri = mongoc_uri_new_with_error(url.c_str(), &error);
  std::string name = uri && mongoc_uri_get_database(uri) ? mongoc_uri_get_database(uri) : "";
  if (uri) mongoc_uri_destroy(uri);
  auto expected = name.rfind(kMongoScratchPrefix, 0) == 0 ? UrlOf(name) : Result<std::string>(std::string());
  if (!expected.ok()) return expected.status();
  if (expected->empty() || *expected != url) {
    return Status(StatusCode::kRefused, fmt::format("'{}' is not a scratch database strata made on this server "
                                                    "({}<...>); not dropping it",
                                                    RedactUrl(url), kMongoScratchPrefix));
  }
  return c_.Command(Json{{"dropDatabase", 1}}, false, name).status();
}

}  // namespace strata
