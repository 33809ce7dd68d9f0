// The body of GET /: one self-contained HTML page (inline CSS, no script, no external asset: it works
// offline and behind any proxy) showing a snapshot to a person, on a desktop or a phone. Every text that
// comes from the database or the files is HTML-escaped.
#pragma once

#include <string>

#include "serve/snapshot.h"

namespace strata::serve {

// Needs a snapshot taken with Reads{.history = true, .risks = true}.
std::string StatusPage(const Snapshot& snapshot);

// `text` safe inside an element or a quoted attribute: & < > " ' escaped.
std::string HtmlEscape(const std::string& text);

}  // namespace strata::serve
