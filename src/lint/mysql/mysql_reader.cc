// MySQL/MariaDB: statements read as tokens; ALTER TABLE clause by clause, with what InnoDB does for each
// (INSTANT, INPLACE or COPY) and the ALGORITHM/LOCK the statement asks for.
#include <fmt/format.h>

#include <cstdlib>
#include <map>

#include "lint/sql/token_reader.h"

namespace strata::lint {
namespace {

bool IsIntType(const Token& t) {
  return t.Is("INT") || t.Is("INTEGER") || t.Is("MEDIUMINT") || t.Is("SMALLINT") || t.Is("TINYINT");
}

class MysqlReaderImpl : public TokenReader {
 public:
  explicit MysqlReaderImpl(PartFindings& findings) : TokenReader(findings, TokenDialect::kMysql) {}

 private:
  struct Alter {
    std::string table;
    std::string needs_copy;  // why the statement cannot be INPLACE/INSTANT ("" when it can)
    bool builds_index = false;
    bool fulltext = false;
  };

  void Locking(const std::string& table, const SqlStatement& s) override {
    if (!lock_timeout_reported_ && (lock_timeout_off_ || (scan_.options.ddl_lock_timeout_ms == 0 && !lock_timeout_set_))) {
      lock_timeout_reported_ = true;
      findings_.Add("lock-timeout-off", s.offset, fmt::format("the lock on {} is waited for without a timeout", table));
    }
  }

  // Statements that commit implicitly (DDL other than on temporary tables) and data changes.
  void Before(const SqlStatement& s) override {
    const Token& first = s.tokens[0];
    bool temporary = s.At(1, {"TEMPORARY"}) || s.At(1, {"TEMP"});
    if ((first.Is("CREATE") || first.Is("ALTER") || first.Is("DROP") || first.Is("RENAME") || first.Is("TRUNCATE")) && !temporary) {
      Ddl(s);
    } else if (first.Is("INSERT") || first.Is("UPDATE") || first.Is("DELETE") || first.Is("REPLACE") ||
               (first.Is("WITH") && (s.Find("UPDATE") != std::string::npos || s.Find("DELETE") != std::string::npos ||
                                     s.Find("INSERT") != std::string::npos))) {
      Dml(s);
    }
  }

  // MySQL commits around DDL: a part that mixes it with data changes is not atomic.
  void Ddl(const SqlStatement& s) {
    has_ddl_ = true;
    if (has_dml_ && !mixed_reported_) Mixed(s);
  }
  void Dml(const SqlStatement& s) {
    has_dml_ = true;
    if (has_ddl_ && !mixed_reported_) Mixed(s);
  }
  void Mixed(const SqlStatement& s) {
    mixed_reported_ = true;
    findings_.Add("implicit-commit", s.offset, "schema changes and data changes in one migration: MySQL commits between them");
  }

  void OtherStatement(const SqlStatement& s) override {
    const Token& first = s.tokens[0];
    if (first.Is("SET")) return Set(s);
    if (first.Is("CREATE")) {
      Charset(s);
      if (size_t t = s.Find("TABLE"); t != std::string::npos && t < 4) return CreateTable(s, t);
      if (size_t idx = s.Find("INDEX"); idx != std::string::npos && idx < 4) return CreateIndex(s, idx);
      return;
    }
    if (s.At(0, {"RENAME", "TABLE"})) {
      for (size_t i = 2; i < s.tokens.size();) {
        size_t after = i;
        std::string from = s.NameAt(i, &after);
        size_t to = s.Find("TO", after);
        if (from.empty() || to == std::string::npos) break;
        size_t next = to + 1;
        std::string target = s.NameAt(to + 1, &next);
        if (Existing(from)) {
          findings_.Add("rename-table", s.offset, fmt::format("{} is renamed to {}", from, target));
          Locking(from, s);
        }
        i = next + 1;  // past the comma
      }
      return;
    }
    if (s.At(0, {"LOCK", "TABLES"}) || s.At(0, {"LOCK", "TABLE"})) {
      findings_.Add("lock-table", s.offset, fmt::format("LOCK TABLES {}", s.NameAt(2)));
      Locking(s.NameAt(2), s);
      return;
    }
    if (s.At(0, {"OPTIMIZE"})) {
      size_t i = s.Find("TABLE");
      std::string table = i == std::string::npos ? "" : s.NameAt(i + 1);
      findings_.Add("optimize-table", s.offset, fmt::format("OPTIMIZE TABLE {}", table));
      Locking(table, s);
      return;
    }
    if (s.At(0, {"ALTER"}) && s.Find("TABLE") != std::string::npos) {
      Charset(s);
      FinishAlter(s);
    }
  }

