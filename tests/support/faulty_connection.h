// A Connection for tests that forwards to a real one and can be told to fail one call: the `n`-th call
// of one method (LevelDB's fault-injecting Env, for databases). It also counts every call, so a test
// can first run cleanly to learn which calls there are, then fail each one in turn.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "strata/driver.h"

namespace strata::testing {

class FaultyConnection final : public Connection {
 public:
  explicit FaultyConnection(std::unique_ptr<Connection> real) : real_(std::move(real)), history_(*this) {}

  // Fails the `n`-th call (1-based) of `method` ("Begin", "Execute", "history.Save", ...) with a
  // kDatabaseError, without forwarding it. Default: nothing fails.
  void FailAt(const std::string& method, int n) { method_ = method, n_ = n; }
  // How often each method was called.
  const std::map<std::string, int>& calls() const { return calls_; }
  bool injected() const { return injected_; }

  Capabilities capabilities() const override { return real_->capabilities(); }
  Status AcquireLock(std::chrono::milliseconds timeout, const std::string& holder) override;
  Status ReleaseLock() override;
  Result<std::string> LockHolder() override { return real_->LockHolder(); }
  Status BreakLock() override { return real_->BreakLock(); }
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  Status BeginBatch() override;
  Status EndBatch() override;
  Status Execute(const Script& script) override;
  Result<std::vector<std::string>> Inspect() override { return real_->Inspect(); }

  HistoryStore& history() override { return history_; }
  BackupStore* backups() override { return real_->backups(); }
  SqlQueries* sql() override { return real_->sql(); }
  CatalogFacts* facts() override { return real_->facts(); }

 private:
  // The real history store, with the same faults ("history.Save", ...).
  class History final : public HistoryStore {
   public:
    explicit History(FaultyConnection& c) : c_(c) {}
    Status Ensure() override;
    Result<std::vector<HistoryRecord>> Read(bool with_texts) override;
    Status Save(HistoryRecord record) override;
    Status Delete(const std::string& version) override;
    Status Append(const HistoryEvent& event) override;
    Result<std::vector<HistoryEvent>> Events(int limit) override { return c_.real_->history().Events(limit); }

   private:
    FaultyConnection& c_;
  };

  // Counts the call; true when it is the one to fail.
  bool Fails(const char* method);
  Status Injected(const char* method) const;

  std::unique_ptr<Connection> real_;
  History history_;
  std::string method_;
  int n_ = 0;
  bool injected_ = false;
  std::map<std::string, int> calls_;
};

}  // namespace strata::testing
