// MongoDB migrations: one `.json` file in Extended JSON (relaxed or canonical) with the commands that
// apply it and those that undo it, each run with runCommand:
//
//   {
//     "up":   [{"createIndexes": "users", "indexes": [{"key": {"email": 1}, "name": "email_1", "unique": true}]}],
//     "down": [{"dropIndexes": "users", "index": "email_1"}],
//     "transaction": true,   // optional; false runs the commands one by one, outside a transaction
//     "backup": true,        // optional; copy the collections the commands touch before they run
//     "baseline": true,      // optional; a squashed baseline (`strata squash`)
//     "requires": ["20261101090000"],  // optional; or "20261101090000, 20261102100000"
//     "category": "index",             // optional; schema, data, index, constraint or seed
//     "description": "emails are unique",  // optional
//     "batch": {"size": 1000, "sleep": "50ms"}  // optional; docs/batched-migrations.md
//   }
//
// A batched file's up (and down) is one `update` command with one statement whose "multi" is true, or
// one `delete` command with one statement whose "limit" is 0: the database driver runs it over ranges
// of _id (drivers/mongodb/mongodb_key_ranges.cc).
//
// Each section's text is its array exactly as written, so that errors name the file and line of a
// command. A section runs in a transaction only if the file allows it and every command may run in
// one: MongoDB refuses DDL (drop, collMod, createIndexes, ...) and $out/$merge inside transactions.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/json_spans.h"
#include "core/text.h"
#include "source/directives.h"
#include "source/file_text.h"
#include "source/json_migration.h"
#include "strata/startup.h"

namespace strata {
namespace {

// Ordered, as MongoDB reads a command's name from its first key.
using json = nlohmann::ordered_json;

// Commands a MongoDB transaction accepts (the strata.* helpers listed only change documents).
bool AllowedInTransaction(const std::string& command, const json& body) {
  static const std::set<std::string> kAllowed = {
      "insert", "update", "delete", "findAndModify", "find", "count", "distinct", "aggregate",
      "strata.addField", "strata.removeField", "strata.renameField", "strata.copyField", "strata.transform",
      "strata.removeDuplicates", "strata.updateReferences"};
  if (!kAllowed.count(command)) return false;
  if (command == "aggregate" && body.contains("pipeline") && body["pipeline"].is_array()) {
    for (const json& stage : body["pipeline"]) {
      if (stage.is_object() && (stage.contains("$out") || stage.contains("$merge"))) return false;
    }
  }
  return true;
}

// Checks one of "up"/"down" and makes it a section: its array's text, and whether it may be atomic.
Result<Section> SectionOf(const std::string& path, std::string_view content, const JsonSpan& span, const json& value,
                          bool file_transaction) {
  const int line = LineOfOffset(content, span.offset);
  if (!value.is_array()) {
    return InvalidMigration(path, line,
                   fmt::format("\"{}\" must be an array of database commands, e.g. [{{\"drop\": \"old_collection\"}}]",
                               span.key));
  }
  auto elements = ArrayElements(content.substr(span.offset, span.length));
  Section section;
  section.path = path;
  section.first_line = line;
  section.text = std::string(content.substr(span.offset, span.length));
  section.transaction = file_transaction;
  for (size_t i = 0; i < value.size(); ++i) {
    const json& command = value[i];
    int command_line = elements && i < elements->size() ? LineOfOffset(content, span.offset + (*elements)[i].offset) : line;
    if (!command.is_object() || command.empty()) {
      return InvalidMigration(path, command_line,
                     fmt::format("command {} of \"{}\" is not a command document; write one like "
                                 "{{\"insert\": \"users\", \"documents\": [...]}}",
                                 i + 1, span.key));
    }
    const std::string& name = command.begin().key();
    if (name.rfind("strata.", 0) == 0 && !command.begin()->is_object()) {
      return InvalidMigration(path, command_line,
                     fmt::format("command {} of \"{}\": the helper {} takes an object of arguments, e.g. "
                                 "{{\"{}\": {{\"collection\": \"users\", ...}}}}",
                                 i + 1, span.key, name, name));
    }
    if (!AllowedInTransaction(name, command)) section.transaction = false;
  }
  return section;
}

// `content` with each placeholder that stands where a whole value goes (`"limit": ${N}`) written as a
// string of the same length (`"{N"`), so the file parses as JSON with every offset unchanged. The
// value is checked to be one JSON scalar when it is filled (strata/source.h, PlaceholderSyntax).
std::string BarePlaceholdersAsStrings(std::string_view content) {
  std::string out(content);
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '$' && out.compare(i, 2, "${") == 0) {
      size_t close = out.find('}', i + 2);
      if (close == std::string::npos || out.find_first_of("\"\n", i) < close) continue;
      out[i] = '"';
      out[close] = '"';
      i = close;
    }
  }
  return out;
}

