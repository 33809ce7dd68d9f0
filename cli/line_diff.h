// A line-by-line difference of two texts, printed as a unified diff (`diff -u`), for `strata show`.
#pragma once

#include <string>
#include <string_view>

namespace strata::cli {

// "--- <from_name>\n+++ <to_name>\n@@ ... @@\n" hunks with three lines of context; "" when the texts are
// equal. Texts past a few thousand lines each are not compared line by line (the cost is their
// product): then one line says how long each is.
std::string UnifiedDiff(std::string_view from, std::string_view to, const std::string& from_name,
                        const std::string& to_name);

}  // namespace strata::cli
