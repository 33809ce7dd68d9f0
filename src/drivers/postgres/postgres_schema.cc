// Reading one PostgreSQL schema into a Schema (postgres_schema.h says what is covered and how).
//
// The read runs in its own read-only transaction (or a savepoint of the caller's), with settings that
// make the server print the same text whatever the session's: search_path = pg_catalog (every name
// qualified), DateStyle ISO, TimeZone UTC, IntervalStyle postgres, extra_float_digits 3. Rolling back
// puts the session's settings back.
//
// Each object owns catalog keys ("pg_class:16402", "pg_type:16404", ...): a table owns its relation, its
// row type and array type, and its constraints but foreign keys. pg_depend's edges between keys become
// edges between objects, and a topological sort (Kahn's, ties broken by rank, then name) gives the order.
// The catalog queries themselves are in postgres_schema_queries.cc.
#include "drivers/postgres/postgres_schema.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>

#include "drivers/postgres/postgres_schema_queries.h"
#include "drivers/strata_tables.h"

namespace strata {
namespace {

using pg_schema::Cell;
using pg_schema::IsNull;
using pg_schema::IsTrue;

// The order of kinds when pg_depend leaves a choice.
enum PgRank {
  kPgRankSchema,
  kPgRankExtension,
  kPgRankType,
  kPgRankSequence,
  kPgRankFunction,
  kPgRankTable,
  kPgRankIndex,
  kPgRankForeignKey,
  kPgRankView,
  kPgRankTrigger,
  kPgRankPolicy,
  kPgRankStatistics,
};

// The options of a sequence that differ from what CREATE SEQUENCE (or an identity column) would choose
// for its type, from the row's cells at `at`: start, increment, max, min, cache, cycle.
std::string PgSequenceOptions(const std::string& type, const SqlRow& row, size_t at, bool with_type) {
  const std::string start = Cell(row, at), increment = Cell(row, at + 1), max = Cell(row, at + 2), min = Cell(row, at + 3),
                    cache = Cell(row, at + 4);
  std::string type_max = "9223372036854775807", type_min = "-9223372036854775808";
  if (type == "integer") type_max = "2147483647", type_min = "-2147483648";
  if (type == "smallint") type_max = "32767", type_min = "-32768";
  const bool ascending = !increment.empty() && increment[0] != '-';
  std::string out;
  if (with_type && type != "bigint") out += " AS " + type;
  if (increment != "1") out += " INCREMENT BY " + increment;
  if (min != (ascending ? "1" : type_min)) out += " MINVALUE " + min;
  if (max != (ascending ? type_max : "-1")) out += " MAXVALUE " + max;
  if (start != (ascending ? min : max)) out += " START WITH " + start;
  if (cache != "1") out += " CACHE " + cache;
  if (IsTrue(row, at + 5)) out += " CYCLE";
  return out;
}

std::string PgComment(const std::string& what, const SqlValue& literal) {
  return literal ? fmt::format("COMMENT ON {} IS {};\n", what, *literal) : "";
}

// One column of a table, view or composite type, as ReadColumns found it.
struct PgColumn {
  std::string attnum, name, type, collation, identity, generated, default_expr, storage, compression, statistics, grants;
  bool not_null = false;
  SqlValue comment;
};

// One constraint, as ReadConstraints found it.
struct PgConstraint {
  std::string oid, type, name, definition;
  bool validated = true;
  SqlValue comment;
};

class PgSchemaReader final : public SchemaReader {
 public:
  PgSchemaReader(SqlQueries& q, std::function<bool()> in_transaction, std::string schema, std::string history)
      : q_(q), in_transaction_(std::move(in_transaction)), schema_(std::move(schema)), history_(std::move(history)) {}

