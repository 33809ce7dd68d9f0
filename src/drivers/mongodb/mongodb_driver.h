// MongoDB: URLs `mongodb://` and `mongodb+srv://` by libmongoc's own URI rules, the database taken from
// the path (mongodb://db1,db2/app?replicaSet=rs0). Migrations are .json files of commands.
#pragma once

#include "strata/driver.h"

namespace strata {

const Driver& MongodbDriver();

}  // namespace strata
