// The runner lock: a document with an owner and an expiry, renewed while held (see the header).
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <random>

#include "core/clock.h"
#include "drivers/mongodb/mongodb_connection.h"

namespace strata {

using mongodb::Json;

namespace {

constexpr int kDuplicateKey = 11000;
constexpr int64_t kTtlMillis = std::chrono::milliseconds(MongodbConnection::kLockTtl).count();

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Json Date(int64_t millis) { return Json{{"$date", {{"$numberLong", std::to_string(millis)}}}}; }

Json Long(int64_t n) { return Json{{"$numberLong", std::to_string(n)}}; }

// When `lock` expires, in milliseconds since the epoch (expires_at says the same, for people).
int64_t ExpiresMillis(const Json& lock) {
  return lock.contains("expires_ms") && lock["expires_ms"].is_number() ? lock["expires_ms"].get<int64_t>() : 0;
}

std::string NewToken() {
  std::random_device random;
  return fmt::format("{}-{:x}{:x}", getpid(), random(), random());
}

std::string Describe(const Json& lock) {
  return fmt::format("{} since {}", lock.value("holder", std::string("another runner")),
                     lock.value("since", std::string("?")));
}

}  // namespace

Status MongodbConnection::AcquireLock(std::chrono::milliseconds timeout, const std::string& holder) {
  if (!lock_token_.empty()) return Status::Ok();
  const std::string token = NewToken();
  const std::string collection = history_ + "_lock";
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const int64_t now = NowMillis();
    // Matches only a lock that is free to take; if another runner holds it, the upsert's insert
    // collides with its _id and fails with a duplicate key: one winner, however many race.
    auto taken = Command(Json{{"findAndModify", collection},
                              {"query", {{"_id", "lock"}, {"$or", Json::array({{{"expires_ms", {{"$lt", Long(now)}}}},
                                                                              {{"token", token}}})}}},
                              {"update", {{"$set", {{"token", token},
                                                    {"holder", holder},
                                                    {"since", NowUtc()},
                                                    {"expires_at", Date(now + kTtlMillis)},
                                                    {"expires_ms", Long(now + kTtlMillis)}}}}},
                              {"upsert", true},
                              {"new", true}});
    if (taken.ok()) break;
    if (taken.status().message().find(fmt::format("code {}", kDuplicateKey)) == std::string::npos) {
      return taken.status();
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      auto current = Find(collection, Json{{"_id", "lock"}});
      std::string who = current.ok() && !current->empty() ? Describe((*current)[0]) : "another runner";
      int64_t left = current.ok() && !current->empty() ? (ExpiresMillis((*current)[0]) - now) / 1000 : 0;
      return Status(StatusCode::kLockTimeout,
                    fmt::format("another strata run holds the lock on {}.{} ({}); waited {} ms. Wait for it to finish, "
                                "or raise --lock-timeout. If that runner died, its lock expires by itself in {} s",
                                database_, collection, who, timeout.count(), std::max<int64_t>(left, 0)));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  lock_token_ = token;
  lock_lost_ = false;
  renewer_stop_ = false;
  renewer_ = std::thread([this] { RenewLock(); });
  return Status::Ok();
}

// Renews the expiry every third of its life, on a client of its own (a client serves one thread).
void MongodbConnection::RenewLock() {
  mongoc_client_t* client = mongoc_client_new_from_uri(uri_);
  if (!client) return;
  mongoc_collection_t* collection =
      mongoc_client_get_collection(client, database_.c_str(), (history_ + "_lock").c_str());
  std::unique_lock<std::mutex> lock(renewer_mutex_);
  while (!renewer_wake_.wait_for(lock, kLockTtl / 3, [this] { return renewer_stop_; })) {
    std::string selector = Json{{"_id", "lock"}, {"token", lock_token_}}.dump();
    std::string update =
        Json{{"$set", {{"expires_at", Date(NowMillis() + kTtlMillis)}, {"expires_ms", Long(NowMillis() + kTtlMillis)}}}}
            .dump();
    bson_t* selector_doc = bson_new_from_json(reinterpret_cast<const uint8_t*>(selector.data()), -1, nullptr);
    bson_t* update_doc = bson_new_from_json(reinterpret_cast<const uint8_t*>(update.data()), -1, nullptr);
    bson_t reply;
    bson_error_t error;
    if (mongoc_collection_update_one(collection, selector_doc, update_doc, nullptr, &reply, &error)) {
      bson_iter_t it;
      if (bson_iter_init_find(&it, &reply, "matchedCount") && bson_iter_as_int64(&it) == 0) lock_lost_ = true;
    }
    bson_destroy(&reply);
    bson_destroy(selector_doc);
    bson_destroy(update_doc);
  }
  mongoc_collection_destroy(collection);
  mongoc_client_destroy(client);
}

void MongodbConnection::StopRenewing() {
  {
    std::lock_guard<std::mutex> guard(renewer_mutex_);
    renewer_stop_ = true;
  }
  renewer_wake_.notify_all();
  if (renewer_.joinable()) renewer_.join();
}

Status MongodbConnection::ReleaseLock() {
  if (lock_token_.empty()) return Status::Ok();
  StopRenewing();
  mongoc_client_session_t* session = session_;
  session_ = nullptr;  // the lock is never part of a migration's transaction
  Status s = Command(Json{{"delete", history_ + "_lock"},
                          {"deletes", Json::array({{{"q", {{"_id", "lock"}, {"token", lock_token_}}}, {"limit", 1}}})}})
                 .status();
  session_ = session;
  lock_token_.clear();
  return s;
}

Status MongodbConnection::CheckHeld() {
  if (lock_token_.empty() || !lock_lost_) return Status::Ok();
  return Status(StatusCode::kLockTimeout,
                "this runner lost the lock (its lease was taken over or could not be renewed); stopped before "
                "running or committing anything more. Check `strata status`, then run again");
}

Result<std::string> MongodbConnection::LockHolder() {
  auto current = Find(history_ + "_lock", Json{{"_id", "lock"}});
  if (!current.ok()) return current.status();
  if (current->empty()) return std::string();
  const Json& lock = (*current)[0];
  if (ExpiresMillis(lock) < NowMillis()) return std::string();  // expired: free to take over
  return Describe(lock);
}

Status MongodbConnection::BreakLock() {
  return Command(Json{{"delete", history_ + "_lock"}, {"deletes", Json::array({{{"q", {{"_id", "lock"}}}, {"limit", 1}}})}})
      .status();
}

}  // namespace strata
