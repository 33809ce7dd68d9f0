// strata's cache of migration files' facts, for the commands that only report (status, validate, list):
// what a file's parse gave (checksum, format, sections' places, header), keyed by the file's identity.
// A file whose size, modification time, change time and inode are all as recorded is taken from here
// without being opened; any write to a file changes its change time (which no program can set back), so a
// changed file is always read again. It is a hint for reports only: a migration that runs is read anew.
//
// One cache file per migrations directory, under $XDG_CACHE_HOME/strata (or ~/.cache/strata);
// STRATA_CACHE=off, or no home, turns it off. A cache that cannot be read or written is ignored: it
// never makes a command fail. Find and Remember may be called from many threads at once.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "strata/migration.h"

namespace strata {

class FactsCache {
 public:
  // The cache of `directory`, or nullptr when caching is off.
  static std::unique_ptr<FactsCache> For(const std::string& directory);
  explicit FactsCache(std::string file);

  // The migration of `paths` (its files, in any order) as cached, without its sections' text
  // (Migration::text_read false); nullopt when a file changed, is unknown or cannot be examined.
  std::optional<Migration> Find(const std::vector<std::string>& paths) const;
  // Records what a full read of the files gave. Migrations with what the cache does not keep (batches,
  // accepted findings, notes, baselines) are not recorded, and so are always read.
  void Remember(const Migration& migration);
  // Writes the cache when anything changed, with only the files this run looked at; errors are ignored.
  void Save();

 private:
  struct Identity {
    long long size = 0, modified_ns = 0, changed_ns = 0;
    unsigned long long inode = 0;
    bool operator==(const Identity&) const = default;
  };
  struct Entry {
    std::vector<std::pair<std::string, Identity>> files;  // in the migration's path order
    std::vector<std::string> fields;                       // the facts, as written in the file
  };
  static std::optional<Identity> IdentityOf(const std::string& path);
  void Load();

  std::string file_;
  std::unordered_map<std::string, Entry> entries_;  // by the first path
  mutable std::mutex mutex_;                        // guards fresh_ and changed_
  mutable std::unordered_map<std::string, Entry> fresh_;
  mutable bool changed_ = false;
};

}  // namespace strata
