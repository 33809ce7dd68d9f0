#include "source/file_text.h"

#include <fmt/format.h>

#include "core/text.h"

namespace strata {

Status CheckFileText(const std::string& path, std::string_view content) {
  auto invalid = [&](size_t offset, std::string message) {
    return Status(StatusCode::kInvalidMigration, std::move(message)).set_location({path, LineOfOffset(content, offset)});
  };
  if (size_t bad = FindInvalidUtf8(content); bad != std::string_view::npos) {
    return invalid(bad, fmt::format("not valid UTF-8 (byte {}); save the file as UTF-8", bad));
  }
  if (size_t nul = content.find('\0'); nul != std::string_view::npos) {
    return invalid(nul, fmt::format("holds a NUL byte (byte {}): the database would ignore everything after it; "
                                    "remove it (a binary or UTF-16 file must be saved as UTF-8 text)",
                                    nul));
  }
  for (size_t cr = content.find('\r'); cr != std::string_view::npos; cr = content.find('\r', cr + 1)) {
    if (cr + 1 < content.size() && content[cr + 1] == '\n') continue;
    if (cr + 1 == content.size()) break;  // a final CR ends the file, not a line
    // LineOfOffset counts LF only: on a CR-only file everything is line 1, so say which CR it is.
    return invalid(cr, fmt::format("has a line ending in a lone carriage return (CR, old Mac line endings; byte "
                                   "{}): a SQL comment would run on past it; save the file with LF line endings",
                                   cr));
  }
  return Status::Ok();
}

std::string_view WithoutBom(std::string_view content) {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  return content;
}

Status InvalidMigration(const std::string& path, int line, std::string message) {
  Status s(StatusCode::kInvalidMigration, std::move(message));
  s.set_location({path, line});
  return s;
}

}  // namespace strata