  Result<Schema> ReadSchema() override {
    Reset();
    const bool nested = in_transaction_();
    STRATA_RETURN_IF_ERROR(
        q_.Query(nested ? "SAVEPOINT strata_read_schema" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", {}).status());
    Result<Schema> schema = ReadInTransaction();
    Status ended = q_.Query(nested ? "ROLLBACK TO SAVEPOINT strata_read_schema" : "ROLLBACK", {}).status();
    if (ended.ok() && nested) ended = q_.Query("RELEASE SAVEPOINT strata_read_schema", {}).status();
    Reset();
    if (!schema.ok()) return schema.status();
    if (!ended.ok()) return ended;
    return schema;
  }

  Result<std::string> Stamp() override {
    auto rows = q_.Query(pg_schema::kStampQuery, {schema_.empty() ? SqlValue() : SqlValue(schema_)});
    if (!rows.ok()) return rows.status();
    return rows->empty() ? std::string() : "pg:" + Cell(rows->front(), 0);
  }

 private:
  // An object being read: its statements in the order a definition lists them.
  struct Node {
    std::string kind, name;
    int rank = 0;
    std::string create, after, comments, grants;
    std::set<size_t> needs;  // nodes that must come before
    // A LANGUAGE sql function with its body as a string: PostgreSQL checks the body against the tables
    // when it is created, but pg_depend does not know which tables it reads.
    bool reads_unknown_tables = false;
  };

  void Reset() {
    nodes_.clear(), owner_.clear(), extension_member_.clear(), extensions_.clear(), skipped_relations_.clear();
    columns_.clear(), constraints_.clear(), foreign_keys_.clear(), table_after_.clear(), identity_.clear();
  }
  Result<Schema> ReadInTransaction();
  Result<std::vector<SqlRow>> Rows(const std::string& sql);
  Status CheckSupported();
  Status ReadColumns();
  Status ReadConstraints();
  Status ReadTypes();
  Status ReadSequences();
  Status ReadTables();
  Status ReadIndexes();
  Status ReadViews();
  Status ReadFunctions();
  Status ReadTriggers();
  Status ReadPolicies();
  Status ReadStatistics();
  Status ReadDependencies();
  void AfterTablesItMayRead(size_t function);
  Schema Ordered();
  std::string ColumnList(const std::string& relid, bool table);
  std::string ColumnSettings(const std::string& relid, const std::string& alter);
  std::string ColumnComments(const std::string& relid, const std::string& target);

  size_t Add(std::string kind, std::string name, int rank) {
    Node node;
    node.kind = std::move(kind), node.name = std::move(name), node.rank = rank;
    nodes_.push_back(std::move(node));
    return nodes_.size() - 1;
  }
  void Own(const std::string& catalog, const std::string& oid, size_t node) {
    if (!oid.empty() && oid != "0") owner_[catalog + ":" + oid] = node;
  }
  bool IsExtensionMember(const std::string& catalog, const std::string& oid) const {
    return extension_member_.count(catalog + ":" + oid) > 0;
  }
  bool IsStrataObject(const std::string& name) const {
    return IsStrataObjectName(name, history_);
  }

  SqlQueries& q_;
  std::function<bool()> in_transaction_;
  const std::string schema_;
  const std::string history_;

  std::string oid_;     // the schema's
  std::string quoted_;  // the schema's name, quoted where it must be
  std::vector<Node> nodes_;
  std::map<std::string, size_t> owner_;                  // catalog key -> node
  std::map<std::string, std::string> extension_member_;  // catalog key -> its extension's oid
  std::map<std::string, std::pair<std::string, std::string>> extensions_;  // oid -> (name, schema)
  std::set<std::string> skipped_relations_;  // oids of strata's own tables and of extensions' tables
  std::map<std::string, std::vector<PgColumn>> columns_;           // relation oid -> columns in order
  std::map<std::string, std::vector<PgConstraint>> constraints_;   // table or domain oid -> constraints
  std::map<std::string, std::vector<PgConstraint>> foreign_keys_;  // table oid -> foreign keys
  std::map<std::string, std::string> table_after_;  // table oid -> statements the table's definition ends with
  std::map<std::string, std::string> identity_;     // "table oid:attnum" -> identity sequence options
};

Result<std::vector<SqlRow>> PgSchemaReader::Rows(const std::string& sql) {
  std::vector<SqlValue> params(std::count(sql.begin(), sql.end(), '?'), SqlValue(oid_));
  return q_.Query(sql, params);
}

Result<Schema> PgSchemaReader::ReadInTransaction() {
  auto found = q_.Query(pg_schema::kSchemaQuery, {schema_.empty() ? SqlValue() : SqlValue(schema_)});
  if (!found.ok()) return found.status();
  if (found->empty()) return Schema{};  // not created yet: nothing in it
  const SqlRow& schema = (*found)[0];
  oid_ = Cell(schema, 0);
  quoted_ = Cell(schema, 1);
  STRATA_RETURN_IF_ERROR(q_.Query(pg_schema::kStableSettings, {}).status());
  if (!IsTrue(schema, 2)) {
    // The public schema is in every new database, with its defaults: nothing to create.
    size_t node = Add("schema", quoted_, kPgRankSchema);
    nodes_[node].create = fmt::format("CREATE SCHEMA IF NOT EXISTS {};\n", quoted_);
    nodes_[node].comments = PgComment("SCHEMA " + quoted_, schema[3]);
    nodes_[node].grants = Cell(schema, 4);
    Own("pg_namespace", oid_, node);
  }
  auto members = q_.Query(pg_schema::kExtensionMembersQuery, {});
  if (!members.ok()) return members.status();
  for (const SqlRow& r : *members) extension_member_[Cell(r, 0) + ":" + Cell(r, 1)] = Cell(r, 2);
  for (auto step : {&PgSchemaReader::CheckSupported, &PgSchemaReader::ReadColumns, &PgSchemaReader::ReadConstraints,
                    &PgSchemaReader::ReadTypes, &PgSchemaReader::ReadSequences, &PgSchemaReader::ReadTables,
                    &PgSchemaReader::ReadIndexes, &PgSchemaReader::ReadViews, &PgSchemaReader::ReadFunctions,
                    &PgSchemaReader::ReadTriggers, &PgSchemaReader::ReadPolicies, &PgSchemaReader::ReadStatistics,
                    &PgSchemaReader::ReadDependencies}) {
    STRATA_RETURN_IF_ERROR((this->*step)());
  }
  return Ordered();
}

Status PgSchemaReader::CheckSupported() {
  auto rows = Rows(pg_schema::kUnsupportedQuery);
  if (!rows.ok()) return rows.status();
  std::vector<std::string> found;
  for (const SqlRow& r : *rows) {
    if (IsExtensionMember(Cell(r, 2), Cell(r, 3)) || IsStrataObject(Cell(r, 1))) continue;
    found.push_back(fmt::format("{} {}", Cell(r, 0), Cell(r, 1)));
  }
  if (found.empty()) return Status::Ok();
  std::string list;
  for (size_t i = 0; i < found.size() && i < 10; ++i) list += (i ? "; " : "") + found[i];
  if (found.size() > 10) list += fmt::format("; and {} more", found.size() - 10);
  return Status(StatusCode::kUnsupported,
                fmt::format("schema {} holds objects of a kind strata cannot write back into a dump: {}. Drop them or "
                            "move them to a schema strata does not manage, then try again",
                            quoted_, list));
}

Status PgSchemaReader::ReadColumns() {
  auto rows = Rows(pg_schema::kColumnsQuery);
  if (!rows.ok()) return rows.status();
  for (const SqlRow& r : *rows) {
    PgColumn c;
    c.attnum = Cell(r, 1), c.name = Cell(r, 2), c.type = Cell(r, 3), c.collation = Cell(r, 4);
    c.not_null = IsTrue(r, 5);
    c.identity = Cell(r, 6), c.generated = Cell(r, 7), c.default_expr = Cell(r, 8);
    c.comment = r[9];
    c.storage = Cell(r, 10), c.compression = Cell(r, 11), c.statistics = Cell(r, 12), c.grants = Cell(r, 13);
    columns_[Cell(r, 0)].push_back(std::move(c));
  }
  return Status::Ok();
}

Status PgSchemaReader::ReadConstraints() {
  auto rows = Rows(pg_schema::kConstraintsQuery);
  if (!rows.ok()) return rows.status();
  for (const SqlRow& r : *rows) {
    PgConstraint c{Cell(r, 0), Cell(r, 3), Cell(r, 4), Cell(r, 5), IsTrue(r, 6), r[7]};
    const std::string relation = Cell(r, 1) != "0" ? Cell(r, 1) : Cell(r, 2);
    (c.type == "f" ? foreign_keys_ : constraints_)[relation].push_back(std::move(c));
  }
  return Status::Ok();
}

Status PgSchemaReader::ReadTypes() {
  auto rows = Rows(pg_schema::kTypesQuery);
  if (!rows.ok()) return rows.status();
  for (const SqlRow& r : *rows) {
    const std::string oid = Cell(r, 0), kind = Cell(r, 2), name = Cell(r, 3);
    if (IsExtensionMember("pg_type", oid)) continue;
    size_t at = Add(kind == "d" ? "domain" : "type", name, kPgRankType);
    Node& node = nodes_[at];
    if (kind == "e") {
      node.create = fmt::format("CREATE TYPE {} AS ENUM ({});\n", name, Cell(r, 5));
    } else if (kind == "r") {
      node.create = fmt::format("CREATE TYPE {} AS RANGE (SUBTYPE = {}", name, Cell(r, 6));
      if (!IsNull(r, 8)) node.create += ", SUBTYPE_OPCLASS = " + Cell(r, 8);
      if (!IsNull(r, 7)) node.create += ", COLLATION = " + Cell(r, 7);
      if (!IsNull(r, 9)) node.create += ", SUBTYPE_DIFF = " + Cell(r, 9);
      node.create += ", MULTIRANGE_TYPE_NAME = " + Cell(r, 10) + ");\n";
    } else if (kind == "c") {
      node.create = fmt::format("CREATE TYPE {} AS ({});\n", name, ColumnList(Cell(r, 4), false));
      node.comments += ColumnComments(Cell(r, 4), name);
    } else {  // a domain
      node.create = fmt::format("CREATE DOMAIN {} AS {}", name, Cell(r, 12));
      if (!IsNull(r, 13)) node.create += " COLLATE " + Cell(r, 13);
      if (!IsNull(r, 15)) node.create += " DEFAULT " + Cell(r, 15);
      if (IsTrue(r, 14)) node.create += " NOT NULL";
      for (const PgConstraint& c : constraints_[oid]) {
        if (c.validated) {
          node.create += fmt::format(" CONSTRAINT {} {}", c.name, c.definition);
        } else {
          node.after += fmt::format("ALTER DOMAIN {} ADD CONSTRAINT {} {};\n", name, c.name, c.definition);
        }
        node.comments += PgComment(fmt::format("CONSTRAINT {} ON DOMAIN {}", c.name, name), c.comment);
        Own("pg_constraint", c.oid, at);
      }
      node.create += ";\n";
    }
    node.comments = PgComment((kind == "d" ? "DOMAIN " : "TYPE ") + name, r[11]) + node.comments;
    node.grants = Cell(r, 16);
    Own("pg_type", oid, at);
    Own("pg_type", Cell(r, 1), at);  // its array type
    Own("pg_class", Cell(r, 4), at);  // a composite type's relation
  }
  return Status::Ok();
}

Status PgSchemaReader::ReadSequences() {
  auto rows = Rows(pg_schema::kSequencesQuery);
  if (!rows.ok()) return rows.status();
  for (const SqlRow& r : *rows) {
    const std::string oid = Cell(r, 0), name = Cell(r, 1), type = Cell(r, 2), owner_table = Cell(r, 9);
    if (IsExtensionMember("pg_class", oid)) continue;
    if (Cell(r, 11) == "i") {
      // An identity column's: created by the column, with these options.
      std::string options = PgSequenceOptions(type, r, 3, false);
      const std::string default_name = quoted_ + "." + Cell(r, 15);
      if (name != default_name) options = " SEQUENCE NAME " + name + options;
      identity_[owner_table + ":" + Cell(r, 10)] = options.empty() ? "" : " (" + options.substr(1) + ")";
      continue;
    }
    if (IsStrataObject(Cell(r, 14))) continue;
    size_t at = Add("sequence", name, kPgRankSequence);
    nodes_[at].create = fmt::format("CREATE {}SEQUENCE {}{};\n", Cell(r, 16) == "u" ? "UNLOGGED " : "", name,
                                    PgSequenceOptions(type, r, 3, true));
    nodes_[at].comments = PgComment("SEQUENCE " + name, r[12]);
    nodes_[at].grants = Cell(r, 13);
    Own("pg_class", oid, at);
    if (Cell(r, 11) == "a") table_after_[owner_table] += fmt::format("ALTER SEQUENCE {} OWNED BY {};\n", name, Cell(r, 17));
  }
  return Status::Ok();
}

// "a integer NOT NULL, b text" (tables, with defaults, one a line; composite types on one line).
std::string PgSchemaReader::ColumnList(const std::string& relid, bool table) {
  std::string out;
  for (const PgColumn& c : columns_[relid]) {
    out += table ? (out.empty() ? "\n    " : ",\n    ") : (out.empty() ? "" : ", ");
    out += c.name + " " + c.type;
    if (!c.collation.empty()) out += " COLLATE " + c.collation;
    if (!table) continue;
    if (c.generated == "s" || c.generated == "v") {
      out += fmt::format(" GENERATED ALWAYS AS ({}) {}", c.default_expr, c.generated == "s" ? "STORED" : "VIRTUAL");
    } else if (!c.default_expr.empty()) {
      out += " DEFAULT " + c.default_expr;
    }
    if (!c.identity.empty()) {
      out += fmt::format(" GENERATED {} AS IDENTITY{}", c.identity == "a" ? "ALWAYS" : "BY DEFAULT", identity_[relid + ":" + c.attnum]);
    }
    if (c.not_null) out += " NOT NULL";
  }
  return out;
}

// ALTER ... ALTER COLUMN statements for the columns of `relid` whose storage, compression or statistics
// target is not the default.
std::string PgSchemaReader::ColumnSettings(const std::string& relid, const std::string& alter) {
  std::string out;
  for (const PgColumn& c : columns_[relid]) {
    if (!c.storage.empty()) out += fmt::format("{} ALTER COLUMN {} SET STORAGE {};\n", alter, c.name, c.storage);
    if (!c.compression.empty()) out += fmt::format("{} ALTER COLUMN {} SET COMPRESSION {};\n", alter, c.name, c.compression);
    if (!c.statistics.empty()) out += fmt::format("{} ALTER COLUMN {} SET STATISTICS {};\n", alter, c.name, c.statistics);
  }
  return out;
}

std::string PgSchemaReader::ColumnComments(const std::string& relid, const std::string& target) {
  std::string out;
  for (const PgColumn& c : columns_[relid]) out += PgComment(fmt::format("COLUMN {}.{}", target, c.name), c.comment);
  return out;
}

Status PgSchemaReader::ReadTables() {
  auto rows = Rows(pg_schema::kTablesQuery);
  if (!rows.ok()) return rows.status();
  for (const SqlRow& r : *rows) {
    const std::string oid = Cell(r, 0), name = Cell(r, 2);
    if (IsExtensionMember("pg_class", oid) || IsStrataObject(Cell(r, 1))) {
      skipped_relations_.insert(oid);  // and with it, its indexes, triggers and policies
      continue;
    }
    size_t at = Add("table", name, kPgRankTable);
    Node& node = nodes_[at];
    std::string items = ColumnList(oid, true);
    for (const PgConstraint& c : constraints_[oid]) {
      if (c.validated) {
        items += fmt::format("{}CONSTRAINT {} {}", items.empty() ? "\n    " : ",\n    ", c.name, c.definition);
      } else {
        node.after += fmt::format("ALTER TABLE {} ADD CONSTRAINT {} {};\n", name, c.name, c.definition);
      }
      Own("pg_constraint", c.oid, at);
    }
    node.create = fmt::format("CREATE {}TABLE {} ({}{})", Cell(r, 5) == "u" ? "UNLOGGED " : "", name, items,
                              items.empty() ? "" : "\n");
    if (!IsNull(r, 10)) node.create += " USING " + Cell(r, 10);
    if (!IsNull(r, 6)) node.create += " WITH (" + Cell(r, 6) + ")";
    node.create += ";\n";
    node.after += ColumnSettings(oid, "ALTER TABLE ONLY " + name);
    node.after += table_after_[oid];
    if (IsTrue(r, 7)) node.after += fmt::format("ALTER TABLE {} ENABLE ROW LEVEL SECURITY;\n", name);
    if (IsTrue(r, 8)) node.after += fmt::format("ALTER TABLE {} FORCE ROW LEVEL SECURITY;\n", name);
    const std::string identity = Cell(r, 9);
    if (identity == "f") node.after += fmt::format("ALTER TABLE {} REPLICA IDENTITY FULL;\n", name);
    if (identity == "n") node.after += fmt::format("ALTER TABLE {} REPLICA IDENTITY NOTHING;\n", name);
    if (!IsNull(r, 13)) node.after += fmt::format("ALTER TABLE {} REPLICA IDENTITY USING INDEX {};\n", name, Cell(r, 13));
    if (!IsNull(r, 12)) node.after += fmt::format("ALTER TABLE {} CLUSTER ON {};\n", name, Cell(r, 12));
    node.comments = PgComment("TABLE " + name, r[11]);
    node.comments += ColumnComments(oid, name);
    for (const PgConstraint& c : constraints_[oid]) {
      node.comments += PgComment(fmt::format("CONSTRAINT {} ON {}", c.name, name), c.comment);
    }
    node.grants = Cell(r, 14);
    for (const PgColumn& c : columns_[oid]) node.grants += c.grants;
    Own("pg_class", oid, at);
    Own("pg_type", Cell(r, 3), at);
    Own("pg_type", Cell(r, 4), at);
    for (const PgConstraint& fk : foreign_keys_[oid]) {
      size_t key = Add("foreign key", fmt::format("{} on {}", fk.name, name), kPgRankForeignKey);
      nodes_[key].create = fmt::format("ALTER TABLE {} ADD CONSTRAINT {} {};\n", name, fk.name, fk.definition);
      nodes_[key].comments = PgComment(fmt::format("CONSTRAINT {} ON {}", fk.name, name), fk.comment);
      nodes_[key].needs.insert(at);
      Own("pg_constraint", fk.oid, key);
    }
  }
  return Status::Ok();
}

Status PgSchemaReader::ReadIndexes() {
  auto rows = Rows(pg_schema::kIndexesQuery);
  if (!rows.ok()) return rows.status();
  for (const SqlRow& r : *rows) {
    if (skipped_relations_.count(Cell(r, 1)) || IsExtensionMember("pg_class", Cell(r, 0))) continue;
    size_t at = Add("index", Cell(r, 2), kPgRankIndex);
    const std::string qualified = quoted_ + "." + Cell(r, 2);
    nodes_[at].create = Cell(r, 3) + ";\n";
    if (IsTrue(r, 4)) nodes_[at].after += fmt::format("ALTER TABLE {} CLUSTER ON {};\n", Cell(r, 6), Cell(r, 2));
    if (IsTrue(r, 5)) nodes_[at].after += fmt::format("ALTER TABLE {} REPLICA IDENTITY USING INDEX {};\n", Cell(r, 6), Cell(r, 2));
    nodes_[at].comments = PgComment("INDEX " + qualified, r[7]);
    Own("pg_class", Cell(r, 0), at);
  }
  return Status::Ok();
}

Status PgSchemaReader::ReadViews() {
  auto rows = Rows(pg_schema::kViewsQuery);
  if (!rows.ok()) return rows.status();
  for (const SqlRow& r : *rows) {
    const std::string oid = Cell(r, 0), name = Cell(r, 2);
    if (IsExtensionMember("pg_class", oid)) continue;
    const bool materialized = Cell(r, 1) == "m";
    size_t at = Add(materialized ? "materialized view" : "view", name, kPgRankView);
    Node& node = nodes_[at];
    std::string query = Cell(r, 3);
    while (!query.empty() && (query.back() == ';' || query.back() == ' ' || query.back() == '\n')) query.pop_back();
    const std::string options = IsNull(r, 4) ? "" : " WITH (" + Cell(r, 4) + ")";
    if (materialized) {
      node.create = fmt::format("CREATE MATERIALIZED VIEW {}{} AS\n{}\nWITH {}DATA;\n", name, options, query,
                                IsTrue(r, 5) ? "" : "NO ");
    } else {
      node.create = fmt::format("CREATE VIEW {}{} AS\n{};\n", name, options, query);
      for (const PgColumn& c : columns_[oid]) {
        if (!c.default_expr.empty()) {
          node.after += fmt::format("ALTER VIEW {} ALTER COLUMN {} SET DEFAULT {};\n", name, c.name, c.default_expr);
        }
      }
    }
    if (materialized) node.after += ColumnSettings(oid, "ALTER MATERIALIZED VIEW " + name);
    node.comments = PgComment((materialized ? "MATERIALIZED VIEW " : "VIEW ") + name, r[8]) + ColumnComments(oid, name);
    node.grants = Cell(r, 9);
    for (const PgColumn& c : columns_[oid]) node.grants += c.grants;
    Own("pg_class", oid, at);
    Own("pg_type", Cell(r, 6), at);
    Own("pg_type", Cell(r, 7), at);
  }
  return Status::Ok();
}

Status PgSchemaReader::ReadFunctions() {
  auto rows = Rows(pg_schema::kFunctionsQuery);
  if (!rows.ok()) return rows.status();
  for (const SqlRow& r : *rows) {
    if (IsExtensionMember("pg_proc", Cell(r, 0)) || IsStrataObject(Cell(r, 2))) continue;
    const bool procedure = Cell(r, 1) == "p";
    size_t at = Add(procedure ? "procedure" : "function", Cell(r, 3), kPgRankFunction);
    std::string text = Cell(r, 4);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    nodes_[at].create = text + ";\n";
    nodes_[at].reads_unknown_tables = IsTrue(r, 7);
    nodes_[at].comments = PgComment((procedure ? "PROCEDURE " : "FUNCTION ") + Cell(r, 3), r[5]);
    nodes_[at].grants = Cell(r, 6);
    Own("pg_proc", Cell(r, 0), at);
  }
  return Status::Ok();
}

Status PgSchemaReader::ReadTriggers() {
  auto rows = Rows(pg_schema::kTriggersQuery);
  if (!rows.ok()) return rows.status();
  for (const SqlRow& r : *rows) {
    if (skipped_relations_.count(Cell(r, 1))) continue;
    const std::string table = Cell(r, 3), name = Cell(r, 2);
    size_t at = Add("trigger", name + " on " + table, kPgRankTrigger);
    nodes_[at].create = Cell(r, 4) + ";\n";
    const std::string enabled = Cell(r, 5);
    if (enabled == "D") nodes_[at].after = fmt::format("ALTER TABLE {} DISABLE TRIGGER {};\n", table, name);
    if (enabled == "R") nodes_[at].after = fmt::format("ALTER TABLE {} ENABLE REPLICA TRIGGER {};\n", table, name);
    if (enabled == "A") nodes_[at].after = fmt::format("ALTER TABLE {} ENABLE ALWAYS TRIGGER {};\n", table, name);
    nodes_[at].comments = PgComment(fmt::format("TRIGGER {} ON {}", name, table), r[6]);
    Own("pg_trigger", Cell(r, 0), at);
  }
  return Status::Ok();
}

Status PgSchemaReader::ReadPolicies() {
  auto rows = Rows(pg_schema::kPoliciesQuery);
  if (!rows.ok()) return rows.status();
  for (const SqlRow& r : *rows) {
    if (skipped_relations_.count(Cell(r, 1))) continue;
    const std::string table = Cell(r, 3), name = Cell(r, 2);
    size_t at = Add("policy", name + " on " + table, kPgRankPolicy);
    std::string text = fmt::format("CREATE POLICY {} ON {} AS {} FOR {} TO {}", name, table,
                                   IsTrue(r, 5) ? "PERMISSIVE" : "RESTRICTIVE", Cell(r, 4), Cell(r, 6));
    if (!IsNull(r, 7)) text += " USING (" + Cell(r, 7) + ")";
    if (!IsNull(r, 8)) text += " WITH CHECK (" + Cell(r, 8) + ")";
    nodes_[at].create = text + ";\n";
    nodes_[at].comments = PgComment(fmt::format("POLICY {} ON {}", name, table), r[9]);
    Own("pg_policy", Cell(r, 0), at);
  }
  return Status::Ok();
}

Status PgSchemaReader::ReadStatistics() {
  auto rows = Rows(pg_schema::kStatisticsQuery);
  if (!rows.ok()) return rows.status();
  for (const SqlRow& r : *rows) {
    if (IsExtensionMember("pg_statistic_ext", Cell(r, 0))) continue;
    size_t at = Add("statistics", Cell(r, 1), kPgRankStatistics);
    nodes_[at].create = Cell(r, 2) + ";\n";
    if (!IsNull(r, 3)) nodes_[at].after = fmt::format("ALTER STATISTICS {} SET STATISTICS {};\n", Cell(r, 1), Cell(r, 3));
    nodes_[at].comments = PgComment("STATISTICS " + Cell(r, 1), r[4]);
    Own("pg_statistic_ext", Cell(r, 0), at);
  }
  return Status::Ok();
}

Status PgSchemaReader::ReadDependencies() {
  auto rows = Rows(pg_schema::kDependenciesQuery);
  if (!rows.ok()) return rows.status();
  std::map<std::string, size_t> extension_node;  // extension oid -> node
  auto extension = [&](const std::string& ext_oid) -> std::optional<size_t> {
    auto known = extensions_.find(ext_oid);
    if (known == extensions_.end()) return std::nullopt;  // plpgsql
    auto [it, added] = extension_node.emplace(ext_oid, 0);
    if (added) {
      const auto& [name, schema] = known->second;
      it->second = Add("extension", name, kPgRankExtension);
      Own("pg_extension", ext_oid, it->second);
      nodes_[it->second].create = fmt::format("{}CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {};\n",
                                              schema == quoted_ ? "" : "CREATE SCHEMA IF NOT EXISTS " + schema + ";\n",
                                              name, schema);
    }
    return it->second;
  };
  auto extensions = q_.Query(pg_schema::kExtensionsQuery, {});
  if (!extensions.ok()) return extensions.status();
  for (const SqlRow& r : *extensions) {
    extensions_[Cell(r, 0)] = {Cell(r, 1), Cell(r, 2)};
    if (Cell(r, 3) == oid_) (void)extension(Cell(r, 0));  // installed in the schema
  }
  for (const SqlRow& r : *rows) {
    auto from = owner_.find(Cell(r, 0) + ":" + Cell(r, 1));
    if (from == owner_.end()) continue;
    // A sequence OWNED BY a column is created before the table: ownership is set by the table's definition.
    if (Cell(r, 4) == "a" && nodes_[from->second].kind == "sequence") continue;
    const std::string target = Cell(r, 2) + ":" + Cell(r, 3);
    std::optional<size_t> to;
    if (auto own = owner_.find(target); own != owner_.end()) {
      to = own->second;
    } else if (auto member = extension_member_.find(target); member != extension_member_.end()) {
      to = extension(member->second);
    } else if (Cell(r, 2) == "pg_extension") {
      to = extension(Cell(r, 3));
    }
    if (to && *to != from->second) nodes_[from->second].needs.insert(*to);
  }
  return Status::Ok();
}

// Puts `function` after every table, view and materialized view that does not need it (directly or
// through others): those it may read. One that needs it cannot come first; that is left to pg_depend.
void PgSchemaReader::AfterTablesItMayRead(size_t function) {
  std::vector<std::vector<size_t>> needed_by(nodes_.size());
  for (size_t i = 0; i < nodes_.size(); ++i) {
    for (size_t need : nodes_[i].needs) needed_by[need].push_back(i);
  }
  std::vector<bool> needs_it(nodes_.size(), false);
  std::vector<size_t> todo{function};
  needs_it[function] = true;
  while (!todo.empty()) {
    size_t at = todo.back();
    todo.pop_back();
    for (size_t next : needed_by[at]) {
      if (!needs_it[next]) needs_it[next] = true, todo.push_back(next);
    }
  }
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (!needs_it[i] && (nodes_[i].rank == kPgRankTable || nodes_[i].rank == kPgRankView)) nodes_[function].needs.insert(i);
  }
}

Schema PgSchemaReader::Ordered() {
  // One at a time, so that each sees the edges the ones before it added: no cycle can form.
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].reads_unknown_tables) AfterTablesItMayRead(i);
  }
  std::vector<size_t> waiting(nodes_.size(), 0);
  std::vector<std::vector<size_t>> unlocks(nodes_.size());
  for (size_t i = 0; i < nodes_.size(); ++i) {
    for (size_t need : nodes_[i].needs) ++waiting[i], unlocks[need].push_back(i);
  }
  using Key = std::tuple<int, std::string, std::string, size_t>;
  std::set<Key> ready;
  auto key = [&](size_t i) { return Key{nodes_[i].rank, nodes_[i].kind, nodes_[i].name, i}; };
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (waiting[i] == 0) ready.insert(key(i));
  }
  Schema schema;
  std::vector<bool> done(nodes_.size(), false);
  auto emit = [&](size_t i) {
    const Node& n = nodes_[i];
    schema.objects.push_back(SchemaObject{n.kind, n.name, n.create + n.after + n.comments + n.grants});
    done[i] = true;
  };
  while (!ready.empty()) {
    size_t i = std::get<3>(*ready.begin());
    ready.erase(ready.begin());
    emit(i);
    for (size_t next : unlocks[i]) {
      if (--waiting[next] == 0) ready.insert(key(next));
    }
  }
  // A cycle (which PostgreSQL's own dependencies do not form) keeps its objects in rank order at the end.
  std::set<Key> rest;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (!done[i]) rest.insert(key(i));
  }
  for (const Key& k : rest) emit(std::get<3>(k));
  return schema;
}

}  // namespace

std::unique_ptr<SchemaReader> PostgresSchemaReader(SqlQueries& queries, std::function<bool()> in_transaction,
                                                   std::string schema, std::string history_table) {
  return std::make_unique<PgSchemaReader>(queries, std::move(in_transaction), std::move(schema), std::move(history_table));
}

}  // namespace strata
