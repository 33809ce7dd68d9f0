// MariaDB's schema reader and scratch databases, against the server of scripts/test-servers.sh: every
// object kind is read in its canonical form, a dump loads (definition by definition, through the
// session's own Execute) into a scratch database of another name and reads back identical, strata's own
// tables are left out, a MariaDB package is refused. The text canonicalization is tested alone first.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/url.h"
#include "drivers/mysql/mysql_schema_text.h"
#include "strata/driver.h"
#include "support/backends.h"
#include "support/temp_dir.h"
#include "support/schemas.h"

namespace strata {
namespace {

using testing::Backend;
using testing::TempDir;

// --- The canonical text, without a server ---

TEST(MysqlSchemaText, TableIsCutIntoTableIndexesAndForeignKeys) {
  auto parts = MysqlSplitTable(
      "CREATE TABLE `t` (\n"
      "  `id` int(11) NOT NULL AUTO_INCREMENT,\n"
      "  `note` varchar(10) DEFAULT 'a, (b)' COMMENT 'KEY `x`',\n"
      "  PRIMARY KEY (`id`),\n"
      "  UNIQUE KEY `u` (`note`),\n"
      "  KEY `fk` (`note`(3)),\n"
      "  CONSTRAINT `fk` FOREIGN KEY (`note`) REFERENCES `p` (`n`) ON DELETE CASCADE,\n"
      "  CONSTRAINT `c` CHECK (`note` <> ',')\n"
      ") ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4 COMMENT=' AUTO_INCREMENT=7'");
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  EXPECT_EQ(parts->create,
            "CREATE TABLE `t` (\n"
            "  `id` int(11) NOT NULL AUTO_INCREMENT,\n"
            "  `note` varchar(10) DEFAULT 'a, (b)' COMMENT 'KEY `x`',\n"
            "  PRIMARY KEY (`id`),\n"
            "  CONSTRAINT `c` CHECK (`note` <> ',')\n"
            ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT=' AUTO_INCREMENT=7'");
  ASSERT_EQ(parts->indexes.size(), 2u);
  EXPECT_EQ(parts->indexes[0].name, "u");
  EXPECT_EQ(parts->indexes[0].clause, "UNIQUE KEY `u` (`note`)");
  EXPECT_EQ(parts->indexes[1].clause, "KEY `fk` (`note`(3))");
  ASSERT_EQ(parts->foreign_keys.size(), 1u);
  EXPECT_EQ(parts->foreign_keys[0].name, "fk");
  EXPECT_EQ(parts->foreign_keys[0].clause,
            "CONSTRAINT `fk` FOREIGN KEY (`note`) REFERENCES `p` (`n`) ON DELETE CASCADE");
}

TEST(MysqlSchemaText, AutoIncrementColumnKeepsTheIndexItLeads) {
  auto parts = MysqlSplitTable(
      "CREATE TABLE `c` (\n  `n` int(11) NOT NULL AUTO_INCREMENT,\n  `l` int(11) NOT NULL,\n  PRIMARY KEY (`l`),\n"
      "  KEY `by_l` (`l`,`n`),\n  KEY `by_n` (`n`),\n  KEY `by_n2` (`n`,`l`)\n) ENGINE=MyISAM");
  ASSERT_TRUE(parts.ok());
  EXPECT_NE(parts->create.find("KEY `by_n` (`n`)"), std::string::npos) << parts->create;
  ASSERT_EQ(parts->indexes.size(), 2u);
  EXPECT_EQ(parts->indexes[0].name, "by_l");
  EXPECT_EQ(parts->indexes[1].name, "by_n2");
}

TEST(MysqlSchemaText, DefinerStartsAndDatabaseAreTakenOut) {
  EXPECT_EQ(MysqlWithoutDefiner("CREATE DEFINER=`u``x`@`%` PROCEDURE `p`() SELECT 'DEFINER=`a`@`b`'"),
            "CREATE PROCEDURE `p`() SELECT 'DEFINER=`a`@`b`'");
  EXPECT_EQ(
      MysqlWithoutDefiner("CREATE ALGORITHM=UNDEFINED DEFINER=`strata`@`%` SQL SECURITY DEFINER VIEW `v` AS select 1"),
      "CREATE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW `v` AS select 1");
  EXPECT_EQ(MysqlWithoutDefiner("CREATE TABLE `t` (`a` int)"), "CREATE TABLE `t` (`a` int)");
  EXPECT_EQ(
      MysqlUnqualified("select `db`.`t`.`a` AS `db` from `db`.`t` where `x` = '`db`.`t`' and `db2`.`t`.`a`", "db"),
      "select `t`.`a` AS `db` from `t` where `x` = '`db`.`t`' and `db2`.`t`.`a`");
  EXPECT_EQ(MysqlWithoutStarts("CREATE EVENT `e` ON SCHEDULE EVERY 1 DAY STARTS '2026-01-01 00:00:00' ON COMPLETION "
                               "NOT PRESERVE ENABLE DO SELECT ' STARTS ''x'''"),
            "CREATE EVENT `e` ON SCHEDULE EVERY 1 DAY ON COMPLETION NOT PRESERVE ENABLE DO SELECT ' STARTS ''x'''");
  EXPECT_EQ(MysqlNamesRead("select `v`.`a` AS `w`,`x` from (`v` join `t` on(`v`.`a` = `t`.`a`))"),
            (std::vector<std::string>{"v", "x", "v", "t", "v", "t"}));
}

// --- Against the server ---

// One of each kind, with what varies by itself (counters, definers, the time of creation, the database's
// name) and what load order must respect (a sequence in a default, a foreign key cycle, a view on a
// view that sorts first, triggers whose order of creation differs from their names').
constexpr const char* kMysqlEveryKind = R"sql(
CREATE SEQUENCE order_numbers START WITH 100 INCREMENT BY 5;
CREATE FUNCTION order_tax(amount DECIMAL(10,2)) RETURNS DECIMAL(10,2) DETERMINISTIC RETURN amount * 0.2;
CREATE PROCEDURE close_orders(IN below INT)
BEGIN
  DECLARE n INT DEFAULT 0;
  IF below > 0 THEN
    DELETE FROM orders WHERE id < below;
  END IF;
  WHILE n < 2 DO SET n = n + 1; END WHILE;
END;
CREATE TABLE customers (
  id INT AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name VARCHAR(50) NOT NULL DEFAULT 'anonymous',
  name_upper VARCHAR(50) AS (UPPER(name)) VIRTUAL,
  referrer_id INT NULL,
  CONSTRAINT email_has_at CHECK (email LIKE '%@%'),
  UNIQUE KEY customers_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='people, who buy';
ALTER TABLE customers ADD CONSTRAINT customers_referrer FOREIGN KEY (referrer_id) REFERENCES customers (id);
CREATE TABLE orders (
  id INT AUTO_INCREMENT PRIMARY KEY,
  number BIGINT NOT NULL DEFAULT (NEXT VALUE FOR order_numbers),
  customer_id INT NOT NULL,
  total DECIMAL(10,2) NOT NULL CHECK (total >= 0),
  note TEXT,
  KEY orders_total (total DESC, customer_id),
  FULLTEXT KEY orders_note (note),
  CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE
);
CREATE TABLE a_side (id INT PRIMARY KEY, b_id INT);
CREATE TABLE b_side (id INT PRIMARY KEY, a_id INT, CONSTRAINT b_to_a FOREIGN KEY (a_id) REFERENCES a_side (id));
ALTER TABLE a_side ADD CONSTRAINT a_to_b FOREIGN KEY (b_id) REFERENCES b_side (id);
CREATE TABLE counters (n INT NOT NULL AUTO_INCREMENT, label VARCHAR(10) NOT NULL, PRIMARY KEY (label),
  KEY counters_n (n)) ENGINE=MyISAM;
CREATE TABLE readings (id INT NOT NULL, taken DATE NOT NULL, PRIMARY KEY (id, taken))
  PARTITION BY RANGE (YEAR(taken)) (PARTITION p2025 VALUES LESS THAN (2026), PARTITION pmax VALUES LESS THAN MAXVALUE);
CREATE TABLE prices (id INT PRIMARY KEY, amount INT) WITH SYSTEM VERSIONING;
INSERT INTO customers (email) VALUES ('a@example.com'), ('b@example.com');
INSERT INTO orders (customer_id, total) VALUES (1, 150), (2, 20);
INSERT INTO counters (label) VALUES ('x'), ('y');
CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
CREATE VIEW a_big_order_ids AS SELECT id FROM big_orders;
CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW customer_names AS
  SELECT name FROM customers WHERE id > 0 WITH CHECK OPTION;
CREATE VIEW taxed AS SELECT id, order_tax(total) AS tax FROM orders;
CREATE TRIGGER z_first BEFORE INSERT ON orders FOR EACH ROW SET NEW.note = COALESCE(NEW.note, 'new');
CREATE TRIGGER a_second BEFORE INSERT ON orders FOR EACH ROW BEGIN IF NEW.total < 0 THEN SET NEW.total = 0; END IF; END;
CREATE TRIGGER p_before_all BEFORE INSERT ON orders FOR EACH ROW PRECEDES z_first SET NEW.total = NEW.total + 0;
CREATE TRIGGER customers_audit AFTER UPDATE ON customers FOR EACH ROW SET @changed = OLD.id;
CREATE EVENT purge_notes ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM orders WHERE note = 'old';
SET time_zone = '+02:00';
CREATE EVENT purge_elsewhere ON SCHEDULE EVERY 1 HOUR DISABLE DO DELETE FROM orders WHERE note = 'far';
SET time_zone = DEFAULT;
CREATE EVENT yearly ON SCHEDULE EVERY 1 YEAR STARTS '2030-01-01 00:00:00' DISABLE
  DO BEGIN UPDATE orders SET note = 'y'; DELETE FROM orders WHERE total = 0; END;
)sql";

class MysqlSchemaTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(url_.empty());
    connection_ = Connect(url_);
    ASSERT_NE(connection_, nullptr);
  }
  static std::unique_ptr<Connection> Connect(const std::string& url) {
    auto driver = FindDriver(url);
    if (!driver.ok()) return nullptr;
    auto connection = (*driver)->Connect(url, {});
    return connection.ok() ? std::move(*connection) : nullptr;
  }
  void Run(Connection& connection, const std::string& sql) {
    Status s = connection.Execute({sql, "", 1});
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  Schema Read(Connection& connection) { return testing::ReadSchemaOrFail(connection); }
  static const SchemaObject* Find(const Schema& schema, const std::string& kind, const std::string& name) {
    return testing::FindObject(schema, kind, name);
  }
  static std::string Definition(const Schema& schema, const std::string& kind, const std::string& name) {
    const SchemaObject* o = Find(schema, kind, name);
    EXPECT_NE(o, nullptr) << kind << " " << name;
    return o ? o->definition : "";
  }
  static size_t Position(const Schema& schema, const std::string& kind, const std::string& name) {
    for (size_t i = 0; i < schema.objects.size(); ++i) {
      if (schema.objects[i].kind == kind && schema.objects[i].name == name) return i;
    }
    ADD_FAILURE() << "no " << kind << " " << name;
    return 0;
  }
  std::string Database() const { return ParseUrl(url_)->path; }

  TempDir dir_;
  std::string url_;
  std::unique_ptr<Connection> connection_;
};

TEST_P(MysqlSchemaTest, EveryKindIsReadCanonically) {
  Run(*connection_, kMysqlEveryKind);
  Schema schema = Read(*connection_);

  EXPECT_EQ(Definition(schema, "sequence", "order_numbers"),
            "CREATE SEQUENCE `order_numbers` start with 100 minvalue 1 maxvalue 9223372036854775806 increment by 5 "
            "cache 1000 nocycle ENGINE=InnoDB;\n");
  EXPECT_EQ(Definition(schema, "function", "order_tax"),
            "CREATE FUNCTION `order_tax`(amount DECIMAL(10,2)) RETURNS decimal(10,2)\n    DETERMINISTIC\n"
            "RETURN amount * 0.2;\n");
  EXPECT_EQ(Definition(schema, "procedure", "close_orders")
                .rfind("CREATE PROCEDURE `close_orders`(IN below INT)\nBEGIN\n", 0),
            0u);
  EXPECT_EQ(Definition(schema, "table", "customers"),
            "CREATE TABLE `customers` (\n"
            "  `id` int(11) NOT NULL AUTO_INCREMENT,\n"
            "  `email` varchar(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,\n"
            "  `name` varchar(50) NOT NULL DEFAULT 'anonymous',\n"
            "  `name_upper` varchar(50) GENERATED ALWAYS AS (ucase(`name`)) VIRTUAL,\n"
            "  `referrer_id` int(11) DEFAULT NULL,\n"
            "  PRIMARY KEY (`id`),\n"
            "  CONSTRAINT `email_has_at` CHECK (`email` like '%@%')\n"
            ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='people, who buy';\n");
  // The sequence in the default is named without the database, and no counter is left.
  const std::string orders = Definition(schema, "table", "orders");
  EXPECT_NE(orders.find("DEFAULT nextval(`order_numbers`)"), std::string::npos) << orders;
  EXPECT_NE(orders.find("CHECK (`total` >= 0)"), std::string::npos) << orders;
  EXPECT_EQ(orders.find("AUTO_INCREMENT="), std::string::npos) << orders;
  size_t keys = 0;  // only the primary key stays
  for (size_t at = orders.find("KEY"); at != std::string::npos; at = orders.find("KEY", at + 1)) ++keys;
  EXPECT_EQ(keys, 1u) << orders;
  EXPECT_NE(orders.find("PRIMARY KEY (`id`)"), std::string::npos) << orders;
  EXPECT_NE(Definition(schema, "table", "counters").find("  KEY `counters_n` (`n`)\n) ENGINE=MyISAM"),
            std::string::npos);
  EXPECT_NE(Definition(schema, "table", "readings").find("PARTITION BY RANGE"), std::string::npos);
  EXPECT_NE(Definition(schema, "table", "prices").find("WITH SYSTEM VERSIONING"), std::string::npos);

  EXPECT_EQ(Definition(schema, "index", "customers.customers_email"),
            "ALTER TABLE `customers` ADD UNIQUE KEY `customers_email` (`email`);\n");
  EXPECT_EQ(Definition(schema, "index", "orders.orders_total"),
            "ALTER TABLE `orders` ADD KEY `orders_total` (`total` DESC,`customer_id`);\n");
  EXPECT_EQ(Definition(schema, "index", "orders.orders_note"),
            "ALTER TABLE `orders` ADD FULLTEXT KEY `orders_note` (`note`);\n");
  // The index a foreign key made for itself is an index like the others.
  EXPECT_EQ(Definition(schema, "index", "customers.customers_referrer"),
            "ALTER TABLE `customers` ADD KEY `customers_referrer` (`referrer_id`);\n");
  EXPECT_EQ(Find(schema, "index", "counters.counters_n"), nullptr);
  EXPECT_EQ(Definition(schema, "foreign key", "orders.orders_customer"),
            "ALTER TABLE `orders` ADD CONSTRAINT `orders_customer` FOREIGN KEY (`customer_id`) REFERENCES `customers` "
            "(`id`) ON DELETE CASCADE;\n");
  EXPECT_NE(Find(schema, "foreign key", "a_side.a_to_b"), nullptr);
  EXPECT_NE(Find(schema, "foreign key", "b_side.b_to_a"), nullptr);

  EXPECT_EQ(Definition(schema, "view", "big_orders"),
            "CREATE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW `big_orders` AS select `orders`.`id` AS `id`,"
            "`orders`.`total` AS `total` from `orders` where `orders`.`total` > 100;\n");
  EXPECT_EQ(Definition(schema, "view", "customer_names"),
            "CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW `customer_names` AS select `customers`.`name` AS `name` "
            "from `customers` where `customers`.`id` > 0 WITH CASCADED CHECK OPTION;\n");
  EXPECT_EQ(
      Definition(schema, "trigger", "z_first"),
      "CREATE TRIGGER `z_first` BEFORE INSERT ON `orders` FOR EACH ROW SET NEW.note = COALESCE(NEW.note, 'new');\n");
  EXPECT_EQ(Definition(schema, "trigger", "customers_audit"),
            "CREATE TRIGGER `customers_audit` AFTER UPDATE ON `customers` FOR EACH ROW SET @changed = OLD.id;\n");
  EXPECT_EQ(
      Definition(schema, "event", "purge_notes"),
      "CREATE EVENT `purge_notes` ON SCHEDULE EVERY 1 DAY ON COMPLETION NOT PRESERVE DISABLE DO DELETE FROM orders "
      "WHERE note = 'old';\n");
  // Created in another time zone than the one it is read in: still no STARTS.
  EXPECT_EQ(Definition(schema, "event", "purge_elsewhere"),
            "CREATE EVENT `purge_elsewhere` ON SCHEDULE EVERY 1 HOUR ON COMPLETION NOT PRESERVE DISABLE DO DELETE FROM "
            "orders WHERE note = 'far';\n");
  EXPECT_NE(Definition(schema, "event", "yearly").find("STARTS '2030-01-01 00:00:00'"), std::string::npos);

  // Nothing names the database, its definer or a counter.
  for (const SchemaObject& o : schema.objects) {
    EXPECT_EQ(o.definition.find("DEFINER="), std::string::npos) << o.definition;
    EXPECT_EQ(o.definition.find(Database()), std::string::npos) << o.definition;
    EXPECT_EQ(o.definition.find("AUTO_INCREMENT="), std::string::npos) << o.definition;
    EXPECT_EQ(o.definition.substr(o.definition.size() - 2), ";\n") << o.definition;
  }
}

TEST_P(MysqlSchemaTest, OrderPutsWhatAnObjectNeedsFirst) {
  Run(*connection_, kMysqlEveryKind);
  Schema schema = Read(*connection_);
  EXPECT_LT(Position(schema, "sequence", "order_numbers"), Position(schema, "table", "orders"));
  EXPECT_LT(Position(schema, "function", "order_tax"), Position(schema, "view", "taxed"));
  EXPECT_LT(Position(schema, "table", "orders"), Position(schema, "index", "orders.orders_total"));
  EXPECT_LT(Position(schema, "table", "readings"), Position(schema, "index", "customers.customers_email"));
  EXPECT_LT(Position(schema, "index", "customers.customers_referrer"),
            Position(schema, "foreign key", "a_side.a_to_b"));
  EXPECT_LT(Position(schema, "foreign key", "orders.orders_customer"), Position(schema, "view", "a_big_order_ids"));
  // A view after the view it reads, though its name sorts first.
  EXPECT_LT(Position(schema, "view", "big_orders"), Position(schema, "view", "a_big_order_ids"));
  // Triggers of one table, time and event in the order they fire: p_before_all PRECEDES z_first.
  EXPECT_LT(Position(schema, "trigger", "p_before_all"), Position(schema, "trigger", "z_first"));
  EXPECT_LT(Position(schema, "trigger", "z_first"), Position(schema, "trigger", "a_second"));
  EXPECT_LT(Position(schema, "view", "taxed"), Position(schema, "trigger", "customers_audit"));
  EXPECT_LT(Position(schema, "trigger", "z_first"), Position(schema, "event", "purge_notes"));
}

TEST_P(MysqlSchemaTest, DumpLoadsIntoAnotherDatabaseAndReadsTheSame) {
  Run(*connection_, kMysqlEveryKind);
  Schema first = Read(*connection_);
  ASSERT_GT(first.objects.size(), 25u);
  ASSERT_NE(connection_->scratch(), nullptr);
  auto scratch = connection_->scratch()->CreateScratch();
  ASSERT_TRUE(scratch.ok()) << scratch.status().ToString();
  {
    auto copy = Connect(*scratch);
    ASSERT_NE(copy, nullptr);
    for (const SchemaObject& o : first.objects) {
      Status s = copy->Execute({o.definition, "", 1});
      EXPECT_TRUE(s.ok()) << o.kind << " " << o.name << ": " << s.ToString();
    }
    Schema second = Read(*copy);
    EXPECT_EQ(second.objects.size(), first.objects.size());
    for (size_t i = 0; i < std::min(first.objects.size(), second.objects.size()); ++i) {
      EXPECT_EQ(second.objects[i], first.objects[i])
          << i << ": " << first.objects[i].kind << " " << first.objects[i].name << "\n"
          << first.objects[i].definition << "\nread back\n"
          << second.objects[i].definition;
    }
    // Reading twice reads the same: nothing in a definition moved by itself in between.
    Run(*copy, "INSERT INTO customers (email) VALUES ('c@example.com');");
    EXPECT_EQ(Read(*copy).objects, second.objects);
  }
  EXPECT_TRUE(connection_->scratch()->DropScratch(*scratch).ok());
}

TEST_P(MysqlSchemaTest, NamesHoldingBackticksAreQuotedAndReload) {
  Run(*connection_, "CREATE TABLE `odd``name` (id INT PRIMARY KEY, `c``q` INT, KEY `ix``q` (`c``q`));");
  Schema first = Read(*connection_);
  ASSERT_NE(Find(first, "table", "odd`name"), nullptr) << first.objects.size();
  auto scratch = connection_->scratch()->CreateScratch();
  ASSERT_TRUE(scratch.ok()) << scratch.status().ToString();
  {
    auto copy = Connect(*scratch);
    ASSERT_NE(copy, nullptr);
    for (const SchemaObject& o : first.objects) {
      Status s = copy->Execute({o.definition, "", 1});
      EXPECT_TRUE(s.ok()) << o.kind << " " << o.name << ": " << s.ToString();
    }
    EXPECT_EQ(Read(*copy).objects, first.objects);
  }
  EXPECT_TRUE(connection_->scratch()->DropScratch(*scratch).ok());
}

TEST_P(MysqlSchemaTest, SessionModesDoNotChangeWhatIsReadAndAreKept) {
  Run(*connection_, kMysqlEveryKind);
  Schema plain = Read(*connection_);
  const std::string modes = "ANSI_QUOTES,NO_TABLE_OPTIONS,NO_FIELD_OPTIONS,STRICT_TRANS_TABLES";
  ASSERT_TRUE(connection_->sql()->Query("SET SESSION sql_mode = ?, SESSION sql_quote_show_create = OFF", {modes}).ok());
  Schema odd = Read(*connection_);
  EXPECT_EQ(odd.objects, plain.objects);
  auto session = connection_->sql()->Query("SELECT @@session.sql_mode, @@session.sql_quote_show_create", {});
  ASSERT_TRUE(session.ok());
  EXPECT_EQ((*session)[0][0], SqlValue("ANSI_QUOTES,NO_TABLE_OPTIONS,NO_FIELD_OPTIONS,STRICT_TRANS_TABLES"));
  EXPECT_EQ((*session)[0][1], SqlValue("0"));
}

TEST_P(MysqlSchemaTest, StrataOwnTablesAreLeftOut) {
  ASSERT_TRUE(connection_->history().Ensure().ok());
  Run(*connection_, "CREATE TABLE mine (id INT PRIMARY KEY);");
  auto tables = connection_->sql()->Query(
      "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'strata\\_%'",
      {});
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ((*tables)[0][0], SqlValue("3"));  // the history, its events and meta tables exist
  auto triggers = connection_->sql()->Query(
      "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()", {});
  ASSERT_TRUE(triggers.ok());
  EXPECT_EQ((*triggers)[0][0], SqlValue("2"));  // and the event log's append-only triggers
  Schema schema = Read(*connection_);
  ASSERT_EQ(schema.objects.size(), 1u);
  EXPECT_EQ(schema.objects[0].kind, "table");
  EXPECT_EQ(schema.objects[0].name, "mine");
}

TEST_P(MysqlSchemaTest, PackageIsUnsupportedAndNamed) {
  Run(*connection_, "CREATE TABLE kept (id INT);");
  ASSERT_TRUE(connection_->sql()->Query("SET SESSION sql_mode = 'ORACLE'", {}).ok());
  auto created = connection_->sql()->Query("CREATE PACKAGE billing AS FUNCTION rate RETURN INT; END", {});
  ASSERT_TRUE(connection_->sql()->Query("SET SESSION sql_mode = DEFAULT", {}).ok());
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  auto schema = connection_->schema()->ReadSchema();
  ASSERT_FALSE(schema.ok());
  EXPECT_EQ(schema.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(schema.status().message().find("package 'billing'"), std::string::npos) << schema.status().ToString();
  EXPECT_NE(schema.status().message().find("drop it"), std::string::npos) << schema.status().ToString();
}

TEST_P(MysqlSchemaTest, ScratchIsAnEmptyDatabaseWithTheSameCredentialsAndIsDropped) {
  auto scratch = connection_->scratch()->CreateScratch();
  ASSERT_TRUE(scratch.ok()) << scratch.status().ToString();
  auto parsed = ParseUrl(*scratch), original = ParseUrl(url_);
  ASSERT_TRUE(parsed.ok() && original.ok());
  EXPECT_EQ(parsed->path.rfind("strata_scratch_", 0), 0u) << parsed->path;
  EXPECT_NE(parsed->path, original->path);
  EXPECT_EQ(parsed->user, original->user);
  EXPECT_EQ(parsed->password, original->password);
  EXPECT_EQ(parsed->host, original->host);
  EXPECT_EQ(parsed->port, original->port);
  auto other = connection_->scratch()->CreateScratch();
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*other, *scratch);
  {
    auto copy = Connect(*scratch);
    ASSERT_NE(copy, nullptr);
    EXPECT_TRUE(Read(*copy).objects.empty());
    Run(*copy, "CREATE TABLE t (id INT);");
    EXPECT_EQ(Read(*copy).objects.size(), 1u);
  }
  auto exists = [&](const std::string& name) {
    auto rows =
        connection_->sql()->Query("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", {name});
    EXPECT_TRUE(rows.ok());
    return rows.ok() && (*rows)[0][0] == SqlValue("1");
  };
  EXPECT_TRUE(exists(parsed->path));
  EXPECT_TRUE(connection_->scratch()->DropScratch(*scratch).ok());
  EXPECT_TRUE(connection_->scratch()->DropScratch(*other).ok());
  EXPECT_FALSE(exists(parsed->path));
  EXPECT_EQ(Connect(*scratch), nullptr);
  // Only what CreateScratch names is dropped: never the connection's own database.
  Status refused = connection_->scratch()->DropScratch(url_);
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message().find("strata-test-pw"), std::string::npos) << refused.ToString();
  EXPECT_TRUE(exists(original->path));
}

INSTANTIATE_TEST_SUITE_P(Servers, MysqlSchemaTest, ::testing::ValuesIn(testing::BackendsNamed({"mariadb"})),
                         [](const auto& info) { return info.param.name; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(MysqlSchemaTest);

}  // namespace
}  // namespace strata
