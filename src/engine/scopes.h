// Scopes that undo on every path out: the runner lock is released, an open transaction rolled back.
// The engine's commands and the executor share them instead of writing commit/rollback tails by hand.
#pragma once

#include "strata/driver.h"
#include "strata/engine.h"

namespace strata {

// Holds the runner lock for a scope; releases it on every path out.
class LockScope {
 public:
  explicit LockScope(RunnerLock& lock) : lock_(lock) {}
  ~LockScope() {
    if (held_) (void)lock_.ReleaseLock();
  }
  LockScope(const LockScope&) = delete;
  LockScope& operator=(const LockScope&) = delete;

  // Tries once; if another runner holds the lock, reports kLockWaiting and waits up to the lock timeout.
  // `command` names this run to the runners that wait for it.
  Status Acquire(const EngineOptions& options, const char* command);

 private:
  RunnerLock& lock_;
  bool held_ = false;
};

// Rolls back an open transaction unless it was committed or rolled back.
class TransactionScope {
 public:
  explicit TransactionScope(Connection& c) : connection_(c) {}
  ~TransactionScope() {
    if (open_) (void)connection_.Rollback();
  }
  TransactionScope(const TransactionScope&) = delete;
  TransactionScope& operator=(const TransactionScope&) = delete;

  Status Begin() {
    Status s = connection_.Begin();
    open_ = s.ok();
    return s;
  }
  Status Commit() {
    open_ = false;
    return connection_.Commit();
  }
  Status Rollback() {
    open_ = false;
    return connection_.Rollback();
  }
  bool open() const { return open_; }

 private:
  Connection& connection_;
  bool open_ = false;
};

}  // namespace strata