// The "batch" member: {"size": N, "sleep": "50ms"}, both optional.
Status SetJsonBatch(const std::string& path, int line, const json& value, Migration& m) {
  const char* example = "write e.g. \"batch\": {\"size\": 1000, \"sleep\": \"50ms\"} (docs/batched-migrations.md)";
  if (!value.is_object()) return InvalidMigration(path, line, fmt::format("\"batch\" must be an object; {}", example));
  BatchSpec spec;
  spec.path = path;
  spec.line = line;
  for (const auto& [name, v] : value.items()) {
    if (name == "size") {
      if (!v.is_number_integer() || v.get<int64_t>() <= 0) {
        return InvalidMigration(path, line, fmt::format("\"batch\": \"size\" must be a positive whole number, not {}; {}",
                                                        v.dump(), example));
      }
      spec.size = v.get<int64_t>();
    } else if (name == "sleep") {
      auto d = ParseDuration(v.is_string() ? v.get<std::string>() : std::string());
      if (!v.is_string() || !d.ok()) {
        return InvalidMigration(path, line, fmt::format("\"batch\": \"sleep\" must be a duration (\"500ms\", \"2s\", "
                                                        "\"1m\"), not {}; {}", v.dump(), example));
      }
      spec.sleep = *d;
    } else {
      return InvalidMigration(path, line, fmt::format("\"batch\": unknown member \"{}\"; it takes \"size\" and "
                                                      "\"sleep\" (batches are ranges of _id); {}", name, example));
    }
  }
  m.batch = std::move(spec);
  return Status::Ok();
}

// A batched part is one update (one statement, multi: true) or one delete (one statement, limit: 0).
Status CheckBatchedPart(const std::string& path, std::string_view content, const JsonSpan& span, const json& value) {
  int line = LineOfOffset(content, span.offset);
  auto elements = ArrayElements(content.substr(span.offset, span.length));
  if (elements && !elements->empty()) line = LineOfOffset(content, span.offset + (*elements)[0].offset);
  auto refuse = [&](const std::string& what) {
    return InvalidMigration(path, line,
                            fmt::format("a batched migration's \"{}\" {}; write one command like {{\"update\": "
                                        "\"users\", \"updates\": [{{\"q\": {{...}}, \"u\": {{...}}, \"multi\": true}}]}} "
                                        "or {{\"delete\": \"users\", \"deletes\": [{{\"q\": {{...}}, \"limit\": 0}}]}}, "
                                        "or remove \"batch\"",
                                        span.key, what));
  };
  if (value.size() != 1) return refuse(fmt::format("has {} commands, not one", value.size()));
  const json& command = value[0];
  const std::string& name = command.begin().key();
  if (name != "update" && name != "delete") return refuse(fmt::format("is a \"{}\" command", name));
  if (!command.begin()->is_string()) return refuse(fmt::format("names no collection: \"{}\" must be a string", name));
  const char* list = name == "update" ? "updates" : "deletes";
  if (!command.contains(list) || !command[list].is_array() || command[list].size() != 1 || !command[list][0].is_object()) {
    return refuse(fmt::format("needs exactly one statement in \"{}\"", list));
  }
  const json& statement = command[list][0];
  if (statement.contains("q") && !statement["q"].is_object()) return refuse("has a \"q\" that is not a filter document");
  if (name == "update" && !(statement.contains("multi") && statement["multi"] == true)) return refuse("updates one document: add \"multi\": true");
  if (name == "delete" && (!statement.contains("limit") || statement["limit"] != 0)) {
    return refuse("deletes one document: add \"limit\": 0");
  }
  return Status::Ok();
}

}  // namespace

