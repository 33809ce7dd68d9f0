// Named migration files -> a MigrationSet, shared by directory reading and embedded migrations, so that
// both give the same result and checksums.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "source/facts_cache.h"
#include "strata/source.h"

namespace strata {

// `names[i]` is a file name in `origin`; `read(i, path)` gives its content, `path` being origin/name. Files are read only when parsed,
// on every core, and dropped once parsed, so a large directory is never held in memory whole.
// Names that are not migrations' are ignored. All-or-nothing: any bad file fails the whole set.
// With a cache, a migration whose files it knows unchanged is taken from it unread, and one read is
// remembered in it; with `facts_only`, no section's text is kept (Migration::text_read false).
Result<MigrationSet> LoadNamedFiles(const std::vector<std::string>& names, const std::string& origin,
                                    const std::function<Result<std::string>(size_t, const std::string&)>& read,
                                    FactsCache* cache = nullptr, bool facts_only = false);

}  // namespace strata