  void Set(const SqlStatement& s) {
    for (size_t i = 1; i + 2 < s.tokens.size(); ++i) {
      if (s.tokens[i].Is("FOREIGN_KEY_CHECKS")) {
        size_t v = s.tokens[i + 1].IsSymbol('=') ? i + 2 : i + 1;
        if (v < s.tokens.size()) foreign_key_checks_ = !(s.tokens[v].text == "0" || s.tokens[v].Is("OFF"));
      }
      if (!s.tokens[i].Is("LOCK_WAIT_TIMEOUT")) continue;
      size_t v = s.tokens[i + 1].IsSymbol('=') ? i + 2 : i + 1;
      if (v >= s.tokens.size() || s.tokens[v].kind != Token::Kind::kNumber) return;
      double seconds = std::strtod(std::string(s.tokens[v].text).c_str(), nullptr);
      lock_timeout_off_ = seconds >= 3600;
      lock_timeout_set_ = !lock_timeout_off_;
    }
  }

  void Charset(const SqlStatement& s) {
    for (size_t i = 0; i < s.tokens.size(); ++i) {
      const Token& t = s.tokens[i];
      bool utf8 = t.IsName() && (t.Name() == "utf8" || t.Name() == "utf8mb3" || t.Name().rfind("utf8_", 0) == 0 ||
                                 t.Name().rfind("utf8mb3_", 0) == 0);
      if (utf8 && i > 0 && (s.tokens[i - 1].IsSymbol('=') || s.tokens[i - 1].Is("SET") || s.tokens[i - 1].Is("CHARSET") ||
                            s.tokens[i - 1].Is("COLLATE"))) {
        findings_.Add("utf8mb3-charset", t.offset, fmt::format("{} is utf8mb3, which cannot store 4-byte characters", t.text));
        return;
      }
    }
  }

  void CreateTable(const SqlStatement& s, size_t table_at) {
    size_t open = table_at + 1;
    std::string table = TableAt(s, table_at + 1, &open);
    if (open < s.tokens.size() && (s.tokens[open].Is("AS") || s.tokens[open].Is("SELECT"))) {
      findings_.Add("create-table-without-primary-key", s.offset, fmt::format("{} is created from a query, without a primary key", table));
      return;
    }
    if (open >= s.tokens.size() || !s.tokens[open].IsSymbol('(')) return;  // LIKE
    size_t close = s.SkipParens(open);  // one past the closing parenthesis
    if (close == std::string::npos) return;
    bool has_primary = false;
    std::map<std::string, bool> int_columns;
    std::string primary_column;
    size_t begin = open + 1;
    int depth = 0;
    for (size_t j = open + 1; j < close; ++j) {
      bool last = j == close - 1;
      if (!last) {
        if (s.tokens[j].IsSymbol('(')) ++depth;
        if (s.tokens[j].IsSymbol(')')) --depth;
        if (!(depth == 0 && s.tokens[j].IsSymbol(','))) continue;
      }
      Definition(s, table, begin, j, &has_primary, &int_columns, &primary_column);
      begin = j + 1;
    }
    if (!primary_column.empty() && int_columns[primary_column]) {
      findings_.Add("int-primary-key", s.offset, fmt::format("primary key {}.{} is a 32-bit integer", table, primary_column));
    }
    if (!has_primary) findings_.Add("create-table-without-primary-key", s.offset, fmt::format("{} has no primary key", table));
  }

