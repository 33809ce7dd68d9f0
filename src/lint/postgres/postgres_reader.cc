// PostgreSQL: each statement parsed by PostgreSQL's own parser (libpg_query), then its tree checked.
// Statements come from strata's splitter, so one statement the parser refuses does not hide the rest.
#include <fmt/format.h>
#include <pg_query.h>

#include <nlohmann/json.hpp>
#include <cstdlib>
#include <optional>
#include <set>

#include "core/parallel.h"
#include "core/text.h"
#include "lint/analysis.h"
#include "lint/sql/tokens.h"
#include "sql/transaction_control.h"

namespace strata::lint {
namespace {

using nlohmann::json;

const json kNull;

const json& Member(const json& node, const char* key) {
  if (!node.is_object()) return kNull;
  auto it = node.find(key);
  return it == node.end() ? kNull : *it;
}

bool Flag(const json& node, const char* key) {
  const json& v = Member(node, key);
  return v.is_boolean() && v.get<bool>();
}

std::string Text(const json& node, const char* key) {
  const json& v = Member(node, key);
  return v.is_string() ? v.get<std::string>() : "";
}

std::string RelationName(const json& range_var) {
  std::string schema = Text(range_var, "schemaname");
  std::string name = Text(range_var, "relname");
  return schema.empty() ? name : schema + "." + name;
}

// The last name of a TypeName ("pg_catalog"."int4" -> "int4"), and whether it has modifiers (varchar(20)).
std::string TypeOf(const json& type_name, bool* has_modifiers = nullptr) {
  std::string last;
  for (const json& part : Member(type_name, "names")) last = Text(Member(part, "String"), "sval");
  if (has_modifiers) *has_modifiers = Member(type_name, "typmods").is_array();
  return last;
}

// A List of String nodes ("schema"."table") as one dotted name.
std::string DottedName(const json& node) {
  const json& items = node.contains("List") ? Member(Member(node, "List"), "items") : json::array({node});
  std::string out;
  for (const json& item : items) {
    std::string part = Text(Member(item, "String"), "sval");
    if (part.empty()) continue;
    if (!out.empty()) out += '.';
    out += part;
  }
  return out;
}

bool IsVolatileCall(const json& expr) {
  static const std::set<std::string> kVolatile = {
      "random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "clock_timestamp",
      "timeofday", "nextval", "random_normal", "gen_random_bytes", "uuidv7", "uuid_generate_v7"};
  if (expr.is_object()) {
    if (const json& call = Member(expr, "FuncCall"); call.is_object()) {
      std::string name = DottedName(json{{"List", {{"items", Member(call, "funcname")}}}});
      if (size_t dot = name.rfind('.'); dot != std::string::npos) name = name.substr(dot + 1);
      if (kVolatile.count(name)) return true;
    }
    for (const auto& [key, value] : expr.items()) {
      if (IsVolatileCall(value)) return true;
    }
  } else if (expr.is_array()) {
    for (const json& item : expr) {
      if (IsVolatileCall(item)) return true;
    }
  }
  return false;
}

// "public.users" and "users" are one table to the rules that track tables across statements.
std::string Bare(const std::string& table) {
  size_t dot = table.rfind('.');
  return dot == std::string::npos ? table : table.substr(dot + 1);
}

std::string ReplacePlaceholders(std::string_view text) {
  // ${NAME} becomes an identifier of the same length, so offsets still point into the file.
  std::string out(text);
  for (size_t i = out.find("${"); i != std::string::npos; i = out.find("${", i)) {
    size_t close = out.find('}', i);
    if (close == std::string::npos) break;
    for (size_t j = i; j <= close; ++j) out[j] = j == i ? 'p' : '_';
    i = close + 1;
  }
  return out;
}

// Statements no rule reads the tree of: rows inserted with VALUES, plain queries, grants, comments.
// PostgreSQL's parser still checks them; only the tree is not read (on a seed file, most of the time).
bool TreeUnread(const SqlStatement& s) {
  if (s.tokens.empty()) return true;
  const Token& first = s.tokens[0];
  if (first.Is("INSERT")) return s.Find("SELECT") == std::string::npos;
  if (first.Is("SELECT")) return s.Find("SET_CONFIG") == std::string::npos;
  return first.Is("GRANT") || first.Is("REVOKE") || first.Is("COMMENT") || first.Is("COPY") || first.Is("VALUES");
}

class PostgresReaderImpl : public StatementReader {
 public:
  explicit PostgresReaderImpl(PartFindings& findings)
      : findings_(findings), scan_(findings.scan()), text_(scan_.section.text) {}

