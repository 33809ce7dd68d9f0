// Driver and Connection: the interface every database backend implements, in small roles.
//
// The engine decides (order, transactions, locking, what to record); a driver only speaks its
// database's dialect. A Driver is stateless and names the URL schemes it serves; Connect opens a
// Connection, used by one thread at a time, made of roles: the RunnerLock, the Session (transactions,
// execute) and the HistoryStore every database has, and the BackupStore and SqlQueries some have.
//
// Each method says when the engine calls it and what holds when it fails. Adding a database is one
// folder under src/drivers/, one line in the registry, and passing tests/drivers/conformance_test
// (docs/writing_a_driver.md).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "strata/history.h"
#include "strata/key_ranges.h"
#include "strata/schema.h"
#include "strata/status.h"

namespace strata {

using SqlValue = std::optional<std::string>;  // NULL, or a value as text (numbers too)
using SqlRow = std::vector<SqlValue>;

// What a database's own runner lock is (Capabilities::native_lock).
enum class NativeLock {
  kFile,      // the database file's lock (SQLite, DuckDB): held by a live local process
  kAdvisory,  // a session lock of the server (PostgreSQL advisory lock, MySQL GET_LOCK): to be verified
  kLease,     // a lease document or row with an expiry, renewed while held (MongoDB)
};

// How the engine takes the runner lock on a server with advisory locks (EngineOptions::lock, --lock).
enum class LockMethod {
  kAuto,      // the advisory lock, verified to exclude a second session; a table lease where it does not
  kAdvisory,  // the advisory lock, verified; refused where it does not exclude
  kTable,     // the table lease (<history>_lock), without trying the advisory lock
};

struct Capabilities {
  std::string dialect;          // "sqlite", "postgres", ...
  bool transactional_ddl = false;  // schema changes roll back with the transaction
  // Why nothing here can be atomic, when the reason is this deployment rather than the database kind
  // (a standalone MongoDB server has no transactions; its replica sets do). Runs say it as a warning.
  std::string no_transactions_because;
  // Migrations are .json files of database commands (MongoDB), not SQL. The engine refuses the other
  // kind before anything runs.
  bool json_commands = false;
  NativeLock native_lock = NativeLock::kFile;
};

// A section of a migration, ready to run: placeholders filled, with its origin for error messages.
struct Script {
  std::string text;
  std::string path;    // file the text came from ("" for code or stored text)
  int first_line = 1;  // line in `path` where `text` begins
  // Statements before this index are skipped: resuming, outside a transaction, after a retryable failure.
  int first_statement = 0;
  // Outside a transaction, called before each statement (its index and line), so that the history can
  // say which statement an interrupted migration had reached. Default: none.
  // A statement runs only once its hook succeeded: a failure stops the script there, as the
  // statement's own failure would (the history could not say the statement was reached).
  std::function<Status(int index, int line)> before_statement = nullptr;
  // Hears what a statement did, when the driver has something to say (MongoDB helpers: documents
  // matched and changed). Default: none.
  std::function<void(const std::string& note)> on_note = nullptr;
};

// What a backup copies: a table or collection, or only some of a table's columns.
struct BackupTarget {
  std::string object;  // as the migration names it ("schema.table" or "table")
  // Only these columns (DROP COLUMN), kept with the table's key so that restore can put the values back
  // into the re-created column. Empty: everything.
  std::vector<std::string> columns;
};

// A copy of a collection or table (or, on SQLite, of the whole database), taken before a migration that
// could destroy it.
struct BackupInfo {
  std::string id;          // what `strata backups restore` takes; also where the copy lives
  std::string object;      // the collection or table copied ("" for a whole database's copy)
  std::string version;     // the migration it was taken for
  std::string migration;   // that migration's name
  std::string created_at;  // UTC, ISO 8601
  int64_t rows = 0;        // documents or rows copied
  int64_t bytes = -1;      // the copy's size on disk; -1 when the database cannot say
  std::vector<std::string> columns;  // a column backup's columns; empty for a whole table
};

struct ConnectOptions {
  std::string history_table = "strata_migrations";  // Default: strata_migrations
  // How long a busy database or a held lock is waited for before giving up.
  std::chrono::milliseconds busy_timeout{60000};  // Default: 60 s
  // How long one DDL statement may wait for a table lock before it fails (retryable), so a migration
  // never stalls the application's traffic queued behind it. Databases without lock timeouts ignore it.
  std::chrono::milliseconds ddl_lock_timeout{5000};  // Default: 5 s
  // Longest a statement may run; 0 for no limit.
  std::chrono::milliseconds statement_timeout{0};  // Default: none
  // False when the caller changes nothing (status, a dry run): a database file that does not exist is
  // then not created (SQLite reads an empty database in memory instead), so nothing is left behind.
  bool create_missing = true;  // Default: true
  // A table lease's life without renewal (Connection::OpenLease): a crashed holder's lease is taken over
  // this long after its last renewal. The holder renews it every third of it.
  std::chrono::milliseconds lease_ttl{30000};  // Default: 30 s
};

// The runner lock: one migration run at a time per database. Taken on the main connection, or (with
// --lock-url) on a second connection of the same driver that serves only this role.
class RunnerLock {
 public:
  virtual ~RunnerLock() = default;

