// Requirements between migrations (Migration::requirements), as their files declare them: the graph
// the planner orders by, the validator checks, and `revert`/`down` consult before reverting. Pure: a
// catalog in, answers out. Only files declare requirements; a version known only to the history
// requires nothing.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/plan.h"

namespace strata {

class DependencyGraph {
 public:
  // REQUIRES: `catalog` outlives the graph.
  explicit DependencyGraph(const Catalog& catalog);

  // Whether any file declares a requirement; when none does, every answer below is trivial.
  bool empty() const { return requires_.empty(); }

  // The entry of `version` (a file's or the history's), or nullptr.
  const CatalogEntry* Find(const Version& version) const;
  // What `entry`'s file requires, in the order written; versions no entry has are left out.
  std::vector<const CatalogEntry*> RequirementsOf(const CatalogEntry& entry) const;
  // The entries whose files require `entry` directly, in version order.
  std::vector<const CatalogEntry*> DependentsOf(const CatalogEntry& entry) const;

  // Each cycle once, as the versions on it in order from its lowest: each requires the next, the last
  // the first.
  std::vector<std::vector<Version>> Cycles() const;

  // `entries` in an order where each comes after the ones among them it requires; of those free to go
  // next, the lowest version. Applying in this order runs requirements first.
  std::vector<const CatalogEntry*> RequirementsFirst(const std::vector<const CatalogEntry*>& entries) const;
  // `entries` in an order where each comes before the ones among them it requires; of those free to go
  // next, the first by `before`. Reverting in this order reverts dependents first.
  std::vector<const CatalogEntry*> DependentsFirst(
      const std::vector<const CatalogEntry*>& entries,
      const std::function<bool(const CatalogEntry*, const CatalogEntry*)>& before) const;

 private:
  size_t IndexOf(const CatalogEntry& entry) const { return static_cast<size_t>(&entry - catalog_.entries.data()); }
  // Kahn's algorithm over `nodes` (positions in the catalog): `edges[a]` lists the nodes that must come
  // after a. A cycle's members follow in `less` order once nothing else is free.
  std::vector<size_t> Ordered(const std::vector<size_t>& nodes, const std::map<size_t, std::vector<size_t>>& edges,
                              const std::function<bool(size_t, size_t)>& less) const;

  const Catalog& catalog_;
  std::map<Version, size_t> index_;                    // version -> position; built only when not empty()
  std::map<size_t, std::vector<size_t>> requires_;     // position -> positions it requires
  std::map<size_t, std::vector<size_t>> required_by_;  // position -> positions requiring it, ascending
};

// "V name" of an entry, as messages name a migration.
std::string Describe(const CatalogEntry& entry);

}  // namespace strata