  void Statement(const SqlStatement& s, size_t i, size_t count) override {
    offset_ = s.offset;
    if (TreeUnread(s)) {  // only its syntax is checked, with the others like it, on every core (Finish)
      syntax_only_.push_back({s.region_begin, s.offset, s.end});
      return;
    }
    std::string sql = ReplacePlaceholders(text_.substr(s.offset, s.end - s.offset));
    PgQueryParseResult result = pg_query_parse(sql.c_str());
    if (result.error) {
      SyntaxError(s.offset, sql.size(), result.error);
      pg_query_free_parse_result(result);
      return;
    }
    json tree = json::parse(result.parse_tree, nullptr, false);
    pg_query_free_parse_result(result);
    for (const json& raw : Member(tree, "stmts")) {
      const json& stmt = Member(raw, "stmt");
      if (!stmt.is_object() || stmt.empty()) continue;
      Node(stmt.begin().key(), stmt.begin().value(), s, i, count);
    }
  }

 void Finish() override {
    struct Error {
      size_t at = 0;
      std::string message;
    };
    std::vector<std::optional<Error>> errors(syntax_only_.size());
    ParallelFor(syntax_only_.size(), 256, [&](size_t i) {
      const Span& span = syntax_only_[i];
      std::string sql = ReplacePlaceholders(text_.substr(span.offset, span.end - span.offset));
      PgQueryParseResult result = pg_query_parse(sql.c_str());
      if (result.error) {
        size_t at = result.error->cursorpos > 0 ? static_cast<size_t>(result.error->cursorpos - 1) : 0;
        errors[i] = Error{span.offset + std::min(at, sql.size()), result.error->message};
      }
      pg_query_free_parse_result(result);
    });
    for (size_t i = 0; i < errors.size(); ++i) {
      if (!errors[i]) continue;
      findings_.Statement(syntax_only_[i].region_begin, syntax_only_[i].end);
      findings_.Add("syntax-error", errors[i]->at, fmt::format("PostgreSQL's parser: {}", errors[i]->message));
    }
  }

 private:
  struct Span {
    size_t region_begin, offset, end;
  };

  void SyntaxError(size_t offset, size_t length, const PgQueryError* error) {
    size_t at = error->cursorpos > 0 ? static_cast<size_t>(error->cursorpos - 1) : 0;
    findings_.Add("syntax-error", offset + std::min(at, length), fmt::format("PostgreSQL's parser: {}", error->message));
  }

  size_t At(const json& node) const {
    const json& location = Member(node, "location");
    return offset_ + (location.is_number_integer() && location.get<int>() >= 0 ? location.get<size_t>() : 0);
  }

  bool Existing(const std::string& table) const { return !findings_.IsNew(PartFindings::Object::kTable, table); }

  // A statement that takes a strong lock on `table`: counts towards many-locks-in-transaction and needs
  // a lock timeout.
  void Locks(const std::string& table, size_t at) {
    if (table.empty() || !Existing(table)) return;
    if (!lock_timeout_reported_ && (lock_timeout_off_ || (scan_.options.ddl_lock_timeout_ms == 0 && !lock_timeout_set_))) {
      lock_timeout_reported_ = true;
      findings_.Add("lock-timeout-off", at, fmt::format("the lock on {} is waited for without a timeout", table));
    }
    if (!scan_.transactional) return;
    locked_.insert(Bare(table));
    if (locked_.size() == 2 && !many_locks_reported_) {
      many_locks_reported_ = true;
      findings_.Add("many-locks-in-transaction", at,
                    fmt::format("{} is locked while the lock on {} is still held", table, *locked_.begin() == Bare(table) ? *locked_.rbegin() : *locked_.begin()));
    }
  }

