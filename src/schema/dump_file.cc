#include "schema/dump_file.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace strata {
namespace {

constexpr const char* kSqlHeader = "-- strata:dump ";
constexpr const char* kJsonKey = "strata_dump";

std::string DumpVersionText(const DumpHeader& header) { return header.version.value_or("none"); }

// The value of `key=` among the header line's words, or "".
std::string DumpHeaderWord(const std::string& line, const std::string& key) {
  std::istringstream words(line);
  for (std::string word; words >> word;) {
    if (word.rfind(key + "=", 0) == 0) return word.substr(key.size() + 1);
  }
  return "";
}

Status NotADump(const std::string& path, int line, const std::string& why) {
  Status s(StatusCode::kInvalidArgument, why + "; write one with `strata dump --out FILE`");
  s.set_location({path, line});
  return s;
}

}  // namespace

std::string WriteDump(const DumpHeader& header, const Schema& schema, bool json_commands) {
  std::string out;
  if (json_commands) {
    // One object a line: a diff of two dumps shows which objects changed.
    out += fmt::format("{{\"{}\": {{\"version\": {}, \"database\": {}}},\n \"objects\": [", kJsonKey,
                       nlohmann::json(DumpVersionText(header)).dump(), nlohmann::json(header.database).dump());
    for (size_t i = 0; i < schema.objects.size(); ++i) {
      const SchemaObject& o = schema.objects[i];
      std::string command = o.definition;
      while (!command.empty() && command.back() == '\n') command.pop_back();
      out += fmt::format("{}\n  {{\"kind\": {}, \"name\": {}, \"command\": {}}}", i ? "," : "",
                         nlohmann::json(o.kind).dump(), nlohmann::json(o.name).dump(), command);
    }
    out += "\n]}\n";
    return out;
  }
  out += fmt::format("{}version={} database={} objects={}\n", kSqlHeader, DumpVersionText(header), header.database,
                     schema.objects.size());
  out += "-- The schema `strata dump` read; `strata load` creates it in an empty database.\n";
  for (const SchemaObject& o : schema.objects) {
    out += fmt::format("\n-- {} {}\n{}", o.kind, o.name, o.definition);
    if (!o.definition.empty() && o.definition.back() != '\n') out += '\n';
  }
  return out;
}

Result<LoadedDump> ReadDump(const std::string& path, const std::string& text) {
  LoadedDump dump;
  dump.script.path = path;
  const size_t start = text.find_first_not_of(" \t\r\n");
  if (start != std::string::npos && text[start] == '{') {
    auto doc = nlohmann::ordered_json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains(kJsonKey) || !doc["objects"].is_array()) {
      return NotADump(path, 1, "not a strata dump: a JSON dump is {\"strata_dump\": {...}, \"objects\": [...]}");
    }
    const auto& head = doc[kJsonKey];
    dump.header.database = head.value("database", "");
    std::string version = head.value("version", "none");
    if (version != "none") dump.header.version = version;
    nlohmann::ordered_json commands = nlohmann::ordered_json::array();
    for (const auto& object : doc["objects"]) {
      if (!object.is_object() || !object.contains("command") || !object["command"].is_object()) {
        return NotADump(path, 1, "an object of the dump has no \"command\" document");
      }
      commands.push_back(object["command"]);
    }
    dump.script.text = commands.dump();
    return dump;
  }
  const std::string first_line = text.substr(0, text.find('\n'));
  if (first_line.rfind(kSqlHeader, 0) != 0) {
    return NotADump(path, 1, "not a strata dump: its first line is not \"-- strata:dump version=... database=...\"");
  }
  dump.header.database = DumpHeaderWord(first_line, "database");
  std::string version = DumpHeaderWord(first_line, "version");
  if (version.empty()) return NotADump(path, 1, "the dump's header names no version=");
  if (version != "none") dump.header.version = version;
  dump.script.text = text;
  return dump;
}

}  // namespace strata
