// Where the parts of a JSON text are: the byte spans of an object's members and an array's elements,
// so that a MongoDB migration's commands keep their file and line. Only spans: the values themselves are
// parsed by a JSON library. Pure.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

struct JsonSpan {
  std::string key;     // the member's name (objects only), unescaped only for plain ASCII names
  size_t offset = 0;   // first byte of the value
  size_t length = 0;
};

// The members of the object, or the elements of the array, that `text` holds (after blanks), in order.
// Nothing when `text` is not a well-formed object or array of that kind.
std::optional<std::vector<JsonSpan>> ObjectMembers(std::string_view text);
std::optional<std::vector<JsonSpan>> ArrayElements(std::string_view text);

}  // namespace strata
