#include "engine/lock_checked_connection.h"

namespace strata {

Status LockCheckedConnection::Begin() {
  STRATA_RETURN_IF_ERROR(lock_.CheckHeld());
  return real_.Begin();
}

Status LockCheckedConnection::Commit() {
  if (Status held = lock_.CheckHeld(); !held.ok()) {
    (void)real_.Rollback();
    return held;
  }
  return real_.Commit();
}

Status LockCheckedConnection::Execute(const Script& script) {
  STRATA_RETURN_IF_ERROR(lock_.CheckHeld());
  return real_.Execute(script);
}

Status LockCheckedConnection::History::Save(HistoryRecord record) {
  STRATA_RETURN_IF_ERROR(c_.lock_.CheckHeld());
  return c_.real_.history().Save(std::move(record));
}

Status LockCheckedConnection::History::Delete(const std::string& version) {
  STRATA_RETURN_IF_ERROR(c_.lock_.CheckHeld());
  return c_.real_.history().Delete(version);
}

Status LockCheckedConnection::History::Append(const HistoryEvent& event) {
  STRATA_RETURN_IF_ERROR(c_.lock_.CheckHeld());
  return c_.real_.history().Append(event);
}

Status LockCheckedConnection::History::SetMeta(const std::string& key, const std::string& value) {
  STRATA_RETURN_IF_ERROR(c_.lock_.CheckHeld());
  return c_.real_.history().SetMeta(key, value);
}

}  // namespace strata
