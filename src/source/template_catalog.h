// Which template `strata new --template NAME` means for a database: a user's file `<NAME>.sql`
// (`<NAME>.json` for MongoDB) in the templates directory, else the built-in one of the dialect
// (source/templates.h). strata/source.h's ListMigrationTemplates lists the same choices.
#pragma once

#include <string>

#include "strata/status.h"

namespace strata {

struct ResolvedTemplate {
  std::string name;
  std::string text;    // unfilled
  std::string origin;  // the user file's path, or which built-in: for messages
  bool json = false;   // a MongoDB command file, not SQL
};

// The template `name` for `dialect` ("postgres", ..., "mongodb"), user templates read from `directory`.
// An unknown name is kInvalidArgument listing the available ones; an unreadable template or directory
// is an error naming it.
Result<ResolvedTemplate> ResolveTemplate(const std::string& dialect, const std::string& directory,
                                         const std::string& name);

}  // namespace strata
