// `strata:allow`: findings a migration accepts, each with its reason. SQL files say it in a comment
// before, inside or after a statement (`-- strata:allow RULE reason`, `#` on MySQL, or in /* */);
// MongoDB files, which have no comments, for the whole file ("strata:allow": {"RULE": "reason"}). Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "strata/migration.h"

namespace strata::lint {

struct Allow {
  std::string rule;
  std::string reason;  // "" when none was given: then it accepts nothing
  size_t offset = 0;   // of the comment, in the part's text (0 for a file's)
};

// The allow comments of an SQL part, one per line.
std::vector<Allow> AllowComments(std::string_view text);
// A MongoDB migration's "strata:allow" member.
std::vector<Allow> FileAllows(const Migration& m);

}  // namespace strata::lint
