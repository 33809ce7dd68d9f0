// Finding the command a user typed, and the one they probably meant when it does not exist.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace strata::cli {

struct CommandWord {
  std::string text;  // the first word that is not a global option or its value
  std::string next;  // the word after it, if any (`help status`)
};

// The command word of `argv`, skipping `app`'s own options and their values; nothing when there is
// none (`strata`, `strata --json`).
std::optional<CommandWord> FindCommandWord(int argc, char** argv, const CLI::App& app);

// The command `typed` most likely meant: another tool's name for it (create -> new, rollback -> down)
// or the nearest by edit distance; "" when nothing is close.
std::string ClosestCommand(const std::string& typed, const std::vector<std::string>& commands);

}  // namespace strata::cli
