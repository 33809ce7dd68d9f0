// strata lock status | lock break: who holds the runner lock, and ending a stuck holder.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/context.h"

namespace strata::cli {
namespace {

int RunLockStatus(Context& context) {
  auto engine = context.OpenEngine(Access::kRead);
  if (!engine.ok()) return context.Fail(engine.status());
  auto holder = (*engine)->LockHolder();
  if (!holder.ok()) return context.Fail(holder.status());
  if (context.out.json) {
    context.out.PrintJson({{"locked", !holder->empty()}, {"holder", holder->empty() ? nullptr : nlohmann::json(*holder)}});
  } else {
    context.out.Print(holder->empty() ? "the lock is free" : "held by " + *holder);
  }
  return kExitOk;
}

int RunLockBreak(Context& context, bool yes) {
  auto engine = context.OpenEngine();
  if (!engine.ok()) return context.Fail(engine.status());
  auto holder = (*engine)->LockHolder();
  if (!holder.ok()) return context.Fail(holder.status());
  if (holder->empty()) {
    if (context.out.json) {
      context.out.PrintJson({{"ok", true}, {"broken", nullptr}});
    } else {
      context.out.Print("the lock is free; nothing to break");
    }
    return kExitOk;
  }
  if (!yes) {
    if (!isatty(STDIN_FILENO)) {
      return context.Fail(Status(StatusCode::kRefused,
                                 fmt::format("the lock is held by {}; breaking it ends that session. Confirm with "
                                             "`strata lock break --yes`",
                                             *holder)));
    }
    std::cerr << fmt::format("End the session holding the lock ({})? Only do this if it is stuck. [y/N] ", *holder)
              << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer) || (answer != "y" && answer != "yes")) {
      return context.Fail(Status(StatusCode::kRefused, "not confirmed; the lock was left alone"));
    }
  }
  Status broken = (*engine)->BreakLock();
  if (!broken.ok()) return context.Fail(broken);
  if (context.out.json) {
    context.out.PrintJson({{"ok", true}, {"broken", *holder}});
  } else {
    context.out.Print("ended the session of " + *holder);
  }
  return kExitOk;
}

}  // namespace

void AddLockCommands(CLI::App& app, Context& context, int* exit_code) {
  CLI::App* lock = app.add_subcommand("lock", "The runner lock: who holds it, and ending a stuck holder");
  lock->require_subcommand(1);
  lock->add_subcommand("status", "Who holds the lock (host, process, since when, command)")
      ->callback([&context, exit_code] { *exit_code = RunLockStatus(context); });
  auto yes = std::make_shared<bool>(false);
  CLI::App* breaking = lock->add_subcommand("break", "End the session holding the lock (asks for confirmation)");
  breaking->add_flag("--yes,-y", *yes, "Do not ask");
  breaking->callback([&context, yes, exit_code] { *exit_code = RunLockBreak(context, *yes); });
}

}  // namespace strata::cli