  void Node(const std::string& type, const json& n, const SqlStatement& s, size_t index, size_t count) {
    if (type == "TransactionStmt") {
      std::string keyword;
      if (scan_.section.transaction &&
          sql::ClassifyInTransaction(text_.substr(s.offset, s.end - s.offset), index, count, &keyword) == sql::InTransaction::kRefuse) {
        findings_.Add("transaction-control", s.offset, fmt::format("{} inside a migration strata runs in a transaction", keyword));
      }
    } else if (type == "VariableSetStmt") {
      VariableSet(n);
    } else if (type == "CreateStmt") {
      CreateTable(n);
    } else if (type == "CreateTableAsStmt") {
      findings_.Created(PartFindings::Object::kTable, RelationName(Member(Member(n, "into"), "rel")));
    } else if (type == "DropStmt") {
      Drop(n, s);
    } else if (type == "DropdbStmt") {
      findings_.Add("drop-database", s.offset, fmt::format("DROP DATABASE {}", Text(n, "dbname")));
      RefusesTransaction(s, "DROP DATABASE");
    } else if (type == "CreatedbStmt") {
      RefusesTransaction(s, "CREATE DATABASE");
    } else if (type == "CreateTableSpaceStmt" || type == "DropTableSpaceStmt") {
      RefusesTransaction(s, type == "CreateTableSpaceStmt" ? "CREATE TABLESPACE" : "DROP TABLESPACE");
    } else if (type == "AlterSystemStmt") {
      RefusesTransaction(s, "ALTER SYSTEM");
    } else if (type == "TruncateStmt") {
      Truncate(n, s);
    } else if (type == "DeleteStmt" || type == "UpdateStmt") {
      DeleteOrUpdate(type, n, s);
    } else if (type == "InsertStmt") {
      std::string table = RelationName(Member(n, "relation"));
      if (Member(n, "selectStmt").is_object() && Member(Member(n, "selectStmt"), "SelectStmt").contains("fromClause")) {
        Backfill(table, s.offset);
      }
    } else if (type == "AlterTableStmt") {
      AlterTable(n, s);
    } else if (type == "IndexStmt") {
      Index(n, s);
    } else if (type == "VacuumStmt") {
      Vacuum(n, s);
    } else if (type == "ClusterStmt") {
      std::string table = RelationName(Member(n, "relation"));
      findings_.Add("cluster", s.offset, fmt::format("CLUSTER {}", table.empty() ? "(every clustered table)" : table), table);
      Locks(table, s.offset);
    } else if (type == "ReindexStmt") {
      Reindex(n, s);
    } else if (type == "RefreshMatViewStmt") {
      std::string view = RelationName(Member(n, "relation"));
      if (!Flag(n, "concurrent")) {
        findings_.Add("refresh-without-concurrently", s.offset, fmt::format("REFRESH MATERIALIZED VIEW {}", view), view);
      }
    } else if (type == "LockStmt") {
      for (const json& rel : Member(n, "relations")) {
        std::string table = RelationName(Member(rel, "RangeVar"));
        findings_.Add("lock-table", s.offset, fmt::format("LOCK TABLE {}", table), table);
        Locks(table, s.offset);
      }
    } else if (type == "RenameStmt") {
      Rename(n, s);
    } else if (type == "AlterEnumStmt") {
      if (!Text(n, "newVal").empty() && Text(n, "oldVal").empty() && scan_.transactional &&
          (scan_.options.server_version == 0 || scan_.options.server_version < 120000 || UsedLater(s, Text(n, "newVal")))) {
        findings_.Add("enum-add-value-in-transaction", s.offset,
                      fmt::format("ALTER TYPE {} ADD VALUE '{}' in a transaction", DottedName(json{{"List", {{"items", Member(n, "typeName")}}}}),
                                  Text(n, "newVal")));
      }
    } else if (type == "CreateDomainStmt") {
      for (const json& c : Member(n, "constraints")) {
        if (Text(Member(c, "Constraint"), "contype") == "CONSTR_CHECK") {
          findings_.Add("domain-check-constraint", s.offset,
                        fmt::format("CREATE DOMAIN {} with a CHECK", DottedName(json{{"List", {{"items", Member(n, "domainname")}}}})));
          break;
        }
      }
    } else if (type == "SelectStmt") {
      SetConfig(text_.substr(s.offset, s.end - s.offset));
    } else if (type == "AlterDomainStmt") {
      if (Text(n, "subtype") == "C") {
        findings_.Add("domain-check-constraint", s.offset,
                      fmt::format("ALTER DOMAIN {} ADD CONSTRAINT", DottedName(json{{"List", {{"items", Member(n, "typeName")}}}})));
      }
    }
  }

