// A run's connection that stops once its runner lock is no longer held (RunnerLock::CheckHeld: a lease
// that could not be renewed in time, or was broken or taken over).
//
// Before each Begin, Execute and Commit, and before each history write (Save, Delete, Append, SetMeta;
// outside a transaction the executor records every statement before it runs it), the lock is checked.
// Once it is lost, those calls fail with the lock's kLockTimeout, and Commit rolls the open transaction
// back instead: a migration in a transaction commits only while the lock is held, and nothing is written
// to a history that another runner may now own. A statement already running is not interrupted.
// Everything else is passed through unchanged. The engine puts it around a run's connection when the
// run holds a table lease (engine/verified_lock.h), the one lock of a SQL database that can be lost.
#pragma once

#include "strata/driver.h"

namespace strata {

class LockCheckedConnection final : public Connection {
 public:
  // REQUIRES: both outlive this connection.
  LockCheckedConnection(Connection& real, RunnerLock& lock) : real_(real), lock_(lock), history_(*this) {}

  Capabilities capabilities() const override { return real_.capabilities(); }
  Status AcquireLock(std::chrono::milliseconds timeout, const std::string& holder) override {
    return lock_.AcquireLock(timeout, holder);
  }
  Status ReleaseLock() override { return lock_.ReleaseLock(); }
  Result<std::string> LockHolder() override { return lock_.LockHolder(); }
  Status BreakLock() override { return lock_.BreakLock(); }
  Status CheckHeld() override { return lock_.CheckHeld(); }

  Status Begin() override;
  Status Commit() override;
  Status Rollback() override { return real_.Rollback(); }
  Status BeginBatch() override { return real_.BeginBatch(); }
  Status EndBatch() override { return real_.EndBatch(); }
  Status Execute(const Script& script) override;
  Result<std::vector<std::string>> Inspect() override { return real_.Inspect(); }

  HistoryStore& history() override { return history_; }
  BackupStore* backups() override { return real_.backups(); }
  SqlQueries* sql() override { return real_.sql(); }
  CatalogFacts* facts() override { return real_.facts(); }
  SchemaReader* schema() override { return real_.schema(); }
  ScratchDatabases* scratch() override { return real_.scratch(); }
  Result<std::unique_ptr<Connection>> OpenSession() override { return real_.OpenSession(); }
  Result<std::unique_ptr<RunnerLock>> OpenLease() override { return real_.OpenLease(); }

 private:
  class History final : public HistoryStore {
   public:
    explicit History(LockCheckedConnection& c) : c_(c) {}
    Status Ensure() override { return c_.real_.history().Ensure(); }
    Result<std::vector<HistoryRecord>> Read(bool with_texts) override { return c_.real_.history().Read(with_texts); }
    Status Save(HistoryRecord record) override;
    Status Delete(const std::string& version) override;
    Status Append(const HistoryEvent& event) override;
    Result<std::vector<HistoryEvent>> Events(int limit) override { return c_.real_.history().Events(limit); }
    Result<std::string> Meta(const std::string& key) override { return c_.real_.history().Meta(key); }
    Status SetMeta(const std::string& key, const std::string& value) override;

   private:
    LockCheckedConnection& c_;
  };

  Connection& real_;
  RunnerLock& lock_;
  History history_;
};

}  // namespace strata
