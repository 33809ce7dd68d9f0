// strata graph: the requirements between migrations as a Graphviz DOT graph on stdout, or an SVG drawn by
// Graphviz's `dot` program (--svg FILE).
//
// A node is a migration (version, name, category); an edge goes from a requirement to the migration that
// requires it. A migration that declares no requirements gets a dashed edge from the one before it, as
// `up` runs it after that one. Applied migrations are green, failed or interrupted ones red, reverted
// ones grey and pending ones white; without a database URL every node is white.
#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/context.h"

extern char** environ;

namespace strata::cli {
namespace {

struct GraphArguments {
  std::string svg;  // --svg FILE; empty for DOT on stdout
};

// A migration as the graph shows it.
struct Node {
  std::string version;
  std::string name;
  std::string category;
  std::string status;  // "pending", or a MigrationStatus name; "" without a database
  std::vector<std::string> requirements;
  bool has_file = true;
};

// Text inside a DOT "string": quotes and backslashes escaped, line breaks as DOT's \n.
std::string Quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

const char* FillOf(const std::string& status) {
  if (status == "applied") return "palegreen";
  if (status == "failed" || status == "running") return "lightcoral";
  if (status == "reverted") return "lightgrey";
  return "white";
}

std::string Dot(const std::vector<Node>& nodes) {
  std::string dot =
      "// strata graph: an edge goes from a requirement to the migration that requires it; a dashed one from the\n"
      "// migration before one that declares no requirements. Green: applied; red: failed; grey: reverted;\n"
      "// white: pending.\n"
      "digraph migrations {\n"
      "  rankdir=LR;\n"
      "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fillcolor=white];\n";
  // Versions compare as numbers: a requirement written "1" is the node "001".
  std::map<std::string, std::string> known;  // Version::number -> the node's version as written
  auto number = [](const std::string& text) {
    auto v = Version::Parse(text);
    return v ? v->number() : text;
  };
  for (const Node& n : nodes) known.emplace(number(n.version), n.version);
  std::set<std::string> unknown_drawn;
  for (const Node& n : nodes) {
    std::string label = n.version + "\n" + n.name;
    if (!n.category.empty()) label += "\n(" + n.category + ")";
    if (!n.has_file) label += "\n(file missing)";
    dot += fmt::format("  {} [label={}, fillcolor={}{}];\n", Quoted(n.version), Quoted(label), FillOf(n.status),
                       n.has_file ? "" : ", style=\"rounded,filled,dashed\"");
  }
  const Node* before = nullptr;
  for (const Node& n : nodes) {
    if (n.requirements.empty() && before) {
      dot += fmt::format("  {} -> {} [style=dashed];\n", Quoted(before->version), Quoted(n.version));
    }
    for (const std::string& r : n.requirements) {
      auto node = known.find(number(r));
      if (node == known.end() && unknown_drawn.insert(r).second) {
        dot += fmt::format("  {} [label={}, color=red, style=\"rounded,dashed\"];\n", Quoted(r),
                           Quoted(r + "\n(no such migration)"));
      }
      dot += fmt::format("  {} -> {};\n", Quoted(node == known.end() ? r : node->second), Quoted(n.version));
    }
    before = &n;
  }
  return dot + "}\n";
}

// The `dot` program on PATH, or "".
std::string FindDot() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  for (size_t start = 0; start <= dirs.size();) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(start, end - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/dot";
    struct stat st {};
    if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = end + 1;
  }
  return "";
}

// Runs `dot -Tsvg -o FILE` with `dot_text` on its standard input: an argument vector, never a shell.
Status DrawSvg(const std::string& dot_text, const std::string& file) {
  const std::string program = FindDot();
  if (program.empty()) {
    return Status(StatusCode::kInvalidArgument,
                  "--svg needs Graphviz's `dot` program, which is not on PATH; install graphviz (e.g. `apt-get "
                  "install graphviz` or `brew install graphviz`), or run `strata graph > graph.dot` and render the "
                  "DOT elsewhere");
  }
  int fds[2];  // close-on-exec: dot gets the read end as its standard input only
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return Status(StatusCode::kIoError, fmt::format("cannot start dot: {}", std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);
  std::vector<std::string> args = {program, "-Tsvg", "-o", file};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[0]);
  if (spawned != 0) {
    close(fds[1]);
    return Status(StatusCode::kIoError, fmt::format("cannot run {}: {}", program, std::strerror(spawned)));
  }
  // A dot that exits early must not take strata with it (SIGPIPE): its exit status tells.
  struct sigaction ignore {
  }, previous{};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &previous);
  for (size_t written = 0; written < dot_text.size();) {
    ssize_t n = write(fds[1], dot_text.data() + written, dot_text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  close(fds[1]);
  sigaction(SIGPIPE, &previous, nullptr);
  int wstatus = 0;
  while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    return Status(StatusCode::kIoError,
                  fmt::format("{} could not draw {} (exit status {}; its message is above); `strata graph` without "
                              "--svg prints the DOT it was given",
                              program, file, WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1));
  }
  return Status::Ok();
}

int RunGraph(Context& context, const GraphArguments& args) {
  auto set = context.Migrations();
  if (!set.ok()) return context.Fail(set.status());
  // Colours come from the database when one is named; without a URL the graph is drawn from the files.
  auto cfg = context.config(true);
  std::vector<Node> nodes;
  if (!cfg.ok() || cfg->url.empty()) {
    for (const Migration& m : set->migrations) {
      Node n{m.version.text(), m.name, m.category, "", {}, true};
      for (const Version& v : m.requirements) n.requirements.push_back(v.text());
      nodes.push_back(std::move(n));
    }
  } else {
    auto engine = context.OpenEngine(Access::kRead);
    if (!engine.ok()) return context.Fail(engine.status());
    auto report = (*engine)->GetStatus(*set);
    if (!report.ok()) return context.Fail(report.status());
    for (const MigrationState& m : report->migrations) {
      nodes.push_back({m.version, m.name, m.category, m.status, m.requirements, !m.path.empty()});
    }
  }
  std::string dot = Dot(nodes);
  if (args.svg.empty()) {
    if (context.out.json) {
      context.out.PrintJson({{"dot", dot}});
    } else {
      context.out.Print(dot.substr(0, dot.size() - 1));
    }
    return kExitOk;
  }
  if (Status drawn = DrawSvg(dot, args.svg); !drawn.ok()) return context.Fail(drawn);
  if (context.out.json) {
    context.out.PrintJson({{"svg", args.svg}});
  } else {
    context.out.Print(args.svg);
  }
  return kExitOk;
}

}  // namespace

void AddGraphCommand(CLI::App& app, Context& context, int* exit_code) {
  auto args = std::make_shared<GraphArguments>();
  CLI::App* cmd = app.add_subcommand(
      "graph", "The requirements between migrations as a Graphviz DOT graph, applied ones green (--svg draws it)");
  cmd->add_option("--svg", args->svg,
                  "Write an SVG drawing to this file with Graphviz's `dot` (which must be installed)");
  cmd->callback([&context, args, exit_code] { *exit_code = RunGraph(context, *args); });
}

}  // namespace strata::cli