  // Whether the text after statement `s` uses 'value' (the new enum value) in this part.
  bool UsedLater(const SqlStatement& s, const std::string& value) const {
    return text_.find("'" + value + "'", s.end) != std::string_view::npos;
  }

  void RefusesTransaction(const SqlStatement& s, const char* what) {
    if (!scan_.transactional) return;
    findings_.Add("statement-refuses-transaction", s.offset, fmt::format("{} cannot run in a transaction", what));
  }

  void VariableSet(const json& n) {
    std::string name = Text(n, "name");
    if (name != "lock_timeout") return;
    const json& args = Member(n, "args");
    std::string value;
    if (args.is_array() && !args.empty()) {
      const json& constant = Member(args[0], "A_Const");
      if (const json& i = Member(Member(constant, "ival"), "ival"); i.is_number()) value = std::to_string(i.get<long>());
      else if (Member(constant, "ival").is_object()) value = "0";  // ival 0 is written as an empty object
      if (const json& str = Member(Member(constant, "sval"), "sval"); str.is_string()) value = str.get<std::string>();
    }
    bool reset = Text(n, "kind") == "VAR_SET_DEFAULT" || Text(n, "kind") == "VAR_RESET";
    bool zero = !value.empty() && value[0] == '0' && std::strtod(value.c_str(), nullptr) == 0;
    bool off = reset ? scan_.options.ddl_lock_timeout_ms == 0 : zero;
    lock_timeout_off_ = off;
    lock_timeout_set_ = !off;
  }

  // SELECT set_config('lock_timeout', '0', ...) turns the lock timeout off as SET does.
  void SetConfig(std::string_view statement) {
    std::string lower(statement.substr(0, 4096));  // the call is near the start; a SELECT may be huge
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t call = lower.find("set_config");
    size_t name = call == std::string::npos ? call : lower.find("'lock_timeout'", call);
    if (name == std::string::npos) return;
    size_t open = lower.find('\'', lower.find(',', name));
    size_t close = open == std::string::npos ? open : lower.find('\'', open + 1);
    if (close == std::string::npos) return;
    std::string value = lower.substr(open + 1, close - open - 1);
    bool zero = !value.empty() && value[0] == '0' && std::strtod(value.c_str(), nullptr) == 0;
    lock_timeout_off_ = zero;
    lock_timeout_set_ = !zero;
  }

  void CreateTable(const json& n) {
    std::string table = RelationName(Member(n, "relation"));
    findings_.Created(PartFindings::Object::kTable, table);
    std::set<std::string> primary;  // table-level PRIMARY KEY (col)
    for (const json& element : Member(n, "tableElts")) {
      const json& constraint = Member(element, "Constraint");
      if (Text(constraint, "contype") == "CONSTR_PRIMARY" && Member(constraint, "keys").size() == 1) {
        primary.insert(Text(Member(Member(constraint, "keys")[0], "String"), "sval"));
      }
    }
    for (const json& element : Member(n, "tableElts")) {
      const json& column = Member(element, "ColumnDef");
      if (!column.is_object()) continue;
      bool is_primary = primary.count(Text(column, "colname")) > 0;
      for (const json& c : Member(column, "constraints")) is_primary = is_primary || Text(Member(c, "Constraint"), "contype") == "CONSTR_PRIMARY";
      ColumnStyle(column, is_primary);
    }
  }