  // One column or constraint of CREATE TABLE: tokens [begin, end).
  void Definition(const SqlStatement& s, const std::string& table, size_t begin, size_t end, bool* has_primary,
                  std::map<std::string, bool>* int_columns, std::string* primary_column) {
    if (begin >= end) return;
    bool constraint = s.At(begin, {"PRIMARY"}) || s.At(begin, {"CONSTRAINT"}) || s.At(begin, {"UNIQUE"}) ||
                      s.At(begin, {"KEY"}) || s.At(begin, {"INDEX"}) || s.At(begin, {"FOREIGN"}) || s.At(begin, {"CHECK"}) ||
                      s.At(begin, {"FULLTEXT"}) || s.At(begin, {"SPATIAL"});
    bool primary = false;
    for (size_t k = begin; k + 1 < end; ++k) primary = primary || s.At(k, {"PRIMARY", "KEY"});
    *has_primary = *has_primary || primary;
    if (constraint) {
      if (!primary) return;
      for (size_t k = begin; k + 2 < end; ++k) {
        if (s.tokens[k].IsSymbol('(') && s.tokens[k + 2].IsSymbol(')')) {
          *primary_column = s.tokens[k + 1].Name();
          break;
        }
      }
      return;
    }
    if (begin + 1 >= end || !s.tokens[begin].IsName()) return;
    bool is_int = IsIntType(s.tokens[begin + 1]);
    (*int_columns)[s.tokens[begin].Name()] = is_int;
    if (primary && is_int) {
      findings_.Add("int-primary-key", s.tokens[begin].offset,
                    fmt::format("primary key {}.{} is {}", table, s.tokens[begin].Name(), s.tokens[begin + 1].text));
    }
  }

  void CreateIndex(const SqlStatement& s, size_t index_at) {
    size_t on = s.Find("ON", index_at);
    if (on == std::string::npos) return;
    std::string table = s.NameAt(on + 1);
    if (!Existing(table)) return;
    Locking(table, s);
    if (s.Find("FULLTEXT") < index_at) {
      findings_.Add("fulltext-index", s.offset, fmt::format("FULLTEXT index {} on {}", s.NameAt(index_at + 1), table), table);
    }
    Algorithm(s, table, "", true, s.Find("FULLTEXT") < index_at);
  }

  void AlterClause(const std::string& table, const SqlStatement& s, size_t begin, size_t end) override {
    if (alter_.table != table || alter_offset_ != s.offset) {
      alter_ = Alter{table, "", false, false};
      alter_offset_ = s.offset;
    }
    if (CommonAlterClause(table, s, begin, end)) return;
    size_t at = s.tokens[begin].offset;
    if (s.At(begin, {"ADD"})) return AddClause(table, s, begin, end);
    if (s.At(begin, {"DROP", "PRIMARY", "KEY"})) {
      dropped_primary_ = true;
      findings_.Add("change-primary-key", at, fmt::format("the primary key of {} is dropped: the table is rebuilt", table), table);
      alter_.needs_copy = "dropping the primary key";
      return;
    }
    if (s.At(begin, {"DROP", "INDEX"}) || s.At(begin, {"DROP", "KEY"})) {
      findings_.Add("drop-index", at, fmt::format("index {} of {} is dropped", s.NameAt(begin + 2), table));
      return;
    }
    if (s.At(begin, {"DROP"}) && !s.At(begin, {"DROP", "FOREIGN"}) && !s.At(begin, {"DROP", "CONSTRAINT"}) &&
        !s.At(begin, {"DROP", "CHECK"}) && !s.At(begin, {"DROP", "PARTITION"})) {
      size_t name_at = s.At(begin + 1, {"COLUMN"}) ? begin + 2 : begin + 1;
      if (s.At(name_at, {"IF", "EXISTS"})) name_at += 2;
      DropColumn(table, s.NameAt(name_at), at);
      return;
    }
    if (s.At(begin, {"MODIFY"}) || s.At(begin, {"CHANGE"})) return Redefine(table, s, begin, end);
    if (s.At(begin, {"ALTER"}) && s.Find("DROP", begin) < end && s.Find("DEFAULT", begin) < end) {
      size_t name_at = s.At(begin + 1, {"COLUMN"}) ? begin + 2 : begin + 1;
      findings_.Add("drop-default", at, fmt::format("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT", table, s.NameAt(name_at)));
      return;
    }
    if (s.At(begin, {"CONVERT", "TO"})) {
      findings_.Add("charset-conversion", at, fmt::format("{} is converted to another character set: the table is copied", table), table);
      alter_.needs_copy = "CONVERT TO CHARACTER SET";
      return;
    }
  }

