// The migration file reader on any bytes, as a .sql and as a .json file, named plainly and named after
// the input's first line. Invariants: a file that reads has UTF-8 text without NUL bytes in its
// sections, each section is a piece of the file as written, its first line is in the file, and the
// checksum is the file's; a .json section without placeholders is itself a JSON array of commands; and
// what `strata list --json` prints of it (version, name, file, checksum) is JSON that reads back the same.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "core/text.h"
#include "strata/source.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckSection(const strata::Section& s, std::string_view content, bool json) {
  Check(content.find(s.text) != std::string_view::npos);
  Check(strata::FindInvalidUtf8(s.text) == std::string::npos);
  Check(s.text.find('\0') == std::string::npos);
  Check(s.first_line >= 1 && s.first_line <= strata::LineOfOffset(content, content.size()) + 1);
  if (json && s.text.find("${") == std::string::npos) {
    auto parsed = nlohmann::json::parse(s.text, nullptr, false);
    Check(!parsed.is_discarded() && parsed.is_array());
  }
}

// As `list --json` prints it; dump() throws (and the fuzzer reports it) on text that is not UTF-8.
void CheckListed(const strata::Migration& m) {
  nlohmann::json listed = {{"version", m.version.text()}, {"name", m.name}, {"files", m.paths}, {"checksum", m.checksum}};
  nlohmann::json back = nlohmann::json::parse(listed.dump());
  Check(back["name"] == m.name && back["version"] == m.version.text() && back["files"] == m.paths);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view content(reinterpret_cast<const char*>(data), size);
  const std::string first_line(content.substr(0, std::min(content.find('\n'), size_t{80})));
  for (const std::string& name : {std::string("001_fuzz.sql"), std::string("001_fuzz.json"), "001_" + first_line + ".sql"}) {
    if (name.find('/') != std::string::npos) continue;
    auto m = strata::ParseMigrationFile(name, content);
    if (!m.ok()) {
      Check(!m.status().message().empty());
      continue;
    }
    const bool json = std::string_view(name).ends_with(".json");
    CheckListed(*m);
    std::string_view without_bom = content.substr(0, 3) == "\xEF\xBB\xBF" ? content.substr(3) : content;
    Check(m->checksum == strata::Checksum(without_bom));
    CheckSection(m->up, content, json);
    if (m->down) CheckSection(*m->down, content, json);
  }
  return 0;
}
