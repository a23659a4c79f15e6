// -----------------------------------------------------------------------------
// File: models/cli/commands.h
// -----------------------------------------------------------------------------
// The subcommands of `jitsim`. Each add_*_command registers its options on the app and
// returns the function that runs it once parsing succeeded (returning the exit code).
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace jitsim::cli {

struct Subcommand {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

struct Cluster;

Subcommand add_run_command(CLI::App& app, const Cluster& cluster);
Subcommand add_merge_command(CLI::App& app);
Subcommand add_sweep_command(CLI::App& app, const Cluster& cluster);
Subcommand add_validate_command(CLI::App& app);
Subcommand add_trace_command(CLI::App& app);
Subcommand add_report_command(CLI::App& app);
Subcommand add_optimize_command(CLI::App& app);
Subcommand add_stress_command(CLI::App& app);
Subcommand add_advise_command(CLI::App& app);
Subcommand add_sensitivity_command(CLI::App& app);

}  // namespace jitsim::cli
