// A placeholder's value in a MongoDB .json migration (issue: placeholders must not change a migration's
// structure). For any value: inside a JSON string the filled document parses and holds exactly the
// value; where a whole value goes it is either refused or exactly one JSON scalar.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <map>
#include <string>

#include "core/text.h"
#include "strata/source.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string value(reinterpret_cast<const char*>(data), size);
  const std::map<std::string, std::string> variables = {{"V", value}};
  strata::Section in_string{R"([{"insert": "s", "documents": [{"_id": 1, "v": "${V}", "w": "a${V}b"}]}])", "f.json", 1,
                            true};
  auto filled = strata::FillPlaceholders(in_string, variables, strata::PlaceholderSyntax::kJson);
  if (filled.ok()) {
    auto doc = nlohmann::json::parse(*filled, nullptr, false);
    Check(!doc.is_discarded());
    const auto& d = doc[0]["documents"][0];
    Check(d.size() == 3 && d["v"] == value && d["w"] == "a" + value + "b");
  } else {
    Check(strata::FindInvalidUtf8(value) != std::string::npos ||
          filled.status().message().find("UTF-8") != std::string::npos);
  }
  strata::Section as_value{R"([{"find": "s", "limit": ${V}}])", "f.json", 1, true};
  auto scalar = strata::FillPlaceholders(as_value, variables, strata::PlaceholderSyntax::kJson);
  if (scalar.ok()) {
    auto doc = nlohmann::json::parse(*scalar, nullptr, false);
    Check(!doc.is_discarded() && doc.size() == 1 && doc[0].size() == 2 && doc[0]["limit"].is_primitive());
  }
  return 0;
}
