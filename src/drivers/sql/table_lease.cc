// The runner lock as a lease row in <history>_lock (see the header for its states and invariants).
#include "drivers/sql/table_lease.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <random>

#include "drivers/lock_poll.h"

namespace strata {
namespace {

std::string NewLeaseToken() {
  std::random_device random;
  return fmt::format("{}-{:08x}{:08x}", getpid(), random(), random());
}

std::string FirstText(const std::vector<SqlRow>& rows) {
  return rows.empty() || rows[0].empty() ? "" : rows[0][0].value_or("");
}

}  // namespace

TableLease::TableLease(const HistoryDialect& history, const LeaseDialect& dialect, HistoryNames names,
                       std::chrono::milliseconds ttl, Opener open)
    : history_(history),
      dialect_(dialect),
      names_(std::move(names)),
      table_(names_.Table("_lock")),
      ttl_(ttl),
      open_(std::move(open)) {}

TableLease::~TableLease() {
  if (!token_.empty()) (void)ReleaseLock();
  StopHeartbeat();
}

int64_t TableLease::MonotonicMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Result<SqlQueries*> TableLease::Session() {
  if (!session_) {
    auto opened = open_();
    if (!opened.ok()) return opened.status();
    session_ = std::move(*opened);
  }
  SqlQueries* sql = session_->sql();
  if (!sql) return Status(StatusCode::kUnsupported, "the lease needs a database that speaks SQL");
  return sql;
}

Status TableLease::EnsureTable(SqlQueries& sql) {
  if (table_ready_) return Status::Ok();
  auto [exists_sql, exists_params] = history_.table_exists(names_, names_.table() + "_lock");
  Status made;
  // Runners that start together race to create the table; PostgreSQL's IF NOT EXISTS can then fail on a
  // catalog unique index. Whoever loses finds the table there on the next round.
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto exists = sql.Query(exists_sql, exists_params);
    if (!exists.ok()) return exists.status();
    made = Status::Ok();
    if (exists->empty()) {
      if (history_.before_tables) {
        for (const std::string& ddl : history_.before_tables(names_)) {
          if (made.ok()) made = sql.Query(ddl, {}).status();
        }
      }
      if (made.ok()) {
        made = sql.Query(fmt::format("CREATE TABLE IF NOT EXISTS {0} (id INT NOT NULL PRIMARY KEY, holder TEXT NOT NULL, "
                                     "token VARCHAR(64) NOT NULL, acquired_at {1} NULL, renewed_at {1} NULL, "
                                     "expires_at {1} NOT NULL)",
                                     table_, dialect_.timestamp_type),
                         {})
                   .status();
      }
    }
    if (made.ok()) {
      made = sql.Query(fmt::format("INSERT INTO {} (id, holder, token, expires_at) VALUES (1, '', '', {}){}", table_,
                                   dialect_.now, dialect_.insert_if_missing),
                       {})
                 .status();
    }
    if (made.ok()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20 * (attempt + 1)));
  }
  if (!made.ok()) {
    return Status(StatusCode::kDatabaseError,
                  fmt::format("cannot create the lock table {}: {}. The account needs CREATE on the history's "
                              "schema, or create the table once by hand (see docs/locking.md)",
                              table_, made.message()))
        .set_database_message(made.database_message());
  }
  table_ready_ = true;
  return Status::Ok();
}

Result<bool> TableLease::TryTake(SqlQueries& sql, const std::string& holder) {
  const int64_t sent = MonotonicMs();
  // One statement, atomic under the row lock: it changes the row only if the lease is free, expired, or
  // ours; a runner that raced and lost reads another token back.
  STRATA_RETURN_IF_ERROR(
      sql.Query(fmt::format("UPDATE {} SET holder = ?, token = ?, acquired_at = {}, renewed_at = {}, expires_at = {} "
                            "WHERE id = 1 AND (expires_at <= {} OR token = ?)",
                            table_, dialect_.now, dialect_.now, dialect_.now_plus_ms, dialect_.now),
                {holder, token_, std::to_string(ttl_.count()), token_})
          .status());
  auto row = sql.Query(fmt::format("SELECT token FROM {} WHERE id = 1", table_), {});
  if (!row.ok()) return row.status();
  if (FirstText(*row) != token_) return false;
  held_until_ms_ = sent + ttl_.count();
  return true;
}

Status TableLease::AcquireLock(std::chrono::milliseconds timeout, const std::string& holder) {
  if (!token_.empty()) return Status::Ok();
  auto sql = Session();
  if (!sql.ok()) return sql.status();
  STRATA_RETURN_IF_ERROR(EnsureTable(**sql));
  token_ = NewLeaseToken();
  Status got = PollForLock(
      timeout, [&] { return TryTake(**sql, holder); },
      [&] {
        auto who = LockHolder();
        return who.ok() ? *who : std::string();
      });
  if (!got.ok()) {
    token_.clear();
    return got;
  }
  // The heartbeat's session is opened here, so a failure to open it is this call's, not a silent one.
  auto beat = open_();
  if (!beat.ok()) {
    (void)ReleaseLock();
    return beat.status();
  }
  lost_ = false;
  stop_ = false;
  lost_because_.clear();
  heartbeat_ = std::thread([this, connection = std::move(*beat)]() mutable { Heartbeat(std::move(connection)); });
  return Status::Ok();
}

