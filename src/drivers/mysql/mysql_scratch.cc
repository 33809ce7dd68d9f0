// Scratch databases on the connection's MySQL or MariaDB server (drivers/mysql/mysql_schema.h).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <random>

#include "core/url.h"
#include "drivers/mysql/mysql_schema.h"

namespace strata {
namespace {

constexpr std::string_view kMysqlScratchPrefix = "strata_scratch_";

bool MysqlPlainName(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

// `url` pointing at `database` instead, with its credentials and options as written.
std::string MysqlUrlWithDatabase(const std::string& url, const std::string& database) {
  const size_t start = url.find("://") + 3;
  const size_t authority_end = std::min(url.find_first_of("/?", start), url.size());
  const size_t query = url.find('?', authority_end);
  return url.substr(0, authority_end) + "/" + database + (query == std::string::npos ? "" : url.substr(query));
}

}  // namespace

Result<std::string> MysqlScratch::CreateScratch() {
  // The same defaults as the connection's database, so what a migration creates without naming a
  // character set comes out the same.
  auto defaults = queries_.Query(
      "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA "
      "WHERE SCHEMA_NAME = DATABASE()",
      {});
  if (!defaults.ok()) return defaults.status();
  static std::atomic<int> counter{0};
  std::random_device random;
  const std::string name =
      fmt::format("{}{}_{}_{:06x}", kMysqlScratchPrefix, getpid(), ++counter, random() & 0xffffffu);
  std::string create = "CREATE DATABASE " + names_.Quote(name);
  if (!defaults->empty() && (*defaults)[0].size() == 2) {
    // Names from the catalog, checked to be plain words: CREATE DATABASE takes no parameters.
    const std::string charset = (*defaults)[0][0].value_or(""), collation = (*defaults)[0][1].value_or("");
    if (MysqlPlainName(charset) && MysqlPlainName(collation)) {
      create += fmt::format(" CHARACTER SET {} COLLATE {}", charset, collation);
    }
  }
  auto created = queries_.Query(create, {});
  if (!created.ok()) {
    return Status(StatusCode::kDatabaseError,
                  fmt::format("cannot create the scratch database {}: {}; the account needs CREATE on the server, or "
                              "give a scratch URL",
                              name, created.status().message()))
        .set_database_message(created.status().message());
  }
  return MysqlUrlWithDatabase(url_, name);
}

Status MysqlScratch::DropScratch(const std::string& url) {
  auto parsed = ParseUrl(url);
  if (!parsed.ok()) return parsed.status();
  if (parsed->path.rfind(kMysqlScratchPrefix, 0) != 0 || !MysqlPlainName(parsed->path)) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("'{}' is no scratch database strata made (their names start with {}); not dropped",
                              RedactUrl(url), kMysqlScratchPrefix));
  }
  auto dropped = queries_.Query("DROP DATABASE IF EXISTS " + names_.Quote(parsed->path), {});
  if (!dropped.ok()) {
    return Status(StatusCode::kDatabaseError,
                  fmt::format("cannot drop the scratch database {}: {}", parsed->path, dropped.status().message()))
        .set_database_message(dropped.status().message());
  }
  return Status::Ok();
}

}  // namespace strata
