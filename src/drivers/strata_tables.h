// The names strata gives what it keeps in a database beside the schema it migrates.
#pragma once
#include <string>

namespace strata {

// Whether `name` is one of strata's own tables (or collections, sequences, functions) beside the history
// table `history`: the history itself, its event log (and the event log's id sequence and append-only
// function), its meta and lock tables, its backup catalog; and the same for the seeds' history,
// `<history>_seeds` (cli/seeds.cc). Schema readers leave them out.
bool IsStrataObjectName(const std::string& name, const std::string& history);

}  // namespace strata
