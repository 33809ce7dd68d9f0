// Rendering for humans (aligned tables, colour on a terminal only) and machines (--json).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "strata/engine.h"
#include "strata/status.h"

namespace strata::cli {

enum class Colour { kNone, kGreen, kYellow, kRed, kCyan, kDim };

class Output {
 public:
  Output();
  bool json = false;

  // `text` wrapped in `colour` when stdout is a terminal and NO_COLOR is unset.
  std::string Paint(const std::string& text, Colour colour) const;
  bool stderr_is_terminal() const { return stderr_tty_; }

  void Print(const std::string& text) const;   // stdout, with a newline
  void Notice(const std::string& text) const;  // stderr, with a newline
  void PrintJson(const nlohmann::json& value) const;
  void PrintError(const Status& status) const;

 private:
  bool colour_ = false;
  bool stderr_tty_ = false;
};

// A table whose columns are as wide as their widest cell. Cells may carry a colour.
class Table {
 public:
  explicit Table(std::vector<std::string> headers);
  void AddRow(std::vector<std::string> cells, std::vector<Colour> colours = {});
  // Removes the column `header` if no row has anything in it (a column only some projects use).
  void DropIfEmpty(const std::string& header);
  std::string Render(const Output& out) const;
  bool empty() const { return rows_.empty(); }

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::vector<Colour>> colours_;
};

nlohmann::json StatusJson(const Status& status);
nlohmann::json RunReportJson(const RunReport& report);
// Table and summary line of a run, for humans.
std::string RenderRunReport(const RunReport& report, const Output& out);
std::string FormatDuration(int64_t ms);

}  // namespace strata::cli
