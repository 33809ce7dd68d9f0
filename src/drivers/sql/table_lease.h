// The runner lock as a lease row in a table, for SQL servers whose advisory locks do not exclude
// (CockroachDB's are stubs) or where the user asks for it (--lock=table). MongoDB's lock document
// (drivers/mongodb/mongodb_lock.cc) is the same design.
//
// The table <history>_lock holds one row (id 1): holder (who, for people), token (whose, for strata),
// acquired_at, renewed_at, expires_at, every time from the database's clock, so runners on hosts whose
// clocks differ agree on when a lease expires.
//
// States of the row, and the statement behind each transition (each one statement, atomic):
//   free (token '')  --take-->  held by T  --renew (every ttl/3, token = T)-->  held by T
//   held by T  --release (token = T)-->  free          held by T  --break-->  free
//   held by T, expires_at passed  --take by U-->  held by U (takeover of a runner that died)
// Take is one conditional UPDATE (`WHERE expires_at <= now OR token = mine`): the row lock makes one
// runner win however many race; each then reads the row back and holds the lease only if its token is there.
//
// Invariants:
//  1. A runner believes it holds the lease (CheckHeld ok) only until ttl after it sent its last
//     successful renewal, measured on its own monotonic clock: by then the database's expiry may have
//     passed and another runner may have taken over.
//  2. Renewal and release match the token: a runner whose lease was taken over or broken never
//     frees or extends another's.
//  3. The heartbeat runs on a session of its own, so a migration statement that runs for minutes on
//     the main session does not stop the renewal.
//
// Thread safety: the RunnerLock methods are called from one thread; the heartbeat thread shares only
// the atomics and the mutex-guarded reason.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "drivers/sql/history_dialect.h"
#include "strata/driver.h"

namespace strata {

// What one SQL database says its own way about the lease (each driver fills one in its folder).
struct LeaseDialect {
  std::string timestamp_type;  // a time with microseconds: TIMESTAMPTZ, DATETIME(6)
  std::string now;             // the database's clock, now: clock_timestamp(), UTC_TIMESTAMP(6)
  // `now` plus a number of milliseconds given as one '?' parameter.
  std::string now_plus_ms;
  // Milliseconds from now until the row's expires_at (negative when expired), as an integer.
  std::string ms_until_expiry;
  // A column's time as text, ISO 8601 in UTC.
  std::function<std::string(const std::string& column)> iso_time;
  // Appended to an INSERT of the row, so that inserting a row that exists does nothing.
  std::string insert_if_missing;
};

class TableLease final : public RunnerLock {
 public:
  // Opens a session of the lease's own to the same database.
  using Opener = std::function<Result<std::unique_ptr<Connection>>()>;

  // REQUIRES: `names` name the history (the lease is `names.Table("_lock")`); ttl > 0.
  TableLease(const HistoryDialect& history, const LeaseDialect& dialect, HistoryNames names,
             std::chrono::milliseconds ttl, Opener open);
  ~TableLease() override;  // stops the heartbeat and frees the lease if held

  // Takes the lease, polling (20 ms to 500 ms) until `timeout`; then kLockTimeout names the holder and
  // when its lease expires. Creates the table on first use. Starts the heartbeat.
  Status AcquireLock(std::chrono::milliseconds timeout, const std::string& holder) override;
  // Stops the heartbeat, then frees the row if its token is still ours.
  Status ReleaseLock() override;
  // The holder, since when and when its lease expires; "" when free, expired or never created.
  Result<std::string> LockHolder() override;
  // Frees the row whoever holds it. The holder's next renewal finds it gone and its run stops.
  Status BreakLock() override;
  // kLockTimeout once the heartbeat found the lease taken over or broken, or could not renew it within
  // the ttl (invariant 1).
  Status CheckHeld() override;

 private:
  // The session for take, release and status, opened on first use; the table made on first take.
  Result<SqlQueries*> Session();
  Status EnsureTable(SqlQueries& sql);
  Result<bool> TryTake(SqlQueries& sql, const std::string& holder);
  // One renewal on `beat`: true if the row still carries our token (and was extended).
  Result<bool> Renew(SqlQueries& sql);
  void Heartbeat(std::unique_ptr<Connection> beat);
  void StopHeartbeat();
  void MarkLost(const std::string& why);
  int64_t MonotonicMs() const;

  const HistoryDialect& history_;
  const LeaseDialect& dialect_;
  HistoryNames names_;
  std::string table_;  // names_.Table("_lock")
  std::chrono::milliseconds ttl_;
  Opener open_;

  std::unique_ptr<Connection> session_;
  bool table_ready_ = false;
  std::string token_;  // ours while held; "" when not held

  std::thread heartbeat_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mutex_
  std::string lost_because_;  // guarded by mutex_
  std::atomic<bool> lost_{false};
  // Until when (MonotonicMs) the lease is surely ours: last successful renewal's send time + ttl.
  std::atomic<int64_t> held_until_ms_{0};
};

}  // namespace strata