  void ColumnStyle(const json& column, bool is_primary) {
    bool modifiers = false;
    std::string type = TypeOf(Member(column, "typeName"), &modifiers);
    std::string name = Text(column, "colname");
    size_t at = At(Member(column, "typeName"));
    if (is_primary && (type == "int4" || type == "int2" || type == "serial" || type == "serial4" || type == "smallserial" || type == "serial2")) {
      findings_.Add("int-primary-key", at, fmt::format("primary key {} is {}", name, type == "int4" ? "integer" : type));
    }
    if (type == "timestamp") findings_.Add("timestamp-without-time-zone", at, fmt::format("{} is timestamp without time zone", name));
    if (type == "bpchar" && modifiers) findings_.Add("char-column", at, fmt::format("{} is char(n)", name));
    if (type == "varchar" && modifiers) findings_.Add("varchar-length", at, fmt::format("{} is varchar(n)", name));
    if (type == "serial" || type == "bigserial" || type == "smallserial" || type == "serial4" || type == "serial8") {
      findings_.Add("serial-column", at, fmt::format("{} is {}", name, type));
    }
  }

  void Drop(const json& n, const SqlStatement& s) {
    std::string kind = Text(n, "removeType");
    for (const json& object : Member(n, "objects")) {
      std::string name = DottedName(object);
      if (kind == "OBJECT_TABLE" && Existing(name)) {
        findings_.Add("drop-table", s.offset, fmt::format("DROP TABLE {}", name), name);
        Locks(name, s.offset);
      } else if (kind == "OBJECT_SCHEMA") {
        findings_.Add("drop-schema", s.offset, fmt::format("DROP SCHEMA {}", name));
      } else if (kind == "OBJECT_INDEX" && !findings_.IsNew(PartFindings::Object::kIndex, name)) {
        if (!Flag(n, "concurrent")) {
          findings_.Add("drop-index-without-concurrently", s.offset, fmt::format("DROP INDEX {}", name));
        } else if (scan_.transactional) {
          findings_.Add("concurrently-in-transaction", s.offset, fmt::format("DROP INDEX CONCURRENTLY {} in a transaction", name));
        }
      }
    }
  }

  void Truncate(const json& n, const SqlStatement& s) {
    for (const json& rel : Member(n, "relations")) {
      std::string table = RelationName(Member(rel, "RangeVar"));
      if (!Existing(table)) continue;
      bool cascade = Text(n, "behavior") == "DROP_CASCADE";
      findings_.Add(cascade ? "truncate-cascade" : "truncate", s.offset, fmt::format("TRUNCATE {}{}", table, cascade ? " CASCADE" : ""), table);
      Locks(table, s.offset);
    }
  }

  void DeleteOrUpdate(const std::string& type, const json& n, const SqlStatement& s) {
    std::string table = RelationName(Member(n, "relation"));
    if (!Member(n, "whereClause").is_object() && Existing(table)) {
      bool del = type == "DeleteStmt";
      findings_.Add(del ? "delete-without-where" : "update-without-where", s.offset,
                    fmt::format("{} {} without WHERE: every row", del ? "DELETE FROM" : "UPDATE", table), table);
    }
    Backfill(table, s.offset);
  }

  void Backfill(const std::string& table, size_t at) {
    if (scan_.transactional && altered_.count(Bare(table)) && !backfill_reported_.count(Bare(table))) {
      backfill_reported_.insert(Bare(table));
      findings_.Add("backfill-with-ddl", at, fmt::format("rows of {} change in the transaction that altered it", table));
    }
  }

