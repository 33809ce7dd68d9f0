// PostgreSQL's way with table backups (drivers/sql/table_backups.h). The copy is made with LIKE ...
// INCLUDING ALL (columns, types, NOT NULL, CHECK, indexes, comments) but without defaults, identity or
// generation, so it depends on nothing the migration may drop (a serial's sequence goes with its table).
// Those, the foreign keys, and the indexes and the constraints that own one (primary key, UNIQUE,
// EXCLUDE) are recorded as JSON and put back when a dropped table is re-created: LIKE would give the
// indexes and those constraints new names.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include "drivers/postgres/postgres_connection.h"

namespace strata {

namespace {

using nlohmann::json;

// nextval('users_id_seq'::regclass) -> users_id_seq (as written there, quoted where it needs to be).
std::string SequenceOf(const std::string& default_expr) {
  const std::string open = "nextval('";
  size_t at = default_expr.find(open);
  if (at == std::string::npos) return "";
  size_t end = default_expr.find("'::regclass", at);
  return end == std::string::npos ? "" : default_expr.substr(at + open.size(), end - at - open.size());
}

class PostgresTableCopierImpl final : public TableCopier {
 public:
  explicit PostgresTableCopierImpl(SqlQueries& q) : q_(q) {}

  char quote() const override { return '"'; }

  Result<std::optional<std::string>> Resolve(const std::string& table) override {
    auto rows = q_.Query("SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                         "WHERE c.oid = to_regclass(?) AND c.relkind IN ('r', 'p')",
                         {QuoteQualified(table)});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return std::optional<std::string>();
    return std::optional<std::string>(Text((*rows)[0][0]) + "." + Text((*rows)[0][1]));
  }

  Result<TableShape> Shape(const std::string& table) override {
    const std::string name = QuoteQualified(table);
    TableShape shape;
    auto columns = q_.Query("SELECT attname, attgenerated <> '' FROM pg_attribute WHERE attrelid = ?::regclass AND attnum > 0 "
                            "AND NOT attisdropped ORDER BY attnum",
                            {name});
    if (!columns.ok()) return columns.status();
    for (const SqlRow& r : *columns) {
      shape.columns.push_back(Text(r[0]));
      if (Text(r[1]) != "t") shape.insertable.push_back(Text(r[0]));
    }
    auto key = q_.Query("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                        "WHERE i.indrelid = ?::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)",
                        {name});
    if (!key.ok()) return key.status();
    for (const SqlRow& r : *key) shape.key.push_back(Text(r[0]));
    json definition = {{"defaults", json::object()}, {"identity", json::object()}, {"foreign_keys", json::array()}};
    auto defaults = q_.Query("SELECT a.attname, a.attidentity, pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a "
                             "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                             "WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''",
                             {name});
    if (!defaults.ok()) return defaults.status();
    for (const SqlRow& r : *defaults) {
      if (!Text(r[1]).empty()) definition["identity"][Text(r[0])] = Text(r[1]);
      if (r[2]) definition["defaults"][Text(r[0])] = *r[2];
    }
    auto keys = q_.Query("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ?::regclass AND contype = 'f' "
                         "ORDER BY conname",
                         {name});
    if (!keys.ok()) return keys.status();
    for (const SqlRow& r : *keys) definition["foreign_keys"].push_back({{"name", Text(r[0])}, {"definition", Text(r[1])}});
    STRATA_RETURN_IF_ERROR(ReadIndexes(name, definition));
    shape.definition = definition.dump();
    return shape;
  }

  // Into `definition`: "constraints", those that own an index, and "indexes", the others, each with its
  // comment as a literal; and the table's own "comment" (LIKE copies those of its parts only).
  Status ReadIndexes(const std::string& name, json& definition) {
    definition["constraints"] = json::array();
    definition["indexes"] = json::array();
    auto comment = q_.Query("SELECT quote_literal(obj_description(?::regclass, 'pg_class'))", {name});
    if (!comment.ok()) return comment.status();
    definition["comment"] = comment->empty() ? "" : Text((*comment)[0][0]);
    auto constraints = q_.Query("SELECT conname, pg_get_constraintdef(oid), "
                                "quote_literal(obj_description(oid, 'pg_constraint')) FROM pg_constraint "
                                "WHERE conrelid = ?::regclass AND contype IN ('p', 'u', 'x') ORDER BY conname",
                                {name});
    if (!constraints.ok()) return constraints.status();
    for (const SqlRow& r : *constraints) {
      definition["constraints"].push_back({{"name", Text(r[0])}, {"definition", Text(r[1])}, {"comment", Text(r[2])}});
    }
    // pg_get_indexdef names the table with its schema, whatever the search_path: the statement puts the
    // index back on the re-created table as it is.
    auto indexes = q_.Query("SELECT quote_ident(c.relname), pg_get_indexdef(i.indexrelid), "
                            "quote_literal(obj_description(i.indexrelid, 'pg_class')) FROM pg_index i "
                            "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = ?::regclass AND NOT EXISTS "
                            "(SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid "
                            "AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')) ORDER BY c.relname",
                            {name});
    if (!indexes.ok()) return indexes.status();
    for (const SqlRow& r : *indexes) {
      definition["indexes"].push_back({{"name", Text(r[0])}, {"statement", Text(r[1])}, {"comment", Text(r[2])}});
    }
    return Status::Ok();
  }

