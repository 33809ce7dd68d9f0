// KeyRanges (strata/key_ranges.h) for MongoDB: batches are ranges of _id, walked with sorted finds, and
// a batched file's one update or delete command (checked by source/json_migration.cc) runs over a range
// with its filter AND-ed with {_id: {$gte|$gt: lower, $lte: upper}}.
//
// Keys travel as canonical Extended JSON ({"$oid": "..."}, {"$numberInt": "7"}, "text"), so every _id
// type round-trips exactly. MongoDB compares only values of one type family in $gt/$lte, so a collection
// whose smallest and largest _id differ in type is refused (by sort order, one family at both ends means
// one family throughout). The walk's reads run outside the batch's transaction (the engine asks before
// BEGIN), where `count` is allowed.
#include <fmt/format.h>

#include "drivers/mongodb/mongodb_connection.h"
#include "strata/key_ranges.h"

namespace strata {
namespace {

using mongodb::Json;

// Values MongoDB's $gt/$lte compare with each other: all numbers, or one other type.
std::string TypeFamilyOf(const Json& id) {
  if (id.is_string()) return "string";
  if (id.is_object() && id.size() == 1 && id.begin().key().rfind('$', 0) == 0) {
    const std::string& type = id.begin().key();
    if (type == "$numberInt" || type == "$numberLong" || type == "$numberDouble" || type == "$numberDecimal") {
      return "number";
    }
    return type.substr(1);
  }
  if (id.is_number()) return "number";
  return id.is_object() ? "object" : id.type_name();
}

class MongodbKeyRanges final : public KeyRanges {
 public:
  explicit MongodbKeyRanges(MongodbConnection& c) : c_(c) {}

  Result<std::string> PrimaryKey(const std::string&) override { return std::string("_id"); }

  Result<KeySpan> Span(const std::string& table, const std::string&) override {
    auto min = EdgeId(table, Json::object(), 1, 0);
    if (!min.ok()) return min.status();
    auto max = EdgeId(table, Json::object(), -1, 0);
    if (!max.ok()) return max.status();
    auto rows = Count(table, Json::object());
    if (!rows.ok()) return rows.status();
    KeySpan span;
    span.rows = *rows;
    if (!min->has_value()) return span;
    if (TypeFamilyOf(**min) != TypeFamilyOf(**max)) {
      return Status(StatusCode::kInvalidMigration,
                    fmt::format("the documents of {} have _ids of different types (the smallest {}, the largest {}); "
                                "MongoDB compares ranges within one type only, so a batched migration cannot cover "
                                "them all: remove \"batch\", or give the documents _ids of one type",
                                table, (*min)->dump(), (*max)->dump()));
    }
    span.min = (*min)->dump();
    span.max = (*max)->dump();
    return span;
  }

  Result<RangeEnd> NextRange(const std::string& table, const std::string&, const std::string& lower, bool first,
                             const std::string& max, int64_t size) override {
    auto range = Range(lower, first, max);
    if (!range.ok()) return range.status();
    // The _id `size` documents on, or, with fewer left, the range ends at max with those.
    auto found = EdgeId(table, *range, 1, size - 1);
    if (!found.ok()) return found.status();
    if (found->has_value()) return RangeEnd{(*found)->dump(), size};
    auto rows = Count(table, *range);
    if (!rows.ok()) return rows.status();
    return RangeEnd{max, *rows};
  }

  Status RunRange(const std::string&, const std::string&, const std::string&) override {
    return Status(StatusCode::kUnsupported, "MongoDB runs a batched migration's command, not SQL");
  }

  Result<std::string> PartTable(const Section& part) override {
    auto command = CommandOf(part);
    if (!command.ok()) return command.status();
    return command->begin().value().get<std::string>();
  }

  Status RunPartRange(const Section& part, const std::string& lower, bool first, const std::string& upper) override {
    auto command = CommandOf(part);
    if (!command.ok()) return command.status();
    auto range = Range(lower, first, upper);
    if (!range.ok()) return range.status();
    Json& statement = (*command)[command->begin().key() == "update" ? "updates" : "deletes"][0];
    const bool filtered = statement.contains("q") && !statement["q"].empty();
    statement["q"] = filtered ? Json{{"$and", Json::array({statement["q"], *range})}} : *range;
    auto reply = c_.Command(*command);
    if (!reply.ok()) {
      Status s = reply.status();
      return Status(StatusCode::kMigrationFailed, s.message())
          .set_database_message(s.database_message())
          .set_location({part.path, part.first_line});
    }
    return Status::Ok();
  }

  bool Reports(LoadReading) const override { return false; }
  Result<int64_t> Read(LoadReading) override {
    return Status(StatusCode::kUnsupported, "MongoDB reports no load reading to throttle on");
  }

 private:
  // {_id: {$gte|$gt: lower, $lte: upper}}, the bounds read back from their Extended JSON.
  static Result<Json> Range(const std::string& lower, bool first, const std::string& upper) {
    Json low = Json::parse(lower, nullptr, false), high = Json::parse(upper, nullptr, false);
    if (low.is_discarded() || high.is_discarded()) {
      return Status(StatusCode::kDirty, fmt::format("the batch checkpoint's _id bounds ({}, {}) are not Extended "
                                                    "JSON; check the collection, then `strata repair`",
                                                    lower, upper));
    }
    return Json{{"_id", Json{{first ? "$gte" : "$gt", std::move(low)}, {"$lte", std::move(high)}}}};
  }

  // The part's one command (source/json_migration.cc checked its shape when the file was read).
  static Result<Json> CommandOf(const Section& part) {
    Json commands = Json::parse(part.text, nullptr, false);
    if (!commands.is_array() || commands.size() != 1 || !commands[0].is_object() || commands[0].empty() ||
        !commands[0].begin().value().is_string()) {
      return Status(StatusCode::kInvalidMigration,
                    "a batched MongoDB migration's part is one update or delete command naming its collection")
          .set_location({part.path, part.first_line});
    }
    return std::move(commands[0]);
  }

  // The _id of the document `skip` on in _id order (`direction` 1 or -1) among those matching `filter`.
  Result<std::optional<Json>> EdgeId(const std::string& table, const Json& filter, int direction, int64_t skip) {
    Json find = {{"find", table},   {"filter", filter}, {"sort", {{"_id", direction}}},
                 {"skip", skip},    {"limit", 1},       {"projection", {{"_id", 1}}},
                 {"singleBatch", true}};
    auto reply = c_.Command(find, /*canonical=*/true);
    if (!reply.ok()) return reply.status();
    const Json batch = reply->value("cursor", Json::object()).value("firstBatch", Json::array());
    if (batch.empty() || !batch[0].contains("_id")) return std::optional<Json>();
    return std::optional<Json>(batch[0]["_id"]);
  }

  Result<int64_t> Count(const std::string& table, const Json& filter) {
    auto reply = c_.Command(Json{{"count", table}, {"query", filter}});
    if (!reply.ok()) return reply.status();
    if (!reply->contains("n") || !(*reply)["n"].is_number()) {
      return Status(StatusCode::kDatabaseError, fmt::format("count on {} replied without a number: {}", table, reply->dump()));
    }
    return (*reply)["n"].get<int64_t>();
  }

  MongodbConnection& c_;
};

}  // namespace

std::unique_ptr<KeyRanges> NewMongodbKeyRanges(MongodbConnection& c) { return std::make_unique<MongodbKeyRanges>(c); }

}  // namespace strata