  void AlterTable(const json& n, const SqlStatement& s) {
    if (Text(n, "objtype") != "OBJECT_TABLE") return;
    std::string table = RelationName(Member(n, "relation"));
    if (!Existing(table)) return;
    bool strong = false;
    for (const json& item : Member(n, "cmds")) {
      const json& cmd = Member(item, "AlterTableCmd");
      std::string sub = Text(cmd, "subtype");
      std::string column = Text(cmd, "name");
      const json& def = Member(cmd, "def");
      size_t at = s.offset;
      strong = strong || sub != "AT_ValidateConstraint";
      if (sub == "AT_DropColumn" && !findings_.IsNew(PartFindings::Object::kColumn, table + "." + column)) {
        findings_.Add("drop-column", at, fmt::format("ALTER TABLE {} DROP COLUMN {}", table, column), table, column);
      } else if (sub == "AT_AlterColumnType") {
        ColumnType(table, column, Member(Member(def, "ColumnDef"), "typeName"), at);
      } else if (sub == "AT_ColumnDefault" && !def.is_object()) {
        findings_.Add("drop-default", at, fmt::format("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT", table, column));
      } else if (sub == "AT_SetNotNull") {
        findings_.Add("set-not-null", at, fmt::format("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL", table, column), table);
      } else if (sub == "AT_DropNotNull") {
        findings_.Add("drop-not-null", at, fmt::format("ALTER TABLE {} ALTER COLUMN {} DROP NOT NULL", table, column));
      } else if (sub == "AT_AddColumn") {
        AddColumn(table, Member(def, "ColumnDef"), at);
      } else if (sub == "AT_AddConstraint") {
        AddConstraint(table, Member(def, "Constraint"), at);
      } else if (sub == "AT_ValidateConstraint") {
        if (scan_.transactional && not_valid_.count(table + "." + column)) {
          findings_.Add("validate-in-same-transaction", at,
                        fmt::format("constraint {} is validated in the transaction that added it NOT VALID", column));
        }
      } else if (sub == "AT_SetLogged" || sub == "AT_SetUnLogged" || sub == "AT_SetTableSpace" || sub == "AT_SetAccessMethod") {
        findings_.Add("table-rewrite", at, fmt::format("ALTER TABLE {}: {}", table, sub.substr(3)), table);
      } else if (sub == "AT_DetachPartition" && Flag(Member(def, "PartitionCmd"), "concurrent") && scan_.transactional) {
        findings_.Add("concurrently-in-transaction", at, fmt::format("DETACH PARTITION CONCURRENTLY of {} in a transaction", table));
      }
    }
    if (strong) {
      Locks(table, s.offset);
      altered_.insert(Bare(table));
    }
  }

  void ColumnType(const std::string& table, const std::string& column, const json& type_name, size_t at) {
    bool modifiers = false;
    std::string type = TypeOf(type_name, &modifiers);
    // Binary-compatible targets: no rewrite (varchar(n) to text or a longer varchar cannot be told apart
    // offline; a target without a limit is the common safe case).
    bool free = (type == "text" || type == "varchar" || type == "numeric" || type == "citext") && !modifiers;
    if (!free) {
      findings_.Add("column-type-change", at, fmt::format("ALTER TABLE {} ALTER COLUMN {} TYPE {}", table, column, type), table);
    }
    if (type == "varchar" && modifiers) findings_.Add("varchar-length", at, fmt::format("{}.{} becomes varchar(n)", table, column));
    static const std::set<std::string> kSmall = {"int2", "int4", "float4", "smallint", "integer", "real"};
    if (modifiers || kSmall.count(type)) {
      findings_.Add("narrow-column-type", at, fmt::format("{}.{} becomes {}{}: values that do not fit fail", table, column, type,
                                                          modifiers ? "(...)" : ""), table);
    }
  }

