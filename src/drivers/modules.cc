// Loading a driver module: dlopen runs the module's start, which registers its driver.
#include "drivers/modules.h"

#include <dlfcn.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>

namespace strata {
namespace {

Status LoadFrom(const std::vector<std::string>& directories, const KnownDriver& driver) {
  std::string file = fmt::format("libstrata-{}.so", driver.name);
  for (const std::string& directory : directories) {
    std::string path = (std::filesystem::path(directory) / file).string();
    std::error_code ignored;
    if (!std::filesystem::exists(path, ignored)) continue;
    // RTLD_NOW: a missing symbol fails here, with a message, not in the middle of a migration.
    // The module stays loaded for the life of the process, as its driver does.
    if (dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)) return Status::Ok();
    const char* why = dlerror();
    std::string remedy =
        driver.client_package.empty()
            ? "reinstall strata"
            : fmt::format("install the {} client library (Debian: apt-get install {})", driver.label,
                          driver.client_package);
    return Status(StatusCode::kUnsupported, fmt::format("cannot load strata's {} {} {}: {}; {}", driver.label,
                                                        driver.kind, path, why ? why : "unknown error", remedy));
  }
  std::string looked;
  for (const std::string& directory : directories) looked += (looked.empty() ? "" : ", ") + directory;
  std::string option = driver.name;
  for (char& c : option) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string build = driver.kind == "driver" ? fmt::format(" (a build needs -DSTRATA_WITH_{}=ON)", option) : "";
  return Status(StatusCode::kUnsupported,
                fmt::format("strata's {} {} is not installed: no {} in {}; it comes with the strata package{}, and "
                            "STRATA_DRIVER_PATH may name its folder",
                            driver.label, driver.kind, file, looked.empty() ? "(no folder)" : looked, build));
}

}  // namespace

void LoadDriverModulesFrom(std::vector<std::string> directories) {
  SetModuleLoader([directories = std::move(directories)](const KnownDriver& driver) {
    return LoadFrom(directories, driver);
  });
}

std::vector<std::string> DefaultModuleDirectories() {
  std::vector<std::string> directories;
  if (const char* path = std::getenv("STRATA_DRIVER_PATH"); path && *path) {
    std::string list = path;
    size_t start = 0;
    while (start <= list.size()) {
      size_t end = list.find(':', start);
      if (end == std::string::npos) end = list.size();
      if (end > start) directories.push_back(list.substr(start, end - start));
      start = end + 1;
    }
    return directories;
  }
  std::error_code error;
  std::filesystem::path binary = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return directories;
  std::filesystem::path here = binary.parent_path();
  directories.push_back((here / STRATA_DRIVER_DIR_FROM_BINARY).lexically_normal().string());
  directories.push_back((here / "drivers").string());
  return directories;
}

}  // namespace strata
