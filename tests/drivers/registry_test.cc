// The driver registry (src/drivers/registry.cc): the drivers linked into this test binary registered
// themselves as it started, and the table of drivers strata knows (used to load modules and to name
// what is missing) agrees with what each driver says it serves.
#include <gtest/gtest.h>

#include <algorithm>

#include "drivers/modules.h"
#include "strata/driver.h"

namespace strata {
namespace {

TEST(DriverRegistryTest, EveryLinkedDriverRegisteredItselfAndIsKnownByItsSchemes) {
  std::vector<const Driver*> drivers = Drivers();
  // SQLite is built in; PostgreSQL and MySQL/MariaDB come from strata::postgres and strata::mysql,
  // which only the linker's -u pulls in: nothing in this file calls them.
  std::vector<std::string> names;
  for (const Driver* driver : drivers) names.push_back(driver->name());
  for (const char* expected : {"sqlite", "postgres", "mysql"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
  for (const Driver* driver : drivers) {
    const auto& known = KnownDrivers();
    auto entry = std::find_if(known.begin(), known.end(), [&](const KnownDriver& k) { return k.name == driver->name(); });
    ASSERT_NE(entry, known.end()) << driver->name() << " is missing from KnownDrivers()";
    EXPECT_EQ(entry->schemes, driver->schemes()) << driver->name();
  }
}

TEST(DriverRegistryTest, RegisteringTwiceKeepsOneEntry) {
  size_t before = Drivers().size();
  RegisterDriver(*Drivers().front());
  EXPECT_EQ(Drivers().size(), before);
}

}  // namespace
}  // namespace strata