  void AddColumn(const std::string& table, const json& column, size_t at) {
    std::string name = Text(column, "colname");
    findings_.Created(PartFindings::Object::kColumn, table + "." + name);
    std::string type = TypeOf(Member(column, "typeName"));
    bool not_null = false, has_default = false, generated = false, identity = false, unique = false, primary = false;
    const json* default_expr = nullptr;
    for (const json& item : Member(column, "constraints")) {
      const json& c = Member(item, "Constraint");
      std::string kind = Text(c, "contype");
      not_null = not_null || kind == "CONSTR_NOTNULL" || kind == "CONSTR_PRIMARY";
      if (kind == "CONSTR_DEFAULT") {
        has_default = true;
        default_expr = &Member(c, "raw_expr");
      }
      generated = generated || kind == "CONSTR_GENERATED";
      identity = identity || kind == "CONSTR_IDENTITY";
      unique = unique || kind == "CONSTR_UNIQUE" || kind == "CONSTR_PRIMARY";
      primary = primary || kind == "CONSTR_PRIMARY";
      if (kind == "CONSTR_FOREIGN" && !Flag(c, "skip_validation")) {
        findings_.Add("foreign-key-without-not-valid", at,
                      fmt::format("column {}.{} is added with a foreign key that is checked at once", table, name), table);
      }
    }
    bool serial = type == "serial" || type == "bigserial" || type == "smallserial" || type == "serial4" || type == "serial8";
    if (serial || identity) {
      findings_.Add("add-serial-column", at, fmt::format("ALTER TABLE {} ADD COLUMN {} {}", table, name, identity ? "GENERATED ... AS IDENTITY" : type), table);
    } else if (generated) {
      findings_.Add("add-stored-generated-column", at, fmt::format("ALTER TABLE {} ADD COLUMN {} GENERATED ... STORED", table, name), table);
    } else if (default_expr && IsVolatileCall(*default_expr)) {
      findings_.Add("volatile-default", at, fmt::format("ALTER TABLE {} ADD COLUMN {} with a volatile default", table, name), table);
    } else if (has_default && scan_.options.server_version > 0 && scan_.options.server_version < 110000) {
      findings_.Add("volatile-default", at,
                    fmt::format("ALTER TABLE {} ADD COLUMN {} with a default: this server (before 11) rewrites the table", table, name), table);
    } else if (not_null && !has_default) {
      findings_.Add("add-not-null-without-default", at, fmt::format("ALTER TABLE {} ADD COLUMN {} NOT NULL without a default", table, name));
    }
    if (unique) findings_.Add("unique-without-using-index", at, fmt::format("ALTER TABLE {} ADD COLUMN {} with its own unique index", table, name), table);
    ColumnStyle(column, primary);
  }

  void AddConstraint(const std::string& table, const json& c, size_t at) {
    std::string kind = Text(c, "contype");
    std::string name = Text(c, "conname");
    bool not_valid = Flag(c, "skip_validation");
    if (not_valid) not_valid_.insert(table + "." + name);
    if (kind == "CONSTR_FOREIGN" && !not_valid) {
      findings_.Add("foreign-key-without-not-valid", at, fmt::format("foreign key {} on {} checks every row", name, table), table);
    } else if (kind == "CONSTR_CHECK" && !not_valid) {
      findings_.Add("check-without-not-valid", at, fmt::format("CHECK {} on {} checks every row", name, table), table);
    } else if ((kind == "CONSTR_UNIQUE" || kind == "CONSTR_PRIMARY") && Text(c, "indexname").empty()) {
      findings_.Add("unique-without-using-index", at,
                    fmt::format("{} {} on {} builds its index under an ACCESS EXCLUSIVE lock", kind == "CONSTR_UNIQUE" ? "UNIQUE" : "PRIMARY KEY", name, table), table);
    } else if (kind == "CONSTR_EXCLUSION") {
      findings_.Add("exclusion-constraint", at, fmt::format("EXCLUDE constraint {} on {}", name, table), table);
    }
  }

