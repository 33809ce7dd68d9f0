#include "engine/batch_checkpoint.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "engine/plan.h"

namespace strata {

std::string ShortCount(int64_t n) {
  auto shortened = [](double v, const char* unit) {
    std::string text = fmt::format("{:.1f}", v);
    if (text.size() > 2 && text.substr(text.size() - 2) == ".0") text.resize(text.size() - 2);
    return text + unit;
  };
  if (n >= 1000000000) return shortened(n / 1e9, "G");
  if (n >= 1000000) return shortened(n / 1e6, "M");
  if (n >= 10000) return shortened(n / 1e3, "k");
  return std::to_string(n);
}

int BatchCheckpoint::Percent() const {
  if (rows_total <= 0) return rows_done > 0 ? 100 : 0;
  return static_cast<int>(std::min<int64_t>(100, rows_done * 100 / rows_total));
}

std::string BatchCheckpoint::Describe() const {
  return fmt::format("{}% ({} of {} rows)", Percent(), ShortCount(rows_done), ShortCount(rows_total));
}

std::string BatchMetaKey(const std::string& version) { return "batch:" + version; }

std::string ToJson(const BatchCheckpoint& c) {
  return nlohmann::json{{"revert", c.revert}, {"table", c.table},         {"key", c.key},
                        {"min", c.min},       {"max", c.max},             {"last", c.last},
                        {"rows_done", c.rows_done}, {"rows_total", c.rows_total}, {"batches", c.batches}}
      .dump();
}

Result<std::optional<BatchCheckpoint>> ParseCheckpoint(const std::string& text) {
  if (text.empty()) return std::optional<BatchCheckpoint>();
  auto invalid = [&] {
    return Status(StatusCode::kInvalidHistory,
                  fmt::format("a batch checkpoint in the history is not what strata writes ({}); `strata repair` "
                              "forgets the interrupted migration so that it starts over",
                              text.substr(0, 200)));
  };
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return invalid();
  try {
    BatchCheckpoint c;
    c.revert = j.at("revert").get<bool>();
    c.table = j.at("table").get<std::string>();
    c.key = j.at("key").get<std::string>();
    c.min = j.at("min").get<std::string>();
    c.max = j.at("max").get<std::string>();
    c.last = j.at("last").get<std::string>();
    c.rows_done = j.at("rows_done").get<int64_t>();
    c.rows_total = j.at("rows_total").get<int64_t>();
    c.batches = j.at("batches").get<int64_t>();
    return std::optional<BatchCheckpoint>(std::move(c));
  } catch (const nlohmann::json::exception&) {
    return invalid();
  }
}

bool HasUpCheckpoint(const HistoryRecord& record) {
  return record.status == MigrationStatus::kRunning && record.error.rfind(kBatchNote, 0) == 0;
}

bool HasRevertCheckpoint(const HistoryRecord& record) {
  return record.status == MigrationStatus::kRunning && record.error.rfind(kBatchRevertNote, 0) == 0;
}

bool CatalogEntry::resumable() const {
  // A changed file would resume with another statement than the batches done ran: a person decides.
  return migration && migration->batch && record && HasUpCheckpoint(*record) && record->checksum == migration->checksum;
}

bool CatalogEntry::revert_resumable() const {
  return migration && migration->batch && record && HasRevertCheckpoint(*record) &&
         record->checksum == migration->checksum;
}

}  // namespace strata
