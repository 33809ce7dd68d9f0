// The history as MongoDB documents: one per version in <history> (_id is the version), the audit
// trail in <history>_events, the layout in <history>_meta. The fields are the SQL table's columns.
#include <fmt/format.h>

#include "drivers/mongodb/mongodb_connection.h"

namespace strata {

using mongodb::Json;

namespace {

constexpr int kLayout = 1;

std::string Text(const Json& doc, const char* key) {
  return doc.contains(key) && doc[key].is_string() ? doc[key].get<std::string>() : "";
}
int64_t Number(const Json& doc, const char* key) {
  if (!doc.contains(key)) return 0;
  if (doc[key].is_number()) return doc[key].get<int64_t>();
  if (doc[key].is_boolean()) return doc[key].get<bool>();
  return 0;
}
Json OrNull(const std::string& s) { return s.empty() ? Json() : Json(s); }

}  // namespace

// Ok unless the layout document says what no strata wrote, or a newer strata wrote it.
Status MongodbHistory::CheckLayout(const Json& layout_document) const {
  auto value = layout_document.find("value");
  if (value == layout_document.end() || !value->is_number_integer() || value->get<int64_t>() < 1) {
    return Status(StatusCode::kInvalidHistory,
                  fmt::format("the history in {} says its layout is {}, which no strata writes (this one writes {}); "
                              "nothing was changed. Set \"value\" back to {} in {}_meta's document \"layout\", or "
                              "restore the history from a backup",
                              c_.history_, value == layout_document.end() ? "nothing" : value->dump(), kLayout, kLayout,
                              c_.history_));
  }
  if (value->get<int64_t>() > kLayout) {
    return Status(StatusCode::kInvalidHistory,
                  fmt::format("the history in {} has layout {}, written by a newer strata (this one knows up to {}); "
                              "nothing was changed. Upgrade strata",
                              c_.history_, value->get<int64_t>(), kLayout));
  }
  return Status::Ok();
}

Status MongodbHistory::Ensure() {
  auto meta = c_.Find(c_.history_ + "_meta", Json{{"_id", "layout"}});
  if (!meta.ok()) return meta.status();
  if (!meta->empty()) return CheckLayout((*meta)[0]);
  return c_.Command(Json{{"update", c_.history_ + "_meta"},
                      {"updates", Json::array({{{"q", {{"_id", "layout"}}},
                                                {"u", {{"$setOnInsert", {{"value", kLayout}}}}},
                                                {"upsert", true}}})}})
      .status();
}

// Beside the layout, in <history>_meta: {"_id": key, "value": "..."}.
Result<std::string> MongodbHistory::Meta(const std::string& key) {
  auto found = c_.Find(c_.history_ + "_meta", Json{{"_id", key}});
  if (!found.ok()) return found.status();
  if (found->empty() || !(*found)[0].contains("value") || !(*found)[0]["value"].is_string()) return std::string();
  return (*found)[0]["value"].get<std::string>();
}

Status MongodbHistory::SetMeta(const std::string& key, const std::string& value) {
  return c_.Command(Json{{"update", c_.history_ + "_meta"},
                         {"updates", Json::array({{{"q", {{"_id", key}}},
                                                   {"u", {{"$set", {{"value", value}}}}},
                                                   {"upsert", true}}})}})
      .status();
}

Result<std::vector<HistoryRecord>> MongodbHistory::Read(bool with_texts) {
  auto meta = c_.Find(c_.history_ + "_meta", Json{{"_id", "layout"}});
  if (!meta.ok()) return meta.status();
  if (!meta->empty()) STRATA_RETURN_IF_ERROR(CheckLayout((*meta)[0]));
  Json options = Json::object();
  if (!with_texts) options["projection"] = Json{{"up_text", 0}, {"down_text", 0}};
  auto docs = c_.Find(c_.history_, Json::object(), options);
  if (!docs.ok()) return docs.status();
  std::vector<HistoryRecord> records;
  for (const Json& d : *docs) {
    HistoryRecord r;
    r.version = Text(d, "_id");
    r.name = Text(d, "name");
    r.checksum = Text(d, "checksum");
    auto status = ParseMigrationStatus(Text(d, "status"));
    if (!status) {
      return Status(StatusCode::kInvalidHistory,
                    fmt::format("the history document {} in {} has the status '{}', which strata never writes; "
                                "nothing was changed. Set it to applied, failed, reverted or running by hand",
                                r.version, c_.history_, Text(d, "status")));
    }
    r.status = *status;
    r.applied_at = Text(d, "applied_at");
    r.applied_by = Text(d, "applied_by");
    r.reverted_at = Text(d, "reverted_at");
    r.reverted_by = Text(d, "reverted_by");
    r.duration_ms = Number(d, "duration_ms");
    r.error = Text(d, "error");
    r.dirty = Number(d, "dirty") != 0;
    r.apply_order = Number(d, "apply_order");
    r.up_text = Text(d, "up_text");
    if (d.contains("down_text") && d["down_text"].is_string()) r.down_text = d["down_text"].get<std::string>();
    r.down_transaction = !d.contains("down_transaction") || Number(d, "down_transaction") != 0;
    r.category = Text(d, "category");
    records.push_back(std::move(r));
  }
  return records;
}

Status MongodbHistory::Save(HistoryRecord r) {
  Json doc{{"_id", r.version},
           {"version", r.version},
           {"name", r.name},
           {"checksum", r.checksum},
           {"status", MigrationStatusName(r.status)},
           {"applied_at", OrNull(r.applied_at)},
           {"applied_by", OrNull(r.applied_by)},
           {"reverted_at", OrNull(r.reverted_at)},
           {"reverted_by", OrNull(r.reverted_by)},
           {"duration_ms", r.duration_ms},
           {"error", OrNull(r.error)},
           {"dirty", r.dirty},
           {"apply_order", r.apply_order},
           {"up_text", r.up_text},
           {"down_text", r.down_text ? Json(*r.down_text) : Json()},
           {"down_transaction", r.down_transaction},
           {"category", OrNull(r.category)}};
  return c_.Command(Json{{"update", c_.history_},
                      {"updates", Json::array({{{"q", {{"_id", r.version}}}, {"u", doc}, {"upsert", true}}})}})
      .status();
}

Status MongodbHistory::Delete(const std::string& version) {
  return c_.Command(Json{{"delete", c_.history_}, {"deletes", Json::array({{{"q", {{"_id", version}}}, {"limit", 1}}})}})
      .status();
}

Status MongodbHistory::Append(const HistoryEvent& e) {
  // Ids in order of writing, from a counter: the runner lock makes writers take turns.
  auto counter = c_.Command(Json{{"findAndModify", c_.history_ + "_meta"},
                              {"query", {{"_id", "event_id"}}},
                              {"update", {{"$inc", {{"value", 1}}}}},
                              {"upsert", true},
                              {"new", true}});
  if (!counter.ok()) return counter.status();
  int64_t id = Number((*counter)["value"], "value");
  Json doc{{"_id", id},
           {"version", e.version},
           {"name", e.name},
           {"action", EventActionName(e.action)},
           {"at", e.at},
           {"actor", e.by},
           {"duration_ms", e.duration_ms},
           {"checksum", OrNull(e.checksum)},
           {"error", OrNull(e.error)}};
  return c_.Command(Json{{"insert", c_.history_ + "_events"}, {"documents", Json::array({doc})}}).status();
}

Result<std::vector<HistoryEvent>> MongodbHistory::Events(int limit) {
  Json options{{"sort", {{"_id", -1}}}};
  if (limit > 0) options["limit"] = limit;
  auto docs = c_.Find(c_.history_ + "_events", Json::object(), options);
  if (!docs.ok()) return docs.status();
  std::vector<HistoryEvent> events;
  for (auto d = docs->rbegin(); d != docs->rend(); ++d) {
    HistoryEvent e;
    e.id = Number(*d, "_id");
    e.version = Text(*d, "version");
    e.name = Text(*d, "name");
    e.action = ParseEventAction(Text(*d, "action")).value_or(EventAction::kApply);
    e.at = Text(*d, "at");
    e.by = Text(*d, "actor");
    e.duration_ms = Number(*d, "duration_ms");
    e.checksum = Text(*d, "checksum");
    e.error = Text(*d, "error");
    events.push_back(std::move(e));
  }
  return events;
}

}  // namespace strata
