// The cache file: a first line naming the format and strata's release, then one line per migration:
//   N <TAB> (path <TAB> size <TAB> mtime_ns <TAB> ctime_ns <TAB> inode) x N <TAB> facts...
// with the facts in the order of kFacts. A value holding a tab or a line break is never cached.
#include "source/facts_cache.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "strata/release.h"

namespace strata {
namespace {

// The facts of a migration, one field each.
enum Fact { kName, kFormat, kChecksum, kUpLine, kUpTransaction, kHasDown, kDownLine, kDownTransaction,
            kDownPath, kBackup, kCategory, kDescription, kRequires, kFacts };
static_assert(kFacts == FactsCache::kFactCount);

const std::string& Header() {
  static const std::string header = fmt::format("strata facts 1 {}", kRelease);
  return header;
}

bool Plain(const std::string& value) { return value.find_first_of("\t\n\r") == std::string::npos; }

// The next line of `rest`, without its line break; `rest` moves past it.
std::string_view NextLine(std::string_view& rest) {
  const size_t end = rest.find('\n');
  std::string_view line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  return line;
}

template <typename T>
bool Number(std::string_view text, T& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::unique_ptr<FactsCache> FactsCache::For(const std::string& directory) {
  if (const char* setting = std::getenv("STRATA_CACHE"); setting && std::string_view(setting) == "off") return nullptr;
  std::string base;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home == '/') {
    base = std::string(home) + "/.cache";
  } else {
    return nullptr;
  }
  std::error_code error;
  std::string absolute = std::filesystem::absolute(directory, error).lexically_normal().string();
  if (error) return nullptr;
  // FNV-1a of the directory's absolute path, not SHA-256: a report whose files are all cached then never
  // loads libcrypto (1.5 MiB, and the time to map it).
  uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : absolute) hash = (hash ^ c) * 1099511628211ULL;
  const std::string key = fmt::format("{:016x}", hash);
  auto cache = std::make_unique<FactsCache>(fmt::format("{}/strata/facts-{}.tsv", base, key));
  cache->Load();
  return cache;
}

FactsCache::FactsCache(std::string file) : file_(std::move(file)) {}

std::optional<FileIdentity> FactsCache::IdentityOf(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  FileIdentity id;
  id.size = st.st_size;
  id.modified_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  id.changed_ns = static_cast<long long>(st.st_ctim.tv_sec) * 1000000000LL + st.st_ctim.tv_nsec;
  id.inode = st.st_ino;
  return id;
}

void FactsCache::Load() {
  std::ifstream in(file_, std::ios::binary | std::ios::ate);
  if (!in) return;
  text_.resize(static_cast<size_t>(std::max<std::streamoff>(0, in.tellg())));
  in.seekg(0);
  if (!in.read(text_.data(), static_cast<std::streamsize>(text_.size()))) text_.clear();
  std::string_view rest = text_;
  if (NextLine(rest) != Header()) return;
  constexpr size_t kMostParts = 1 + 5 * 2 + kFactCount;
  std::array<std::string_view, kMostParts> parts;
  // A line an entry: reserved at once, so that 10,000 entries are not copied as the vector grows.
  entries_.reserve(static_cast<size_t>(std::count(rest.begin(), rest.end(), '\n')) + 1);
  while (!rest.empty()) {
    const std::string_view line = NextLine(rest);
    size_t n = 0;
    bool ours = true;
    for (size_t start = 0;;) {
      if (n == kMostParts) {  // more parts than a line of ours has
        ours = false;
        break;
      }
      const size_t tab = line.find('\t', start);
      parts[n++] = line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start);
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    size_t count = 0;
    if (!ours || !Number(parts[0], count) || count < 1 || count > 2 ||
        n != 1 + 5 * count + kFactCount) {
      continue;
    }
    Entry entry;
    entry.file_count = count;
    bool ok = true;
    for (size_t f = 0; f < count && ok; ++f) {
      FileIdentity id;
      const size_t at = 1 + 5 * f;
      ok = Number(parts[at + 1], id.size) && Number(parts[at + 2], id.modified_ns) &&
           Number(parts[at + 3], id.changed_ns) && Number(parts[at + 4], id.inode);
      entry.files[f] = {parts[at], id};
    }
    if (!ok) continue;
    std::copy(parts.begin() + 1 + 5 * count, parts.begin() + n, entry.fields.begin());
    entries_.push_back(entry);
  }
  std::sort(entries_.begin(), entries_.end(),
            [](const Entry& a, const Entry& b) { return a.files[0].first < b.files[0].first; });
  used_.assign(entries_.size(), 0);
}

std::optional<Migration> FactsCache::Find(const std::vector<std::string>& paths) const {
  const Entry* entry = nullptr;
  for (const std::string& path : paths) {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), std::string_view(path),
                               [](const Entry& e, std::string_view p) { return e.files[0].first < p; });
    if (it != entries_.end() && it->files[0].first == path) entry = &*it;
  }
  if (!entry || entry->file_count != paths.size()) return std::nullopt;
  for (size_t f = 0; f < entry->file_count; ++f) {
    auto path = std::find(paths.begin(), paths.end(), entry->files[f].first);
    if (path == paths.end()) return std::nullopt;
    std::optional<FileIdentity> now = IdentityOf(*path);
    if (!now || !(*now == entry->files[f].second)) return std::nullopt;
  }
  const auto& f = entry->fields;
  Migration m;
  int format = 0, up_line = 0, down_line = 0;
  size_t down_path = 0;
  if (!Number(f[kFormat], format) || !Number(f[kUpLine], up_line) || !Number(f[kDownLine], down_line) ||
      !Number(f[kDownPath], down_path) || down_path >= entry->file_count) {
    return std::nullopt;
  }
  m.name = f[kName];
  m.format = static_cast<MigrationFormat>(format);
  for (size_t i = 0; i < entry->file_count; ++i) m.paths.emplace_back(entry->files[i].first);
  m.checksum = f[kChecksum];
  m.up.path = m.paths[0];
  m.up.first_line = up_line;
  m.up.transaction = f[kUpTransaction] == "1";
  if (f[kHasDown] == "1") {
    m.down.emplace();
    m.down->path = m.paths[down_path];
    m.down->first_line = down_line;
    m.down->transaction = f[kDownTransaction] == "1";
  }
  m.backup = f[kBackup] == "1";
  m.category = f[kCategory];
  m.description = f[kDescription];
  std::string_view requires_list = f[kRequires];
  while (!requires_list.empty()) {
    size_t comma = requires_list.find(',');
    auto version = Version::Parse(requires_list.substr(0, comma));
    if (!version) return std::nullopt;
    m.requirements.push_back(*version);
    requires_list = comma == std::string_view::npos ? std::string_view() : requires_list.substr(comma + 1);
  }
  m.text_read = false;
  used_[static_cast<size_t>(entry - entries_.data())] = 1;
  return m;
}

