// The migration file reader on any bytes, as a .sql and as a .json file. Invariants: a file that reads
// has UTF-8 text without NUL bytes in its sections, each section is a piece of the file as written, its
// first line is in the file, and the checksum is the file's; a .json section without placeholders is
// itself a JSON array of commands.
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view content(reinterpret_cast<const char*>(data), size);
  for (const char* name : {"001_fuzz.sql", "001_fuzz.json"}) {
    auto m = strata::ParseMigrationFile(name, content);
    if (!m.ok()) {
      Check(!m.status().message().empty());
      continue;
    }
    const bool json = std::string_view(name).ends_with(".json");
    std::string_view without_bom = content.substr(0, 3) == "\xEF\xBB\xBF" ? content.substr(3) : content;
    Check(m->checksum == strata::Checksum(without_bom));
    CheckSection(m->up, content, json);
    if (m->down) CheckSection(*m->down, content, json);
  }
  return 0;
}