  void AddClause(const std::string& table, const SqlStatement& s, size_t begin, size_t end) {
    size_t at = s.tokens[begin].offset;
    size_t next = begin + 1;
    if (s.At(next, {"CONSTRAINT"})) next += s.tokens.size() > next + 1 && !s.At(next + 1, {"FOREIGN"}) && !s.At(next + 1, {"PRIMARY"}) &&
                                               !s.At(next + 1, {"UNIQUE"}) && !s.At(next + 1, {"CHECK"})
                                           ? 2
                                           : 1;
    if (s.At(next, {"FOREIGN"})) {
      if (!foreign_key_checks_) return;  // with the checks off MySQL adds it in place
      findings_.Add("foreign-key-copies-table", at, fmt::format("a foreign key is added to {}: MySQL copies the table", table), table);
      alter_.needs_copy = "adding a foreign key with foreign_key_checks on";
      return;
    }
    if (s.At(next, {"PRIMARY"})) {
      if (!dropped_primary_) findings_.Add("change-primary-key", at, fmt::format("a primary key is added to {}: the table is rebuilt", table), table);
      alter_.builds_index = true;
      return;
    }
    if (s.At(next, {"FULLTEXT"})) {
      findings_.Add("fulltext-index", at, fmt::format("FULLTEXT index on {}", table), table);
      alter_.builds_index = true;
      alter_.fulltext = true;
      return;
    }
    if (s.At(next, {"INDEX"}) || s.At(next, {"KEY"}) || s.At(next, {"UNIQUE"}) || s.At(next, {"SPATIAL"})) {
      alter_.builds_index = true;
      return;
    }
    if (s.At(next, {"CHECK"}) || s.At(next, {"PARTITION"})) return;
    // A column.
    size_t name_at = s.At(next, {"COLUMN"}) ? next + 1 : next;
    std::string column = s.NameAt(name_at);
    bool stored = false, generated = false, auto_increment = false, position = false, primary = false;
    for (size_t j = name_at; j < end; ++j) {
      primary = primary || s.At(j, {"PRIMARY", "KEY"});
      generated = generated || s.tokens[j].Is("AS") || s.tokens[j].Is("GENERATED");
      stored = stored || s.tokens[j].Is("STORED") || s.tokens[j].Is("PERSISTENT");
      auto_increment = auto_increment || s.tokens[j].Is("AUTO_INCREMENT");
      position = position || s.tokens[j].Is("FIRST") || s.tokens[j].Is("AFTER");
    }
    if (auto_increment) {
      findings_.Add("add-serial-column", at, fmt::format("ALTER TABLE {} ADD COLUMN {} AUTO_INCREMENT", table, column), table);
      alter_.needs_copy = "adding an AUTO_INCREMENT column";
    } else if (generated && stored) {
      findings_.Add("add-stored-generated-column", at, fmt::format("ALTER TABLE {} ADD COLUMN {} ... STORED", table, column), table);
      alter_.needs_copy = "adding a stored generated column";
    }
    if (primary && !dropped_primary_) {
      findings_.Add("change-primary-key", at, fmt::format("{}.{} is added as the primary key: the table is rebuilt", table, column), table);
    }
    if (position) findings_.Add("add-column-position", at, fmt::format("{}.{} is added at a position, not at the end", table, column), table);
  }

