#include "engine/dependencies.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace strata {

std::string Describe(const CatalogEntry& e) {
  return fmt::format("{} {}", e.version.text(), e.migration ? e.migration->name : e.record->name);
}

DependencyGraph::DependencyGraph(const Catalog& catalog) : catalog_(catalog) {
  const bool any = std::any_of(catalog.entries.begin(), catalog.entries.end(),
                               [](const CatalogEntry& e) { return e.migration && !e.migration->requirements.empty(); });
  if (!any) return;  // the usual case, and a large set's: nothing to index
  for (size_t i = 0; i < catalog.entries.size(); ++i) index_.emplace(catalog.entries[i].version, i);
  for (size_t i = 0; i < catalog.entries.size(); ++i) {
    const Migration* m = catalog.entries[i].migration;
    if (!m) continue;
    for (const Version& v : m->requirements) {
      auto it = index_.find(v);
      if (it == index_.end()) continue;
      requires_[i].push_back(it->second);
      required_by_[it->second].push_back(i);  // i ascends: each list stays in version order
    }
  }
}

const CatalogEntry* DependencyGraph::Find(const Version& version) const {
  if (index_.empty()) {
    auto it = std::lower_bound(catalog_.entries.begin(), catalog_.entries.end(), version,
                               [](const CatalogEntry& e, const Version& v) { return e.version < v; });
    return it != catalog_.entries.end() && it->version == version ? &*it : nullptr;
  }
  auto it = index_.find(version);
  return it == index_.end() ? nullptr : &catalog_.entries[it->second];
}

std::vector<const CatalogEntry*> DependencyGraph::RequirementsOf(const CatalogEntry& entry) const {
  std::vector<const CatalogEntry*> out;
  auto it = requires_.find(IndexOf(entry));
  if (it == requires_.end()) return out;
  for (size_t i : it->second) out.push_back(&catalog_.entries[i]);
  return out;
}

std::vector<const CatalogEntry*> DependencyGraph::DependentsOf(const CatalogEntry& entry) const {
  std::vector<const CatalogEntry*> out;
  auto it = required_by_.find(IndexOf(entry));
  if (it == required_by_.end()) return out;
  for (size_t i : it->second) out.push_back(&catalog_.entries[i]);
  return out;
}

// Depth-first from each entry in version order, by hand (a chain of thousands would overflow the
// stack): a requirement still on the path closes a cycle, which is the path from it to here.
std::vector<std::vector<Version>> DependencyGraph::Cycles() const {
  std::vector<std::vector<Version>> cycles;
  std::set<std::vector<size_t>> seen;
  enum class Mark { kNew, kOnPath, kDone };
  std::map<size_t, Mark> marks;
  for (const auto& [start, unused] : requires_) {
    if (marks[start] != Mark::kNew) continue;
    struct Frame {
      size_t node;
      size_t next = 0;  // the next of its requirements to visit
    };
    std::vector<Frame> path = {{start}};
    marks[start] = Mark::kOnPath;
    while (!path.empty()) {
      Frame& top = path.back();
      auto edges = requires_.find(top.node);
      if (edges == requires_.end() || top.next == edges->second.size()) {
        marks[top.node] = Mark::kDone;
        path.pop_back();
        continue;
      }
      size_t to = edges->second[top.next++];
      if (marks[to] == Mark::kNew) {
        marks[to] = Mark::kOnPath;
        path.push_back({to});
      } else if (marks[to] == Mark::kOnPath) {
        std::vector<size_t> cycle;
        auto from = std::find_if(path.begin(), path.end(), [&](const Frame& f) { return f.node == to; });
        for (auto f = from; f != path.end(); ++f) cycle.push_back(f->node);
        std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
        if (!seen.insert(cycle).second) continue;
        std::vector<Version> versions;
        for (size_t i : cycle) versions.push_back(catalog_.entries[i].version);
        cycles.push_back(std::move(versions));
      }
    }
  }
  return cycles;
}

std::vector<size_t> DependencyGraph::Ordered(const std::vector<size_t>& nodes,
                                             const std::map<size_t, std::vector<size_t>>& edges,
                                             const std::function<bool(size_t, size_t)>& less) const {
  std::set<size_t> members(nodes.begin(), nodes.end());
  std::map<size_t, int> waiting;  // node -> edges into it from members not yet placed
  for (size_t a : members) {
    auto it = edges.find(a);
    if (it == edges.end()) continue;
    for (size_t b : it->second) {
      if (members.count(b)) ++waiting[b];
    }
  }
  std::set<size_t, std::function<bool(size_t, size_t)>> free(less);
  std::set<size_t, std::function<bool(size_t, size_t)>> left(less);
  for (size_t n : members) {
    left.insert(n);
    if (!waiting[n]) free.insert(n);
  }
  std::vector<size_t> out;
  while (!left.empty()) {
    // Nothing free while members are left: they wait on a cycle (Validate reports it); break it.
    size_t n = free.empty() ? *left.begin() : *free.begin();
    free.erase(n);
    left.erase(n);
    out.push_back(n);
    auto it = edges.find(n);
    if (it == edges.end()) continue;
    for (size_t b : it->second) {
      if (left.count(b) && --waiting[b] == 0) free.insert(b);
    }
  }
  return out;
}

std::vector<const CatalogEntry*> DependencyGraph::RequirementsFirst(
    const std::vector<const CatalogEntry*>& entries) const {
  if (empty()) {
    std::vector<const CatalogEntry*> out = entries;
    std::sort(out.begin(), out.end(),
              [](const CatalogEntry* a, const CatalogEntry* b) { return a->version < b->version; });
    return out;
  }
  std::vector<size_t> nodes;
  for (const CatalogEntry* e : entries) nodes.push_back(IndexOf(*e));
  // A requirement goes before what requires it; positions ascend with versions.
  std::vector<const CatalogEntry*> out;
  for (size_t i : Ordered(nodes, required_by_, std::less<size_t>())) out.push_back(&catalog_.entries[i]);
  return out;
}

std::vector<const CatalogEntry*> DependencyGraph::DependentsFirst(
    const std::vector<const CatalogEntry*>& entries,
    const std::function<bool(const CatalogEntry*, const CatalogEntry*)>& before) const {
  std::vector<const CatalogEntry*> out = entries;
  if (empty()) {
    std::sort(out.begin(), out.end(), before);
    return out;
  }
  std::vector<size_t> nodes;
  for (const CatalogEntry* e : entries) nodes.push_back(IndexOf(*e));
  out.clear();
  auto less = [&](size_t a, size_t b) {
    if (before(&catalog_.entries[a], &catalog_.entries[b])) return true;
    if (before(&catalog_.entries[b], &catalog_.entries[a])) return false;
    return a < b;
  };
  for (size_t i : Ordered(nodes, requires_, less)) out.push_back(&catalog_.entries[i]);
  return out;
}

}  // namespace strata
