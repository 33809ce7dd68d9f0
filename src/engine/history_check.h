// Whether a history read from the database can be trusted before anything is planned on it.
//
// A history edited by hand or written by another tool can say things strata would act on wrongly: a
// version that is not a number is matched to no file (so an applied migration runs again), two rows
// for one version disagree, an applied row without a checksum hides any edit of its file. Such a
// history stops every command that reads it, with what is wrong and how to mend it.
#pragma once

#include <string>
#include <vector>

#include "strata/history.h"
#include "strata/status.h"

namespace strata {

// Ok, or kInvalidHistory listing every problem (of the first few rows that have one). `where` names
// the history for the message ("table strata_migrations").
Status CheckHistory(const std::vector<HistoryRecord>& history, const std::string& where);

}  // namespace strata
