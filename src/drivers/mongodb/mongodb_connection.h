// A session with one MongoDB database (the one the URL names), through libmongoc.
//
// A migration's section is a JSON array of database commands (source/json_migration.cc); Execute runs
// them in order with runCommand, strata.* helpers through mongodb_helpers. Every command is checked as
// Extended JSON before the first one runs.
//
// Transactions exist on replica sets and sharded clusters only: there a step's commands and its history
// write share one client session's transaction. On a standalone server capabilities() says DDL is not
// transactional, and the engine uses the running/repair flow; Begin/Commit/Rollback then do nothing.
//
// History: collections <history>, <history>_events (ids from a counter in <history>_meta), <history>_meta
// (the layout), <history>_lock and <history>_backups, where <history> is strata_migrations by default.
//
// Lock: the document {_id: "lock"} in <history>_lock, taken with one atomic findAndModify upsert that
// matches only a free lock (absent, expired, or already ours): a second runner's upsert collides on _id.
// The holder renews its expiry from a thread of its own (its own client) every kLockTtl/3; a runner that
// crashed stops renewing, and its lock is taken over once expired.
#pragma once

#include <mongoc/mongoc.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "drivers/mongodb/mongodb_helpers.h"
#include "drivers/mongodb/mongodb_schema.h"
#include "strata/driver.h"

namespace strata {

class MongodbConnection;

// Batches of a `"batch"` migration as ranges of _id (mongodb_key_ranges.cc).
std::unique_ptr<KeyRanges> NewMongodbKeyRanges(MongodbConnection& c);

// The history as documents (mongodb_history.cc).
class MongodbHistory final : public HistoryStore {
 public:
  explicit MongodbHistory(MongodbConnection& c) : c_(c) {}
  Status Ensure() override;
  Result<std::vector<HistoryRecord>> Read(bool with_texts) override;
  Status Save(HistoryRecord record) override;
  Status Delete(const std::string& version) override;
  Status Append(const HistoryEvent& event) override;
  Result<std::vector<HistoryEvent>> Events(int limit) override;
  Result<std::string> Meta(const std::string& key) override;
  Status SetMeta(const std::string& key, const std::string& value) override;

 private:
  // Ok unless the history's layout document holds what no strata wrote, or a newer strata's layout.
  Status CheckLayout(const mongodb::Json& layout_document) const;
  MongodbConnection& c_;
};

// Copies of collections in <history>_backups' care (mongodb_backups.cc).
class MongodbBackups final : public BackupStore {
 public:
  explicit MongodbBackups(MongodbConnection& c) : c_(c) {}
  Result<std::vector<BackupTarget>> ObjectsAtRisk(const Script& script, std::vector<BackupTarget> found,
                                                  bool requested) override;
  Result<std::vector<BackupInfo>> Backup(const std::string& version, const std::string& name,
                                         const std::vector<BackupTarget>& targets) override;
  Result<std::vector<BackupInfo>> List() override;
  Result<BackupInfo> Restore(const std::string& id) override;
  Status Remove(const std::string& id) override;

 private:
  MongodbConnection& c_;
};

class MongodbConnection final : public Connection {
 public:
  static constexpr std::chrono::seconds kLockTtl{30};

  // Takes ownership of `uri` and `client`. `transactions`: the deployment supports them.
  MongodbConnection(mongoc_uri_t* uri, mongoc_client_t* client, std::string database, bool transactions,
                    const ConnectOptions& options);
  ~MongodbConnection() override;

  // RunnerLock
  Status AcquireLock(std::chrono::milliseconds timeout, const std::string& holder) override;
  Status ReleaseLock() override;
  Result<std::string> LockHolder() override;
  Status BreakLock() override;
  Status CheckHeld() override;

  // Session
  Capabilities capabilities() const override {
    return {"mongodb", transactions_,
            transactions_ ? "" : "this MongoDB server is standalone and has no transactions (replica sets do)", true,
            NativeLock::kLease};
  }
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  Status Execute(const Script& script) override;

  HistoryStore& history() override { return history_store_; }
  BackupStore* backups() override { return &backup_store_; }
  SchemaReader* schema() override { return &schema_store_; }
  ScratchDatabases* scratch() override { return &schema_store_; }
  KeyRanges* key_ranges() override { return key_ranges_.get(); }

  // One command on this database (`admin` for admin commands), inside the open transaction if any.
  Result<mongodb::Json> Command(const mongodb::Json& command, bool canonical = false, const std::string& database = "");
  mongodb::CommandRunner Runner();
  mongoc_database_t* handle() { return database_handle_; }
  mongoc_client_session_t* client_session() { return session_; }
  const std::string& database() const { return database_; }

 private:
  friend class MongodbHistory;
  friend class MongodbBackups;
  friend class MongodbSchema;

  Result<std::vector<mongodb::Json>> Find(const std::string& collection, const mongodb::Json& filter,
                                          const mongodb::Json& options = mongodb::Json::object());
  Result<bool> CollectionExists(const std::string& name);
  void RenewLock();
  void StopRenewing();

  mongoc_uri_t* uri_;
  mongoc_client_t* client_;
  mongoc_database_t* database_handle_;
  std::string database_;
  std::string history_;
  bool transactions_;
  mongoc_client_session_t* session_ = nullptr;

  std::string lock_token_;  // ours while we hold the lock, else empty
  std::thread renewer_;
  std::mutex renewer_mutex_;
  std::condition_variable renewer_wake_;
  bool renewer_stop_ = false;
  std::atomic<bool> lock_lost_{false};

  MongodbHistory history_store_{*this};
  MongodbBackups backup_store_{*this};
  MongodbSchema schema_store_{*this, history_};
  std::unique_ptr<KeyRanges> key_ranges_ = NewMongodbKeyRanges(*this);
};

// A libmongoc error as a Status: the server's code, code name and message when it sent them.
Status MongoError(const bson_error_t& error, const mongodb::Json& reply, const std::string& what);

}  // namespace strata
