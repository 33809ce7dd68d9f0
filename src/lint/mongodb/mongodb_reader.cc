// MongoDB: the commands of a JSON migration, each checked by its name (the first member) and options.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/json_spans.h"
#include "lint/analysis.h"

namespace strata::lint {
namespace {

// Commands keep their members' order: the first names the command.
using Document = nlohmann::ordered_json;

bool EmptyFilter(const Document& command, const char* key) {
  auto it = command.find(key);
  return it == command.end() || (it->is_object() && it->empty());
}

std::string CollectionOf(const Document& target) {
  if (target.is_string()) return target.get<std::string>();
  if (target.is_object() && target.contains("coll") && target["coll"].is_string()) return target["coll"].get<std::string>();
  return "";
}

class MongodbReader {
 public:
  explicit MongodbReader(PartFindings& findings) : findings_(findings), text_(findings.scan().section.text) {}

  void Run() {
    auto elements = ArrayElements(text_);
    if (!elements) return;
    size_t previous_end = 0;
    for (const JsonSpan& element : *elements) {
      findings_.Statement(previous_end, element.offset + element.length);
      previous_end = element.offset + element.length;
      Document command = Document::parse(text_.substr(element.offset, element.length), nullptr, false);
      if (!command.is_object() || command.empty()) continue;
      Command(command.begin().key(), command, element.offset);
    }
  }

 private:
  void Command(const std::string& name, const Document& c, size_t at) {
    if (name.rfind("strata.", 0) == 0) return Helper(name.substr(7), c.begin().value(), at);
    std::string collection = c.begin()->is_string() ? c.begin()->get<std::string>() : "";
    bool existing = !collection.empty() && !findings_.IsNew(PartFindings::Object::kTable, collection);
    if (name == "createIndexes" && c.contains("indexes") && c["indexes"].is_array()) {
      for (const Document& index : c["indexes"]) {
        if (index.is_object()) findings_.Created(PartFindings::Object::kIndex, collection + "." + index.value("name", std::string()));
      }
    }
    if (name == "create") {
      findings_.Created(PartFindings::Object::kTable, collection);
    } else if (name == "drop" && existing) {
      findings_.Add("mongodb-drop", at, fmt::format("drop of collection {}", collection));
    } else if (name == "dropDatabase") {
      findings_.Add("mongodb-drop-database", at, "dropDatabase");
    } else if (name == "update" && existing && c.contains("updates") && c["updates"].is_array()) {
      for (const Document& u : c["updates"]) Update(collection, u, at);
    } else if (name == "delete" && existing && c.contains("deletes") && c["deletes"].is_array()) {
      for (const Document& d : c["deletes"]) {
        bool all = d.is_object() && EmptyFilter(d, "q") && !(d.contains("limit") && d["limit"].is_number() && d["limit"].get<int>() == 1);
        if (all) findings_.Add("mongodb-delete-all", at, fmt::format("delete of every document of {}", collection));
      }
    } else if (name == "renameCollection") {
      if (c.contains("dropTarget") && c["dropTarget"].is_boolean() && c["dropTarget"].get<bool>()) {
        findings_.Add("mongodb-rename-collection-drop-target", at,
                      fmt::format("renameCollection {} to {} drops what is there", collection, c.value("to", std::string("?"))));
      }
    } else if (name == "aggregate" && c.contains("pipeline") && c["pipeline"].is_array() && !c["pipeline"].empty()) {
      const Document& last = c["pipeline"].back();
      std::string target;
      if (last.is_object() && last.contains("$out")) target = CollectionOf(last["$out"]);
      if (last.is_object() && last.contains("$merge")) {
        const Document& merge = last["$merge"];
        target = merge.is_object() && merge.contains("into") ? CollectionOf(merge["into"]) : CollectionOf(merge);
      }
      if (!target.empty() && !findings_.IsNew(PartFindings::Object::kTable, target)) {
        findings_.Add("mongodb-aggregate-out", at, fmt::format("the pipeline on {} writes over collection {}", collection, target));
      }
    } else if (name == "convertToCapped" && existing) {
      findings_.Add("mongodb-convert-to-capped", at, fmt::format("convertToCapped of {}", collection));
    } else if (name == "dropIndexes" && existing && !DropsOwnIndex(collection, c)) {
      findings_.Add("mongodb-drop-indexes", at, fmt::format("dropIndexes on {}", collection));
    } else if (name == "createIndexes" && existing) {
      findings_.Add("mongodb-create-index", at, fmt::format("an index build on {}", collection), collection);
      for (const Document& index : c.value("indexes", Document::array())) {
        if (index.is_object() && index.value("unique", false)) {
          findings_.Add("mongodb-unique-index", at,
                        fmt::format("unique index {} on {} fails on existing duplicates", index.value("name", std::string("?")), collection));
        }
      }
    } else if (name == "collMod" && existing && c.contains("validator") && !(c["validator"].is_object() && c["validator"].empty())) {
      std::string level = c.value("validationLevel", std::string("strict"));
      std::string action = c.value("validationAction", std::string("error"));
      if (level == "strict" && action == "error") {
        findings_.Add("mongodb-validator-strict", at, fmt::format("validator on {} applies to every update of old documents", collection));
      }
    } else if (name == "compact") {
      findings_.Add("mongodb-compact", at, fmt::format("compact of {}", collection), collection);
    }
  }