Result<Migration> ParseJsonMigration(const std::string& path, std::string_view content, Migration m) {
  m.format = MigrationFormat::kMongoJson;
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  const std::string_view as_written = content;
  const std::string parsable = BarePlaceholdersAsStrings(content);
  content = parsable;
  json document;
  try {
    document = json::parse(content);
  } catch (const json::parse_error& e) {
    size_t at = e.byte > 0 ? e.byte - 1 : 0;
    return InvalidMigration(path, LineOfOffset(content, std::min(at, content.size())),
                   fmt::format("not valid JSON: {}", e.what()));
  } catch (const json::exception& e) {  // a number too large for any type, found by fuzzing
    return InvalidMigration(path, 0, fmt::format("not readable as JSON: {}", e.what()));
  }
  auto members = ObjectMembers(content);
  if (!document.is_object() || !members) {
    return InvalidMigration(path, 1, "a MongoDB migration is a JSON object: {\"up\": [commands...], \"down\": [commands...]}");
  }
  bool transaction = true;
  const JsonSpan* up = nullptr;
  const JsonSpan* down = nullptr;
  for (const JsonSpan& member : *members) {
    const json& value = document[member.key];
    const int line = LineOfOffset(content, member.offset);
    if (member.key == "up") {
      up = &member;
    } else if (member.key == "down") {
      down = &member;
    } else if (member.key == "transaction" || member.key == "backup" || member.key == "baseline") {
      if (!value.is_boolean()) return InvalidMigration(path, line, fmt::format("\"{}\" must be true or false", member.key));
      if (member.key == "transaction") transaction = value.get<bool>();
      if (member.key == "backup") m.backup = value.get<bool>();
      if (member.key == "baseline") m.baseline = value.get<bool>();
    } else if (member.key == "strata:allow") {
      // Findings of `strata lint` accepted for this file: {"RULE": "reason"}.
      bool reasons = value.is_object();
      for (const auto& [rule, reason] : value.items()) {
        reasons = reasons && reason.is_string();
        if (reasons) m.allowed[rule] = reason.get<std::string>();
      }
      if (!reasons) {
        return InvalidMigration(path, line, "\"strata:allow\" must be an object of rule ids and reasons, e.g. "
                                   "{\"mongodb-drop\": \"the collection was retired in 2024\"}");
      }
    } else if (member.key == "requires") {
      // The versions of the migrations this one needs: ["1", "2"], or "1, 2" as a SQL header writes them.
      if (value.is_string()) {
        STRATA_RETURN_IF_ERROR(AddRequirements(path, line, value.get<std::string>(), m));
      } else if (value.is_array() &&
                 std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_string(); })) {
        for (const json& version : value) {
          STRATA_RETURN_IF_ERROR(AddRequirements(path, line, version.get<std::string>(), m));
        }
      } else {
        return InvalidMigration(path, line, "\"requires\" must be an array of version strings, e.g. [\"20261101090000\"], or "
                                   "one string of versions separated by commas");
      }
    } else if (member.key == "batch") {
      STRATA_RETURN_IF_ERROR(SetJsonBatch(path, line, value, m));
    } else if (member.key == "category" || member.key == "description") {
      if (!value.is_string()) {
        return InvalidMigration(path, line, fmt::format("\"{}\" must be a string", member.key));
      }
      if (member.key == "category") STRATA_RETURN_IF_ERROR(SetCategory(path, line, value.get<std::string>(), m));
      if (member.key == "description") m.description = value.get<std::string>();
    } else {
      return InvalidMigration(path, line,
                     fmt::format("unknown key \"{}\"; a MongoDB migration has \"up\", \"down\", \"transaction\", "
                                 "\"backup\", \"baseline\", \"batch\", \"requires\", \"category\", \"description\" and \"strata:allow\"",
                                 member.key));
    }
  }
  if (!up) {
    return InvalidMigration(path, 1, "no \"up\": add \"up\": [commands...] with the commands that apply the migration");
  }
  auto up_section = SectionOf(path, content, *up, document["up"], transaction);
  if (!up_section.ok()) return up_section.status();
  m.up = std::move(*up_section);
  m.up.text = as_written.substr(up->offset, up->length);  // placeholders as written
  if (down) {
    auto down_section = SectionOf(path, content, *down, document["down"], transaction);
    if (!down_section.ok()) return down_section.status();
    m.down = std::move(*down_section);
    m.down->text = as_written.substr(down->offset, down->length);
  }
  if (m.batch) {
    STRATA_RETURN_IF_ERROR(CheckBatchedPart(path, content, *up, document["up"]));
    if (down) STRATA_RETURN_IF_ERROR(CheckBatchedPart(path, content, *down, document["down"]));
  }
  return m;
}

}  // namespace strata