  std::vector<std::string> CopyTable(const std::string& table, const TableShape&, const std::string& copy) override {
    return {fmt::format("CREATE TABLE {} (LIKE {} INCLUDING ALL EXCLUDING DEFAULTS EXCLUDING IDENTITY EXCLUDING GENERATED)",
                        Copy(copy), QuoteQualified(table)),
            fmt::format("INSERT INTO {} SELECT * FROM {}", Copy(copy), QuoteQualified(table))};
  }

  std::vector<std::string> Recreate(const std::string& table, const std::string& copy, const std::string& definition) override {
    const std::string name = QuoteQualified(table);
    json d = json::parse(definition, nullptr, false);
    // Backups taken before the indexes were recorded take them from the copy, named anew.
    const bool indexes_recorded = d.is_object() && d.contains("indexes");
    std::vector<std::string> out{fmt::format("CREATE TABLE {} (LIKE {} INCLUDING ALL{})", name, Copy(copy),
                                             indexes_recorded ? " EXCLUDING INDEXES" : "")};
    if (!d.is_object()) return out;
    const std::string schema = Quote(Text(Split(table).first));
    if (!d.value("comment", "").empty()) {
      out.push_back(fmt::format("COMMENT ON TABLE {} IS {}", name, d.value("comment", "")));
    }
    for (const json& c : d.value("constraints", json::array())) {
      const std::string constraint = Quote(c.value("name", ""));
      out.push_back(fmt::format("ALTER TABLE {} ADD CONSTRAINT {} {}", name, constraint, c.value("definition", "")));
      if (!c.value("comment", "").empty()) {
        out.push_back(fmt::format("COMMENT ON CONSTRAINT {} ON {} IS {}", constraint, name, c.value("comment", "")));
      }
    }
    for (const json& i : d.value("indexes", json::array())) {
      out.push_back(i.value("statement", ""));
      if (!i.value("comment", "").empty()) {
        out.push_back(fmt::format("COMMENT ON INDEX {}.{} IS {}", schema, i.value("name", ""), i.value("comment", "")));
      }
    }
    const json identity = d.value("identity", json::object()), defaults = d.value("defaults", json::object());
    for (const auto& [column, kind] : identity.items()) {
      out.push_back(fmt::format("ALTER TABLE {} ALTER COLUMN {} ADD GENERATED {} AS IDENTITY", name, Quote(column),
                                kind.get<std::string>() == "a" ? "ALWAYS" : "BY DEFAULT"));
    }
    for (const auto& [column, expr] : defaults.items()) {
      std::string sequence = SequenceOf(expr.get<std::string>());
      if (!sequence.empty()) out.push_back("CREATE SEQUENCE IF NOT EXISTS " + sequence);
      out.push_back(fmt::format("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}", name, Quote(column), expr.get<std::string>()));
      if (!sequence.empty()) out.push_back(fmt::format("ALTER SEQUENCE {} OWNED BY {}.{}", sequence, name, Quote(column)));
    }
    return out;
  }

  std::vector<std::string> AfterRecreate(const std::string& table, const std::string& definition) override {
    const std::string name = QuoteQualified(table);
    std::vector<std::string> out;
    json d = json::parse(definition, nullptr, false);
    if (!d.is_object()) return out;
    // Sequences continue after the rows brought back, so the next insert does not collide with them.
    auto move_past = [&](const std::string& sequence_expr, const std::string& column) {
      out.push_back(fmt::format("SELECT setval({}, COALESCE(max({}), 1), max({}) IS NOT NULL) FROM {}", sequence_expr,
                                Quote(column), Quote(column), name));
    };
    const json identity = d.value("identity", json::object()), defaults = d.value("defaults", json::object());
    const json foreign_keys = d.value("foreign_keys", json::array());
    for (const auto& [column, kind] : identity.items()) {
      move_past(fmt::format("pg_get_serial_sequence('{}', '{}')", Escaped(name), Escaped(column)), column);
    }
    for (const auto& [column, expr] : defaults.items()) {
      std::string sequence = SequenceOf(expr.get<std::string>());
      if (!sequence.empty()) move_past(fmt::format("'{}'", Escaped(sequence)), column);
    }
    for (const json& fk : foreign_keys) {
      out.push_back(fmt::format("ALTER TABLE {} ADD CONSTRAINT {} {}", name, Quote(fk.value("name", "")),
                                fk.value("definition", "")));
    }
    return out;
  }

  std::string InsertFromCopy(const std::string& table, const std::string& copy, const std::string& columns) override {
    return fmt::format("INSERT INTO {} ({}) OVERRIDING SYSTEM VALUE SELECT {} FROM {}", QuoteQualified(table), columns, columns,
                       Copy(copy));
  }

  Result<std::string> ColumnType(const std::string& copy, const std::string& column) override {
    auto rows = q_.Query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = ?::regclass AND attname = ?",
                         {Copy(copy), column});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status(StatusCode::kDatabaseError, fmt::format("the backup {} has no column {}", copy, column));
    return Text((*rows)[0][0]);
  }

  Result<int64_t> Bytes(const std::string& copy) override {
    auto rows = q_.Query("SELECT pg_total_relation_size(to_regclass(?))", {Copy(copy)});
    if (!rows.ok()) return rows.status();
    return rows->empty() || !(*rows)[0][0] ? int64_t{-1} : std::stoll(*(*rows)[0][0]);
  }

 private:
  // Inside a '...' literal of a statement strata writes (names read from the catalog, not user input).
  static std::string Escaped(const std::string& s) {
    std::string out;
    for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out;
  }

  SqlQueries& q_;
};

}  // namespace

std::unique_ptr<TableCopier> PostgresTableCopier(SqlQueries& queries) {
  return std::make_unique<PostgresTableCopierImpl>(queries);
}

}  // namespace strata