Result<bool> TableLease::Renew(SqlQueries& sql) {
  STRATA_RETURN_IF_ERROR(
      sql.Query(fmt::format("UPDATE {} SET renewed_at = {}, expires_at = {} WHERE id = 1 AND token = ?", table_,
                            dialect_.now, dialect_.now_plus_ms),
                {std::to_string(ttl_.count()), token_})
          .status());
  auto row = sql.Query(fmt::format("SELECT token FROM {} WHERE id = 1", table_), {});
  if (!row.ok()) return row.status();
  return FirstText(*row) == token_;
}

void TableLease::Heartbeat(std::unique_ptr<Connection> beat) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, ttl_ / 3, [this] { return stop_; })) {
    lock.unlock();
    const int64_t sent = MonotonicMs();
    Result<bool> renewed = Status(StatusCode::kDatabaseError, "no session to renew the lease on");
    if (!beat) {
      // The session died at the last attempt: a new one may reach the database again.
      auto reopened = open_();
      if (reopened.ok()) beat = std::move(*reopened);
    }
    if (beat && beat->sql()) renewed = Renew(*beat->sql());
    if (renewed.ok() && *renewed) {
      held_until_ms_ = sent + ttl_.count();
    } else if (renewed.ok()) {
      MarkLost("its lease was broken or taken over by another runner");
    } else {
      beat.reset();
      if (MonotonicMs() >= held_until_ms_) {
        MarkLost(fmt::format("it could not renew its lease within {} ms: {}", ttl_.count(),
                             renewed.status().message()));
      }
    }
    lock.lock();
    if (lost_) break;
  }
}

void TableLease::MarkLost(const std::string& why) {
  std::lock_guard<std::mutex> guard(mutex_);
  if (lost_) return;
  lost_because_ = why;
  lost_ = true;
}

void TableLease::StopHeartbeat() {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (heartbeat_.joinable()) heartbeat_.join();
}

Status TableLease::CheckHeld() {
  if (token_.empty()) return Status::Ok();
  if (!lost_ && MonotonicMs() >= held_until_ms_) {
    MarkLost(fmt::format("its lease was not renewed within {} ms", ttl_.count()));
  }
  if (!lost_) return Status::Ok();
  std::lock_guard<std::mutex> guard(mutex_);
  return Status(StatusCode::kLockTimeout,
                fmt::format("this runner lost the lock on {}: {}; another runner may have taken it over. Stopped "
                            "before running or committing anything more. Check `strata status`, then run again",
                            table_, lost_because_));
}

Status TableLease::ReleaseLock() {
  if (token_.empty()) return Status::Ok();
  StopHeartbeat();
  Status freed = Status::Ok();
  auto sql = Session();
  if (sql.ok()) {
    freed = (*sql)
                ->Query(fmt::format("UPDATE {} SET holder = '', token = '', expires_at = {} WHERE id = 1 AND token = ?",
                                    table_, dialect_.now),
                        {token_})
                .status();
  } else {
    freed = sql.status();
  }
  token_.clear();
  lost_ = false;
  return freed;
}

Result<std::string> TableLease::LockHolder() {
  auto sql = Session();
  if (!sql.ok()) return sql.status();
  auto [exists_sql, exists_params] = history_.table_exists(names_, names_.table() + "_lock");
  auto exists = (*sql)->Query(exists_sql, exists_params);
  if (!exists.ok()) return exists.status();
  if (exists->empty()) return std::string();
  auto rows = (*sql)->Query(fmt::format("SELECT holder, {}, {}, {}, token FROM {} WHERE id = 1 AND token <> ''",
                                        dialect_.iso_time("acquired_at"), dialect_.iso_time("expires_at"),
                                        dialect_.ms_until_expiry, table_),
                            {});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::string();
  const SqlRow& row = (*rows)[0];
  const int64_t left = std::atoll(row[3].value_or("0").c_str());
  if (left <= 0) return std::string();  // expired: the next runner takes it over
  return fmt::format("{} (table lease since {}, expires {} in {:.1f} s unless renewed{})", row[0].value_or(""),
                     row[1].value_or("?"), row[2].value_or("?"), left / 1000.0,
                     row[4].value_or("") == token_ ? ", this session" : "");
}

Status TableLease::BreakLock() {
  if (!token_.empty()) return ReleaseLock();
  auto sql = Session();
  if (!sql.ok()) return sql.status();
  auto [exists_sql, exists_params] = history_.table_exists(names_, names_.table() + "_lock");
  auto exists = (*sql)->Query(exists_sql, exists_params);
  if (!exists.ok()) return exists.status();
  if (exists->empty()) return Status::Ok();
  return (*sql)
      ->Query(fmt::format("UPDATE {} SET holder = '', token = '', expires_at = {} WHERE id = 1", table_, dialect_.now),
              {})
      .status();
}

}  // namespace strata