  void Redefine(const std::string& table, const SqlStatement& s, size_t begin, size_t end) {
    size_t at = s.tokens[begin].offset;
    size_t name_at = s.At(begin + 1, {"COLUMN"}) ? begin + 2 : begin + 1;
    size_t type_at = name_at;
    std::string column = s.NameAt(name_at, &type_at);
    if (s.At(begin, {"CHANGE"})) {
      std::string new_name = s.NameAt(type_at, &type_at);
      if (new_name != column) findings_.Add("rename-column", at, fmt::format("{}.{} is renamed to {}", table, column, new_name));
    }
    if (type_at >= end) return;
    const Token& type = s.tokens[type_at];
    bool null_allowed = false;
    for (size_t j = type_at; j < end; ++j) null_allowed = null_allowed || (s.tokens[j].Is("NULL") && !s.tokens[j - 1].Is("NOT"));
    if (type.Is("ENUM") || type.Is("SET")) {
      findings_.Add("enum-modify", at, fmt::format("{}.{} is redefined as {}: unless members are only appended, the table is copied", table, column, type.Upper()), table);
    } else {
      findings_.Add("column-type-change", at, fmt::format("{}.{} is redefined as {}: MySQL copies the table", table, column, type.text), table);
      alter_.needs_copy = "changing a column's type";
    }
    // A length or precision limits the values; an integer's (n) is only a display width.
    bool limited = type_at + 1 < end && s.tokens[type_at + 1].IsSymbol('(') &&
                   (type.Is("VARCHAR") || type.Is("CHAR") || type.Is("VARBINARY") || type.Is("BINARY") || type.Is("DECIMAL") ||
                    type.Is("NUMERIC") || type.Is("FLOAT") || type.Is("DOUBLE"));
    if (limited || type.Is("TINYINT") || type.Is("SMALLINT") || type.Is("MEDIUMINT") || type.Is("TINYTEXT")) {
      findings_.Add("narrow-column-type", at, fmt::format("{}.{} becomes {}{}: values that do not fit fail or are cut", table, column, type.text, limited ? "(...)" : ""), table);
    }
    if (null_allowed) findings_.Add("drop-not-null", at, fmt::format("{}.{} allows NULL", table, column));
  }

  // After the clauses: ALTER TABLE ... ALGORITHM=, LOCK=, and repeated ALTERs of one table.
  void FinishAlter(const SqlStatement& s) {
    if (alter_offset_ != s.offset) return;
    if (++alters_[alter_.table] == 2) {
      findings_.Add("alter-same-table-twice", s.offset, fmt::format("{} is altered again: each ALTER rebuilds it", alter_.table), alter_.table);
    }
    Algorithm(s, alter_.table, alter_.needs_copy, alter_.builds_index, alter_.fulltext);
  }

  void Algorithm(const SqlStatement& s, const std::string& table, const std::string& needs_copy, bool builds_index, bool fulltext) {
    std::string algorithm, lock;
    for (size_t i = 0; i + 1 < s.tokens.size(); ++i) {
      size_t v = s.tokens[i + 1].IsSymbol('=') ? i + 2 : i + 1;
      if (v >= s.tokens.size()) continue;
      if (s.tokens[i].Is("ALGORITHM")) algorithm = s.tokens[v].Upper();
      if (s.tokens[i].Is("LOCK")) lock = s.tokens[v].Upper();
    }
    if (algorithm == "COPY") findings_.Add("algorithm-copy", s.offset, fmt::format("ALTER TABLE {} ALGORITHM=COPY", table), table);
    std::string refused;
    if ((algorithm == "INSTANT" || algorithm == "INPLACE" || algorithm == "NOCOPY") && !needs_copy.empty()) {
      refused = fmt::format("ALGORITHM={} cannot be honoured: {} needs COPY", algorithm, needs_copy);
    } else if (algorithm == "INSTANT" && builds_index) {
      refused = "ALGORITHM=INSTANT cannot build an index";
    } else if (lock == "NONE" && (!needs_copy.empty() || fulltext)) {
      refused = fmt::format("LOCK=NONE cannot be honoured: {} blocks writes", needs_copy.empty() ? "a FULLTEXT index build" : needs_copy);
    }
    if (!refused.empty()) findings_.Add("algorithm-unhonoured", s.offset, fmt::format("ALTER TABLE {}: {}", table, refused));
  }

  Alter alter_;
  size_t alter_offset_ = std::string::npos;
  std::map<std::string, int> alters_;
  bool dropped_primary_ = false;
  bool foreign_key_checks_ = true;
  bool has_ddl_ = false, has_dml_ = false, mixed_reported_ = false;
  bool lock_timeout_off_ = false, lock_timeout_set_ = false, lock_timeout_reported_ = false;
};

}  // namespace

std::unique_ptr<StatementReader> MysqlReader(PartFindings& findings) { return std::make_unique<MysqlReaderImpl>(findings); }

}  // namespace strata::lint
