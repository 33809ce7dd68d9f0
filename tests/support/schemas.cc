#include "support/schemas.h"

#include <gtest/gtest.h>

namespace strata::testing {

std::unique_ptr<Connection> OpenConnection(const std::string& url) {
  auto driver = FindDriver(url);
  EXPECT_TRUE(driver.ok()) << driver.status().ToString();
  if (!driver.ok()) return nullptr;
  auto connection = (*driver)->Connect(url, {});
  EXPECT_TRUE(connection.ok()) << connection.status().ToString();
  return connection.ok() ? std::move(*connection) : nullptr;
}

Schema ReadSchemaOrFail(Connection& connection) {
  EXPECT_NE(connection.schema(), nullptr) << connection.capabilities().dialect << " reads no schema";
  if (!connection.schema()) return {};
  auto schema = connection.schema()->ReadSchema();
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  return schema.ok() ? *schema : Schema{};
}

SecondDatabases::~SecondDatabases() {
  for (const std::string& url : made_) (void)admin_->scratch()->DropScratch(url);
}

std::string SecondDatabases::New(const std::string& url, const std::string& name) {
  if (url.rfind("sqlite:", 0) == 0) return "sqlite:" + (dir_ / (name + ".db")).string();
  if (url.rfind("duckdb:", 0) == 0) return "duckdb:" + (dir_ / (name + ".duckdb")).string();
  if (!admin_) admin_ = OpenConnection(url);
  if (!admin_ || !admin_->scratch()) {
    ADD_FAILURE() << RedactUrl(url) << ": no scratch databases to make a second database with";
    return "";
  }
  auto made = admin_->scratch()->CreateScratch();
  EXPECT_TRUE(made.ok()) << made.status().ToString();
  if (!made.ok()) return "";
  made_.push_back(*made);
  return *made;
}

const SchemaObject* FindObject(const Schema& schema, const std::string& kind, const std::string& name) {
  for (const SchemaObject& o : schema.objects) {
    if (o.kind == kind && o.name == name) return &o;
  }
  return nullptr;
}

}  // namespace strata::testing