  // Takes the runner lock: one migration run at a time per database. Waits up to `timeout`, then fails
  // with kLockTimeout naming the holder if known. Called before history is read for any change.
  virtual Status AcquireLock(std::chrono::milliseconds timeout, const std::string& holder) = 0;
  // Releases the lock; also released when the connection closes or the process dies.
  virtual Status ReleaseLock() = 0;
  // Who holds the runner lock (host, process, since when, command), or "" when it is free.
  virtual Result<std::string> LockHolder() = 0;
  // Ends the session holding the runner lock, for a holder known to be stuck. kRefused where the
  // database cannot (a SQLite lock is held by a live local process: stop that process instead).
  virtual Status BreakLock() = 0;
  // Whether the lock taken is still this runner's. A lease that could not be renewed in time, or was
  // broken or taken over, answers kLockTimeout: the engine then starts, runs and commits nothing more.
  // Called between statements and before commits while the lock is held. Default: held.
  virtual Status CheckHeld() { return Status::Ok(); }
};

// The session: one connection's life with its database. Every database has one.
class Session {
 public:
  virtual ~Session() = default;

  virtual Capabilities capabilities() const = 0;

  // Transactions. After a failed Begin no transaction is open; after a failed Commit the transaction
  // was rolled back, unless the status says connection_lost (then only the database knows).
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;

  // Atomic steps in a row may share one flush to disk. Between BeginBatch and EndBatch each
  // Begin..Commit stays atomic (a savepoint, or a commit that does not wait for the disk) and EndBatch
  // makes them all durable at once. Until it returns, a crash may lose whole steps of the batch, never
  // part of one. Default: no batching; every Commit is durable by itself.
  virtual Status BeginBatch() { return Status::Ok(); }
  virtual Status EndBatch() { return Status::Ok(); }

  // Runs every statement of `script` from `first_statement` on, in order, inside the current transaction
  // if one is open. On failure stops at the failing statement; the status is kMigrationFailed with the
  // file, line and index of that statement and the database's message. Outside a transaction it is
  // retryable only if the failing statement did nothing (so resuming at it is safe).
  virtual Status Execute(const Script& script) = 0;

  // Objects a failed migration may have left broken in the database (PostgreSQL: INVALID indexes from
  // a failed CREATE INDEX CONCURRENTLY), one description each. Reported by `status` and `validate`.
  virtual Result<std::vector<std::string>> Inspect() { return std::vector<std::string>(); }
};

// The history store: what was applied, and the audit trail of every change. Every database has one.
class HistoryStore {
 public:
  virtual ~HistoryStore() = default;

  // Creates the history tables if missing (layout 1 is the first; a later layout adds its upgrade
  // here). Fails if the layout is newer than this strata understands. Called inside the run's first
  // transaction where the database allows.
  virtual Status Ensure() = 0;
  // Every record; empty if the history tables do not exist yet (so reads never create them). Without
  // `with_texts`, up_text and down_text are left empty: status and validation need no more, and a
  // start-up check stays cheap.
  virtual Result<std::vector<HistoryRecord>> Read(bool with_texts) = 0;
  // Inserts or replaces the record with the same version.
  // Taken by value: the engine moves its record in, so a large migration's texts are not copied again.
  virtual Status Save(HistoryRecord record) = 0;
  virtual Status Delete(const std::string& version) = 0;
  virtual Status Append(const HistoryEvent& event) = 0;
  // The latest `limit` events (all if limit <= 0), oldest first.
  virtual Result<std::vector<HistoryEvent>> Events(int limit) = 0;
  // A value kept beside the history under `key` ("" when absent, or before Ensure), and setting one
  // (a no-op before Ensure): the schema's fingerprint after the last change, for `status`.
  // Default: nothing kept.
  virtual Result<std::string> Meta(const std::string& /*key*/) { return std::string(); }
  virtual Status SetMeta(const std::string& /*key*/, const std::string& /*value*/) { return Status::Ok(); }
};

// Backups: copies taken before a migration that could destroy data, and brought back on request.
class BackupStore {
 public:
  virtual ~BackupStore() = default;

  // What to copy before `script` runs, of `found`: the tables the risk analysis (strata/lint.h
  // TablesAtRisk) finds data loss in, or with `requested` (the file asks for a backup) every one it names.
  // Only objects that exist are kept. A driver that reads its own scripts (MongoDB) adds what it finds.
  // The engine calls it before each step outside a dry run.
  virtual Result<std::vector<BackupTarget>> ObjectsAtRisk(const Script& script, std::vector<BackupTarget> found,
                                                          bool requested) = 0;
  // Copies each of `targets` for the migration `version`/`name`, outside any transaction, and says
  // what it took. On failure nothing it took stays listed, and the step does not run.
  virtual Result<std::vector<BackupInfo>> Backup(const std::string& version, const std::string& name,
                                                 const std::vector<BackupTarget>& targets) = 0;
  // Every backup, oldest first.
  virtual Result<std::vector<BackupInfo>> List() = 0;
  // Brings back what the copy `id` holds, and keeps the copy: a table's rows (re-creating the table
  // when it was dropped), a column backup's values by key (re-creating the column when it was dropped),
  // the whole database on SQLite. Called with the runner lock held.
  virtual Result<BackupInfo> Restore(const std::string& id) = 0;
  // Deletes the copy `id` and its catalog entry (`strata backups prune`).
  virtual Status Remove(const std::string& id) = 0;
};

// SQL queries, where the database speaks SQL: for code migrations and for the history of SQL drivers.
class SqlQueries {
 public:
  virtual ~SqlQueries() = default;

