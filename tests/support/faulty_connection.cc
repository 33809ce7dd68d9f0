#include "support/faulty_connection.h"

namespace strata::testing {

bool FaultyConnection::Fails(const char* method) {
  int n = ++calls_[method];
  if (method_ != method || n != n_) return false;
  injected_ = true;
  return true;
}

Status FaultyConnection::Injected(const char* method) const {
  return Status(StatusCode::kDatabaseError, std::string("injected failure of ") + method);
}

// Each method: fail here if told to, else forward.
#define STRATA_FORWARD(method, call) \
  if (Fails(#method)) return Injected(#method); \
  return real_->call

Status FaultyConnection::AcquireLock(std::chrono::milliseconds timeout, const std::string& holder) {
  STRATA_FORWARD(AcquireLock, AcquireLock(timeout, holder));
}
Status FaultyConnection::ReleaseLock() { STRATA_FORWARD(ReleaseLock, ReleaseLock()); }
Status FaultyConnection::Begin() { STRATA_FORWARD(Begin, Begin()); }
Status FaultyConnection::Commit() {
  // A commit that fails has rolled back (the contract): do so, then say it failed.
  if (Fails("Commit")) {
    (void)real_->Rollback();
    return Injected("Commit");
  }
  return real_->Commit();
}
Status FaultyConnection::Rollback() { STRATA_FORWARD(Rollback, Rollback()); }
Status FaultyConnection::BeginBatch() { STRATA_FORWARD(BeginBatch, BeginBatch()); }
Status FaultyConnection::EndBatch() {
  // The batch's final commit is made, but its answer is lost (a connection dropped at that moment):
  // the one outcome the engine cannot know, which the history must settle.
  if (Fails("EndBatch")) {
    (void)real_->EndBatch();
    return Injected("EndBatch");
  }
  return real_->EndBatch();
}
Status FaultyConnection::Execute(const Script& script) { STRATA_FORWARD(Execute, Execute(script)); }

#define STRATA_FORWARD_HISTORY(method, call)                           \
  if (c_.Fails("history." #method)) return c_.Injected("history." #method); \
  return c_.real_->history().call

Status FaultyConnection::History::Ensure() { STRATA_FORWARD_HISTORY(Ensure, Ensure()); }
Result<std::vector<HistoryRecord>> FaultyConnection::History::Read(bool with_texts) {
  STRATA_FORWARD_HISTORY(Read, Read(with_texts));
}
Status FaultyConnection::History::Save(HistoryRecord record) { STRATA_FORWARD_HISTORY(Save, Save(std::move(record))); }
Status FaultyConnection::History::Delete(const std::string& version) { STRATA_FORWARD_HISTORY(Delete, Delete(version)); }
Status FaultyConnection::History::Append(const HistoryEvent& event) { STRATA_FORWARD_HISTORY(Append, Append(event)); }

#undef STRATA_FORWARD_HISTORY
#undef STRATA_FORWARD

}  // namespace strata::testing
