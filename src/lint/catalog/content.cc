// Rules: what the migration's text carries (secrets, personal data), whether it can be undone, and
// choices that hurt later.
#include "lint/catalog/catalog.h"

namespace strata::lint {

std::vector<RuleInfo> ContentRules() {
  return {
      {"secret-in-literal", Hazard::kContent, Severity::kError, "A secret written into the migration",
       "A password, private key, API key or token in a migration lives forever in the repository's history, "
       "in strata's history table (which stores the text it ran) and in every backup.",
       "Pass it at run time: a placeholder (`${APP_PASSWORD}`, from --set or STRATA_VAR_APP_PASSWORD), or "
       "store only a hash.",
       {{kPg, "CREATE ROLE reporting LOGIN PASSWORD 'Winter2024!';", "CREATE ROLE reporting LOGIN PASSWORD '${REPORTING_PASSWORD}';"},
        {kMy, "CREATE USER 'reporting'@'%' IDENTIFIED BY 'Winter2024!';",
         "CREATE USER 'reporting'@'%' IDENTIFIED BY '${REPORTING_PASSWORD}';"},
        {kLite, "INSERT INTO integrations (name, api_key) VALUES ('stripe', 'sk_live_51HqLyjWDarjtT1zdp7dcXYZ');",
         "INSERT INTO integrations (name, api_key) VALUES ('stripe', '${STRIPE_KEY}');"},
        {kDuck, "INSERT INTO integrations VALUES ('aws', 'AKIAZ7QWERTYUIOP3XYZ');", "INSERT INTO integrations VALUES ('aws', NULL);"},
        {kMongo, R"({"up": [{"insert": "integrations", "documents": [{"name": "github", "token": "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"}]}], "down": [{"delete": "integrations", "deletes": [{"q": {"name": "github"}, "limit": 1}]}]})",
         R"({"up": [{"insert": "integrations", "documents": [{"name": "github"}]}], "down": [{"delete": "integrations", "deletes": [{"q": {"name": "github"}, "limit": 1}]}]})"}}},
      {"personal-data", Hazard::kContent, Severity::kWarning, "Data that looks personal in a migration",
       "E-mail addresses, phone numbers, card numbers or national ids written into a migration (seed data, "
       "fixes) are copied to every environment that runs it and kept in the repository for good.",
       "Seed with made-up data on reserved domains (example.com, example.org) and numbers; load real data "
       "from a controlled source.",
       {{kPg, "INSERT INTO users (email) VALUES ('maria.gonzalez@gmail.com');",
         "INSERT INTO users (email) VALUES ('maria@example.com');"},
        {kMy, "INSERT INTO customers (name, card) VALUES ('J. Doe', '4111 1111 1111 1111');",
         "INSERT INTO customers (name, card) VALUES ('J. Doe', NULL);"},
        {kLite, "INSERT INTO contacts (phone) VALUES ('+33 6 12 34 56 78');", "INSERT INTO contacts (phone) VALUES (NULL);"},
        {kDuck, "INSERT INTO people VALUES ('078-05-1120');", "INSERT INTO people VALUES (NULL);"},
        {kMongo, R"({"up": [{"insert": "users", "documents": [{"email": "li.wei@outlook.com"}]}], "down": [{"delete": "users", "deletes": [{"q": {}, "limit": 0}]}]})",
         R"({"up": [{"insert": "users", "documents": [{"email": "li@example.org"}]}], "down": [{"delete": "users", "deletes": [{"q": {"email": "li@example.org"}, "limit": 1}]}]})"}}},
      {"no-down", Hazard::kReversibility, Severity::kInfo, "No down part",
       "`strata down` and `revert` cannot undo this migration; a bad deploy is fixed forward only.",
       "Write the down part, or say in the file why there is none (`-- strata:allow no-down <reason>`).",
       {{kPg, "-- strata:up\nCREATE TABLE tags (id bigint PRIMARY KEY);\n-- strata:down\n",
         "-- strata:up\nCREATE TABLE tags (id bigint PRIMARY KEY);\n-- strata:down\nDROP TABLE tags;"},
        {kMy, "-- strata:up\nCREATE TABLE tags (id BIGINT PRIMARY KEY);\n-- strata:down\n",
         "-- strata:up\nCREATE TABLE tags (id BIGINT PRIMARY KEY);\n-- strata:down\nDROP TABLE tags;"},
        {kLite, "-- strata:up\nCREATE TABLE tags (id INTEGER PRIMARY KEY);\n-- strata:down\n",
         "-- strata:up\nCREATE TABLE tags (id INTEGER PRIMARY KEY);\n-- strata:down\nDROP TABLE tags;"},
        {kDuck, "-- strata:up\nCREATE TABLE tags (id BIGINT PRIMARY KEY);\n-- strata:down\n",
         "-- strata:up\nCREATE TABLE tags (id BIGINT PRIMARY KEY);\n-- strata:down\nDROP TABLE tags;"},
        {kMongo, R"({"up": [{"create": "tags"}]})", R"({"up": [{"create": "tags"}], "down": [{"drop": "tags"}]})"}}},
      {"irreversible-down", Hazard::kReversibility, Severity::kWarning, "A down part that cannot undo the up part",
       "The up part destroys data (a dropped table or column, deleted rows); its down part can re-create the "
       "structure but not the values, so `down` leaves a database that looks restored and is not.",
       "Keep what the up part destroys (copy it aside, or let strata back it up), and have the down part bring "
       "it back; or accept it with a reason.",
       {{kPg, "ALTER TABLE users DROP COLUMN phone;", "ALTER TABLE users ADD COLUMN phone_e164 text;"},
        {kMy, "ALTER TABLE users DROP COLUMN phone;", "ALTER TABLE users ADD COLUMN phone_e164 VARCHAR(20) NULL;"},
        {kLite, "DROP TABLE audit_log;", "CREATE TABLE audit_log_v2 (id INTEGER PRIMARY KEY);"},
        {kDuck, "TRUNCATE sessions;", "CREATE TABLE sessions_v2 (id BIGINT);"},
        {kMongo, R"({"up": [{"drop": "sessions"}], "down": [{"create": "sessions"}]})",
         R"({"up": [{"create": "sessions"}], "down": [{"drop": "sessions"}]})"}}},
      {"int-primary-key", Hazard::kStyle, Severity::kInfo, "A 32-bit integer primary key",
       "An int (serial, INT AUTO_INCREMENT) key runs out at 2,147,483,647 rows inserted; changing it later "
       "rewrites the table and every table that refers to it.",
       "bigint (bigserial, `bigint GENERATED ALWAYS AS IDENTITY`, BIGINT AUTO_INCREMENT) from the start.",
       {{kPg, "CREATE TABLE orders (id serial PRIMARY KEY, total numeric);",
         "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, total numeric);"},
        {kMy, "CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, total DECIMAL(10, 2));",
         "CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, total DECIMAL(10, 2));"}}},
      {"timestamp-without-time-zone", Hazard::kStyle, Severity::kInfo, "timestamp without time zone",
       "The value is stored without its zone: two servers or sessions in different zones read different "
       "instants, and daylight-saving changes make an hour ambiguous.",
       "timestamptz: stored as an instant, shown in the session's zone.",
       {{kPg, "CREATE TABLE logins (at timestamp NOT NULL);", "CREATE TABLE logins (at timestamptz NOT NULL);"}}},
      {"char-column", Hazard::kStyle, Severity::kInfo, "char(n)",
       "char(n) pads values with spaces (and compares ignoring them); it is no faster than text in PostgreSQL.",
       "text (or varchar) with a CHECK on the length if one is wanted.",
       {{kPg, "CREATE TABLE countries (code char(2) PRIMARY KEY);",
         "CREATE TABLE countries (code text PRIMARY KEY CHECK (length(code) = 2));"}}},
      {"varchar-length", Hazard::kStyle, Severity::kInfo, "varchar(n) in PostgreSQL",
       "The limit is a constraint that cannot be relaxed without ALTER TYPE, and narrowing it later rewrites the "
       "table; it saves no space over text.",
       "text, with a CHECK (length(col) <= n) that can be added NOT VALID and changed cheaply.",
       {{kPg, "CREATE TABLE notes (body varchar(500));", "CREATE TABLE notes (body text CHECK (length(body) <= 500));"}}},
      {"serial-column", Hazard::kStyle, Severity::kInfo, "serial instead of an identity column",
       "A serial's sequence is a separate object with its own grants and ownership, easy to get out of step "
       "with the table on copies and restores.",
       "`GENERATED ALWAYS AS IDENTITY` (PostgreSQL 10 and later).",
       {{kPg, "CREATE TABLE tags (id bigserial PRIMARY KEY);", "CREATE TABLE tags (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);"}}},
      {"create-table-without-primary-key", Hazard::kStyle, Severity::kInfo, "A MySQL table without a primary key",
       "InnoDB invents a hidden key, row-based replication scans the table for each changed row, and Group "
       "Replication or sql_require_primary_key refuse the table.",
       "Give every table a primary key.",
       {{kMy, "CREATE TABLE page_views (url VARCHAR(500), seen_at DATETIME);",
         "CREATE TABLE page_views (id BIGINT AUTO_INCREMENT PRIMARY KEY, url VARCHAR(500), seen_at DATETIME);"}}},
      {"utf8mb3-charset", Hazard::kStyle, Severity::kInfo, "utf8 (utf8mb3) in MySQL",
       "MySQL's utf8 is utf8mb3: it cannot store characters outside the Basic Multilingual Plane (emoji, many "
       "CJK characters), which are refused or cut.",
       "utf8mb4.",
       {{kMy, "CREATE TABLE comments (id BIGINT PRIMARY KEY, body TEXT) DEFAULT CHARSET=utf8;",
         "CREATE TABLE comments (id BIGINT PRIMARY KEY, body TEXT) DEFAULT CHARSET=utf8mb4;"}}},
      {"allow-without-reason", Hazard::kStyle, Severity::kError, "`strata:allow` without a reason",
       "A finding is accepted only with a reason, which reviewers and `strata lint` show; without one it is "
       "not accepted.",
       "`-- strata:allow RULE why this is safe here`.",
       {{kPg, "-- strata:allow drop-table\nDROP TABLE audit_log;",
         "-- strata:allow drop-table replaced by audit_events in 20261101; empty since\nDROP TABLE audit_log;"},
        {kMy, "-- strata:allow drop-table\nDROP TABLE audit_log;", "-- strata:allow drop-table emptied and unused since March\nDROP TABLE audit_log;"},
        {kLite, "-- strata:allow drop-table\nDROP TABLE audit_log;", "-- strata:allow drop-table unused since 2024\nDROP TABLE audit_log;"},
        {kDuck, "-- strata:allow drop-table\nDROP TABLE audit_log;", "-- strata:allow drop-table staging copy only\nDROP TABLE audit_log;"},
        {kMongo, R"({"strata:allow": {"mongodb-drop": ""}, "up": [{"drop": "sessions"}], "down": [{"create": "sessions"}]})",
         R"({"strata:allow": {"mongodb-drop": "sessions expire anyway"}, "up": [{"drop": "sessions"}], "down": [{"create": "sessions"}]})"}}},
  };
}

}  // namespace strata::lint