  // Runs one statement with '?' placeholders bound to `params` (never spliced into the text) and
  // returns its rows; kDatabaseError on failure.
  virtual Result<std::vector<SqlRow>> Query(const std::string& sql, const std::vector<SqlValue>& params) = 0;

  // Runs it as Query does, handing each row to `each` as it is read, so that a large result is never
  // held whole; the first error `each` returns stops the query and is returned. By default, Query's rows
  // one by one.
  using RowSink = std::function<Status(SqlRow& row)>;
  virtual Status QueryEach(const std::string& sql, const std::vector<SqlValue>& params, const RowSink& each) {
    auto rows = Query(sql, params);
    if (!rows.ok()) return rows.status();
    for (SqlRow& row : *rows) STRATA_RETURN_IF_ERROR(each(row));
    return Status::Ok();
  }
};

// What the database's catalog knows, for the risk analysis (strata/lint.h): where a lock on a small table
// is brief, and rules that only bite on old servers. Estimates the catalog keeps: no table is scanned.
class CatalogFacts {
 public:
  virtual ~CatalogFacts() = default;

  // The server's version as a number: PostgreSQL 150004, MySQL 80034, MariaDB 101106.
  virtual Result<int> ServerVersion() = 0;
  // Estimated rows of each table the connection can see, keyed "schema.table" and "table" in lower case
  // (a name in two schemas keeps the larger count).
  virtual Result<std::map<std::string, int64_t>> TableRows() = 0;
};

// One connection: a session, the runner lock, a history store, and the optional roles the database has. An optional
// role is null where the database lacks it, so the engine plans on what exists.
class Connection : public Session, public RunnerLock {
 public:
  virtual HistoryStore& history() = 0;
  // Default: none.
  virtual BackupStore* backups() { return nullptr; }
  // Default: none.
  virtual SqlQueries* sql() { return nullptr; }
  // Default: none (every table is then assumed large).
  virtual CatalogFacts* facts() { return nullptr; }
  // Default: none (`strata dump`, `diff`, `drift` and `test` then say the database cannot).
  virtual SchemaReader* schema() { return nullptr; }
  // Default: none (`strata test`, `drift` and `squash` then need a scratch URL given to them).
  virtual ScratchDatabases* scratch() { return nullptr; }
  // Default: none (a batched migration, `-- strata:batch`, is then refused before anything runs).
  virtual KeyRanges* key_ranges() { return nullptr; }

  // A second session to the same database, with the same options: the engine takes the advisory lock
  // from it to verify that the lock excludes. Default: kUnsupported.
  virtual Result<std::unique_ptr<Connection>> OpenSession() {
    return Status(StatusCode::kUnsupported, "this database cannot open a second session");
  }
  // The runner lock as a lease row in the table <history>_lock (holder, token, expiry from the database's
  // clock), on sessions of its own: one to take and free it, one for the heartbeat that renews it.
  // For servers whose advisory locks do not exclude. Default: kUnsupported.
  virtual Result<std::unique_ptr<RunnerLock>> OpenLease() {
    return Status(StatusCode::kUnsupported, "this database has no table lease");
  }
};

class Driver {
 public:
  virtual ~Driver() = default;
  virtual std::string name() const = 0;
  // URL schemes served, without the colon: {"sqlite", "sqlite3"}.
  virtual std::vector<std::string> schemes() const = 0;
  // Its migrations are .json files of database commands (MongoDB), not SQL: what `strata new` writes.
  // Default: SQL.
  virtual bool json_commands() const { return false; }
  virtual Result<std::unique_ptr<Connection>> Connect(const std::string& url,
                                                      const ConnectOptions& options) const = 0;
};

// The driver whose scheme the URL starts with, or kInvalidArgument naming the schemes known. SQLite is
// always there; another database's driver is there when its library is linked into the program
// (CMake: strata::postgres, strata::mysql, strata::mongodb, strata::duckdb, or strata::strata for all).
// Thread-safe.
Result<const Driver*> FindDriver(const std::string& url);
// The drivers registered so far.
std::vector<const Driver*> Drivers();
// Makes `driver` findable by FindDriver (a driver library calls it as the program starts). Thread-safe.
void RegisterDriver(const Driver& driver);

// `url` with any password replaced by "***": the only form in which a URL is ever printed.
std::string RedactUrl(const std::string& url);

}  // namespace strata