  // strata's helpers ({"strata.removeField": {"collection": ..., ...}}): what each does to the collection.
  void Helper(const std::string& helper, const Document& args, size_t at) {
    if (!args.is_object()) return;
    std::string collection = args.value("collection", std::string());
    if (collection.empty() || findings_.IsNew(PartFindings::Object::kTable, collection)) return;
    bool filtered = args.contains("filter") && args["filter"].is_object() && !args["filter"].empty();
    std::string index = args.contains("keys") ? args["keys"].dump() : args.value("name", std::string());
    if (helper == "removeField" && !filtered) {
      findings_.Add("mongodb-unset-all", at, fmt::format("strata.removeField of {} from every document of {}", args.value("field", std::string("?")), collection));
    } else if (helper == "renameField" && !filtered) {
      findings_.Add("mongodb-rename-field-all", at, fmt::format("strata.renameField on every document of {}", collection));
    } else if (helper == "createIndex" || helper == "addUnique") {
      findings_.Created(PartFindings::Object::kIndex, collection + "." + index);
      findings_.Add("mongodb-create-index", at, fmt::format("an index build on {}", collection), collection);
      if (helper == "addUnique" || args.value("unique", false)) {
        findings_.Add("mongodb-unique-index", at, fmt::format("a unique index on {} fails on existing duplicates", collection));
      }
    } else if ((helper == "dropIndex" || helper == "dropUnique") && !findings_.IsNew(PartFindings::Object::kIndex, collection + "." + index)) {
      findings_.Add("mongodb-drop-indexes", at, fmt::format("strata.{} on {}", helper, collection));
    } else if (helper == "transform" && !filtered) {
      findings_.Add("mongodb-update-all", at, fmt::format("strata.transform of every document of {}", collection), collection);
    }
  }

  // dropIndexes of indexes this migration built (a down part undoing its up part).
  bool DropsOwnIndex(const std::string& collection, const Document& c) const {
    if (!c.contains("index")) return false;
    const Document& index = c["index"];
    std::vector<std::string> names;
    if (index.is_string()) names.push_back(index.get<std::string>());
    if (index.is_array()) {
      for (const Document& n : index) names.push_back(n.is_string() ? n.get<std::string>() : "");
    }
    for (const std::string& n : names) {
      if (n.empty() || n == "*" || !findings_.IsNew(PartFindings::Object::kIndex, collection + "." + n)) return false;
    }
    return !names.empty();
  }

  void Update(const std::string& collection, const Document& u, size_t at) {
    if (!u.is_object() || !EmptyFilter(u, "q")) return;
    const Document& change = u.contains("u") ? u["u"] : Document();
    bool unset_stage = false;  // an update pipeline: [{"$unset": ...}, ...]
    if (change.is_array()) {
      for (const Document& stage : change) unset_stage = unset_stage || (stage.is_object() && stage.contains("$unset"));
    }
    if (unset_stage || (change.is_object() && change.contains("$unset"))) {
      findings_.Add("mongodb-unset-all", at, fmt::format("$unset on every document of {}", collection));
    } else if (change.is_object() && change.contains("$rename")) {
      findings_.Add("mongodb-rename-field-all", at, fmt::format("$rename on every document of {}", collection));
    } else if (u.value("multi", false)) {
      findings_.Add("mongodb-update-all", at, fmt::format("an update of every document of {}", collection), collection);
    }
  }

  PartFindings& findings_;
  std::string_view text_;
};

}  // namespace

void ReadMongodb(PartFindings& findings) { MongodbReader(findings).Run(); }

}  // namespace strata::lint