  void Index(const json& n, const SqlStatement& s) {
    std::string table = RelationName(Member(n, "relation"));
    std::string name = Text(n, "idxname");
    findings_.Created(PartFindings::Object::kIndex, name);
    bool concurrent = Flag(n, "concurrent");
    if (concurrent && scan_.transactional) {
      findings_.Add("concurrently-in-transaction", s.offset, fmt::format("CREATE INDEX CONCURRENTLY {} in a transaction", name));
    } else if (concurrent && !Flag(n, "if_not_exists")) {
      findings_.Add("non-transactional-retry", s.offset, fmt::format("CREATE INDEX CONCURRENTLY {} without IF NOT EXISTS", name));
    } else if (!concurrent && Existing(table) && Flag(Member(n, "relation"), "inh")) {  // ON ONLY builds nothing
      findings_.Add("create-index-without-concurrently", s.offset, fmt::format("CREATE INDEX {} ON {}", name, table), table);
      Locks(table, s.offset);
    }
  }

  void Vacuum(const json& n, const SqlStatement& s) {
    bool full = false;
    for (const json& option : Member(n, "options")) full = full || Text(Member(option, "DefElem"), "defname") == "full";
    if (!Flag(n, "is_vacuumcmd")) return;  // ANALYZE
    if (scan_.transactional) findings_.Add("statement-refuses-transaction", s.offset, "VACUUM cannot run in a transaction");
    if (full) {
      std::string tables;
      for (const json& rel : Member(n, "rels")) {
        tables += (tables.empty() ? "" : ", ") + RelationName(Member(Member(rel, "VacuumRelation"), "relation"));
      }
      findings_.Add("vacuum-full", s.offset, fmt::format("VACUUM FULL {}", tables.empty() ? "(every table)" : tables));
    }
  }

  void Reindex(const json& n, const SqlStatement& s) {
    bool concurrent = false;
    for (const json& p : Member(n, "params")) concurrent = concurrent || Text(Member(p, "DefElem"), "defname") == "concurrently";
    std::string kind = Text(n, "kind");
    std::string what = Member(n, "relation").is_object() ? RelationName(Member(n, "relation")) : Text(n, "name");
    if ((kind == "REINDEX_OBJECT_DATABASE" || kind == "REINDEX_OBJECT_SYSTEM" || kind == "REINDEX_OBJECT_SCHEMA") && scan_.transactional) {
      findings_.Add("statement-refuses-transaction", s.offset, fmt::format("REINDEX of a whole {} cannot run in a transaction", kind.substr(15)));
    } else if (concurrent && scan_.transactional) {
      findings_.Add("concurrently-in-transaction", s.offset, fmt::format("REINDEX CONCURRENTLY {} in a transaction", what));
    } else if (!concurrent) {
      findings_.Add("reindex-without-concurrently", s.offset, fmt::format("REINDEX {}", what), kind == "REINDEX_OBJECT_TABLE" ? what : "");
    }
  }

  void Rename(const json& n, const SqlStatement& s) {
    std::string kind = Text(n, "renameType");
    std::string table = RelationName(Member(n, "relation"));
    if (!Existing(table)) {
      if (kind == "OBJECT_TABLE") findings_.Created(PartFindings::Object::kTable, Text(n, "newname"));
      return;
    }
    if (kind == "OBJECT_TABLE") {
      findings_.Add("rename-table", s.offset, fmt::format("{} is renamed to {}", table, Text(n, "newname")));
      Locks(table, s.offset);
    } else if (kind == "OBJECT_COLUMN") {
      findings_.Add("rename-column", s.offset, fmt::format("{}.{} is renamed to {}", table, Text(n, "subname"), Text(n, "newname")));
      Locks(table, s.offset);
    }
  }

  PartFindings& findings_;
  const PartScan& scan_;
  std::string_view text_;
  size_t offset_ = 0;
  std::set<std::string> locked_, altered_, backfill_reported_, not_valid_;
  bool many_locks_reported_ = false;
  bool lock_timeout_off_ = false;
  bool lock_timeout_set_ = false;
  bool lock_timeout_reported_ = false;
  std::vector<Span> syntax_only_;
};

}  // namespace

std::unique_ptr<StatementReader> PostgresReader(PartFindings& findings) { return std::make_unique<PostgresReaderImpl>(findings); }

}  // namespace strata::lint
