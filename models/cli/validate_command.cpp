// File: models/cli/validate_command.cpp
// `jitsim validate`: check a scenario and print it resolved (extends, CSVs, --set, defaults).
#include <memory>

#include <fmt/format.h>

#include "models/cli/commands.h"
#include "models/cli/common.h"

namespace jitsim::cli {

Subcommand add_validate_command(CLI::App& app) {
  auto o = std::make_shared<CommonOptions>();
  CLI::App* cmd = app.add_subcommand(
      "validate",
      "Check a scenario file; print the resolved scenario (after extends/--set) as TOML");
  add_common_options(*cmd, *o, 0);  // checks and prints: nothing runs
  cmd->footer(
      "The file (with its extends and CSVs) is checked on its own, then with -n/--seed/"
      "--horizon-days/\n--warmup-days and --set applied; both must pass, against the limits of "
      "scenarios/README.md.\n"
      "Example:\n"
      "  jitsim validate scenarios/shipping_delay_2022.toml --set scenario.seed=3");
  return {cmd, [o] {
            const auto loaded = load(*o);
            if (!loaded) return static_cast<int>(kBadInput);
            fmt::print("{}", loaded->resolved_toml);
            return static_cast<int>(kSuccess);
          }};
}

}  // namespace jitsim::cli
