// KeyRanges: what a batched data migration (docs/batched-migrations.md) needs from a database, as one
// optional role of a Connection (Connection::key_ranges(), null where the database cannot batch).
//
// The engine decides everything a batched run is about — the checkpoint, the transaction around each
// batch, resuming, progress, the throttles' bounds and waits — and asks the database, through this
// role, only what the database alone knows: a table's key, where the next range ends, how to run one
// part of a migration over one range, and its load readings. Every method runs on the connection's
// session, inside the transaction the engine has open (if any); none commits. Read-only methods leave
// nothing behind when they fail; RunRange leaves what the open transaction holds (the engine rolls it
// back).
//
// Key values travel as text (SqlValue), as the database prints them; they are compared by the database,
// in its own order, never by strata. (MongoDB: each _id as canonical Extended JSON, {"$oid": "..."}.)
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "strata/migration.h"
#include "strata/status.h"

namespace strata {

// A table's key when a batched run starts: its range and the table's row count, read once.
struct KeySpan {
  std::string min, max;  // both "" when the table has no row with a key
  int64_t rows = 0;      // every row of the table (count(*)), exact
};

// Where one range ends: `rows` rows of the table lie in (lower, upper] (or [lower, upper] for the first).
struct RangeEnd {
  std::string upper;
  int64_t rows = 0;
};

// What a database reports about its load, for the throttles of a batched run.
enum class LoadReading {
  kReplicationLagMs,  // the largest replay lag of a replica, in milliseconds (0 when there is none)
  kThreadsRunning,    // the server's running threads (strata's own session counts as one)
};

class KeyRanges {
 public:
  virtual ~KeyRanges() = default;

  // The column a batched run over `table` (as the migration writes it) ranges on when the migration
  // names none: the table's primary key when it is a single column, "" when it has none or several.
  virtual Result<std::string> PrimaryKey(const std::string& table) = 0;
  // The key's range and the table's row count. REQUIRES: `key` is a plain name (IsPlainName).
  virtual Result<KeySpan> Span(const std::string& table, const std::string& key) = 0;
  // The range that starts after `lower` (at it, when `first`) and holds `size` rows, never beyond `max`:
  // its upper bound is the key `size` rows on, or `max` with the rows that are left.
  virtual Result<RangeEnd> NextRange(const std::string& table, const std::string& key, const std::string& lower,
                                     bool first, const std::string& max, int64_t size) = 0;
  // Runs `statement`, one part of a batched migration in the database's own language, over the range:
  // for SQL, the statement with the range already added as two '?' parameters, lower then upper, bound
  // here. kMigrationFailed / kDatabaseError as the database says, retryable when it waited for a lock.
  virtual Status RunRange(const std::string& statement, const std::string& lower, const std::string& upper) = 0;

  // Where a part is not SQL (MongoDB's commands), the engine hands it as written and the database adds
  // the range itself. PartTable: the collection the part ranges over, or kInvalidMigration with the
  // part's file and line when its shape cannot be batched. RunPartRange: the part over (lower, upper],
  // or [lower, upper] when `first`, as RunRange. Default: kUnsupported (SQL parts go through RunRange).
  virtual Result<std::string> PartTable(const Section& part) {
    return Status(StatusCode::kUnsupported, "this database batches SQL statements only").set_location({part.path, part.first_line});
  }
  virtual Status RunPartRange(const Section& part, const std::string& lower, bool first, const std::string& upper) {
    (void)lower, (void)first, (void)upper;
    return PartTable(part).status();
  }

  // Around a run's batches, outside any transaction: between RelaxCommits and SyncCommits a commit may
  // return before it reached the disk, where the database keeps each commit atomic all the same (a power
  // loss may lose the last batches whole, with the checkpoint that counts them, never part of one; a
  // killed process loses nothing). SyncCommits restores the connection's setting, so that the next
  // commit (the run's success record) makes every earlier one durable. Called in pairs by the engine,
  // SyncCommits on every way out. Default: every commit durable by itself; nothing to restore.
  virtual Status RelaxCommits() { return Status::Ok(); }
  virtual Status SyncCommits() { return Status::Ok(); }

  // Whether the database reports `reading`: a throttle on a reading it does not report is refused
  // before anything runs.
  virtual bool Reports(LoadReading reading) const = 0;
  // The reading now. REQUIRES: Reports(reading).
  virtual Result<int64_t> Read(LoadReading reading) = 0;
};

}  // namespace strata