void FactsCache::Remember(const Migration& m) {
  if (m.batch || !m.allowed.empty() || !m.notes.empty() || m.baseline || m.format == MigrationFormat::kCode ||
      m.paths.empty() || m.paths.size() > 2) {
    return;
  }
  Fresh entry;
  for (const std::string& path : m.paths) {
    std::optional<FileIdentity> id = IdentityOf(path);
    if (!id || !Plain(path)) return;
    entry.files.emplace_back(path, *id);
  }
  std::string requires_list;
  for (const Version& v : m.requirements) requires_list += (requires_list.empty() ? "" : ",") + v.text();
  const size_t down_path = m.down && m.paths.size() == 2 && m.down->path == m.paths[1] ? 1 : 0;
  entry.fields = {m.name,
                  std::to_string(static_cast<int>(m.format)),
                  m.checksum,
                  std::to_string(m.up.first_line),
                  m.up.transaction ? "1" : "0",
                  m.down ? "1" : "0",
                  std::to_string(m.down ? m.down->first_line : 0),
                  m.down && m.down->transaction ? "1" : "0",
                  std::to_string(down_path),
                  m.backup ? "1" : "0",
                  m.category,
                  m.description,
                  requires_list};
  for (const std::string& field : entry.fields) {
    if (!Plain(field)) return;
  }
  std::lock_guard guard(mutex_);
  fresh_[m.paths[0]] = std::move(entry);
}

void FactsCache::Save() {
  std::lock_guard guard(mutex_);
  // Files gone since the last run leave the cache too.
  const auto kept = static_cast<size_t>(std::count(used_.begin(), used_.end(), 1));
  if (fresh_.empty() && kept == entries_.size()) return;
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(file_).parent_path(), error);
  if (error) return;
  std::string text = Header() + "\n";
  auto out = std::back_inserter(text);
  auto write = [&out](const auto& files, size_t file_count, const auto& fields) {
    fmt::format_to(out, "{}", file_count);
    for (size_t f = 0; f < file_count; ++f) {
      const auto& [path, id] = files[f];
      fmt::format_to(out, "\t{}\t{}\t{}\t{}\t{}", path, id.size, id.modified_ns, id.changed_ns, id.inode);
    }
    for (const auto& field : fields) fmt::format_to(out, "\t{}", field);
    fmt::format_to(out, "\n");
  };
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (used_[i]) write(entries_[i].files, entries_[i].file_count, entries_[i].fields);
  }
  for (const auto& [first, entry] : fresh_) write(entry.files, entry.files.size(), entry.fields);
  // Written aside, then renamed over: a reader sees the old cache or the new, never half of one.
  std::string temporary = fmt::format("{}.{}", file_, getpid());
  {
    std::ofstream out_file(temporary, std::ios::trunc);
    out_file << text;
    if (!out_file) {
      std::filesystem::remove(temporary, error);
      return;
    }
  }
  if (std::rename(temporary.c_str(), file_.c_str()) != 0) std::filesystem::remove(temporary, error);
}

}  // namespace strata
