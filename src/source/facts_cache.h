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

#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "strata/migration.h"

namespace strata {

// What tells a file changed: its size, modification and change times, and inode.
struct FileIdentity {
  long long size = 0, modified_ns = 0, changed_ns = 0;
  unsigned long long inode = 0;
  bool operator==(const FileIdentity&) const = default;
};

class FactsCache {
 public:
  // The cache of `directory`, or nullptr when caching is off.
  static std::unique_ptr<FactsCache> For(const std::string& directory);
  explicit FactsCache(std::string file);

  // The migration of `paths` (its files, in any order) as cached, without its sections' text
  // (Migration::text_read false); nullopt when a file changed, is unknown or cannot be examined.
  // Each migration is looked up once a run (calls for different migrations may run at once).
  std::optional<Migration> Find(const std::vector<std::string>& paths) const;
  // Records what a full read of the files gave. Migrations with what the cache does not keep (batches,
  // accepted findings, notes, baselines) are not recorded, and so are always read.
  void Remember(const Migration& migration);
  // Writes the cache when anything changed, with only the files this run looked at; errors are ignored.
  void Save();

  static constexpr size_t kFactCount = 13;

 private:
  // A line of the cache file, as views into text_: reading 10,000 lines allocates nothing per line.
  struct Entry {
    std::array<std::pair<std::string_view, FileIdentity>, 2> files;  // in the migration's path order
    size_t file_count = 0;
    std::array<std::string_view, kFactCount> fields;  // the facts, as written in the file
  };
  // What this run read anew, to be written back.
  struct Fresh {
    std::vector<std::pair<std::string, FileIdentity>> files;
    std::vector<std::string> fields;
  };
  static std::optional<FileIdentity> IdentityOf(const std::string& path);
  void Load();

  std::string file_;
  std::string text_;            // the cache file as read
  std::vector<Entry> entries_;  // sorted by the first path
  // One flag per entry: found this run, so kept. Each is written by one Find only, so needs no lock.
  mutable std::vector<char> used_;
  std::mutex mutex_;  // guards fresh_
  std::unordered_map<std::string, Fresh> fresh_;
};

}  // namespace strata
