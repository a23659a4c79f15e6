// -----------------------------------------------------------------------------
// File: models/cli/main.cpp
// -----------------------------------------------------------------------------
// The jitsim command line: a thin main over the subcommands in models/cli/*_command.cpp.
// Exit codes: 0 success, 1 failure while running, 2 bad input or usage, 128 + signal when
// interrupted (SIGINT 130, SIGTERM 143, SIGHUP 129).
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "models/cli/commands.h"
#include "models/cli/common.h"
#include "models/cli/distributed.h"
#include "models/results/report.h"

namespace {

int run_main(int argc, char** argv, const jitsim::cli::Cluster& cluster) {
  using namespace jitsim::cli;
  CLI::App app{
      "jitsim: discrete-event simulation of supply chains. Compares Just-In-Time, Just-In-Case\n"
      "and hybrid inventory policies side by side over Monte Carlo replications.",
      "jitsim"};
  app.set_version_flag("--version", fmt::format("jitsim {}", jitsim::models::kVersion));
  app.require_subcommand(1);
  app.footer("Run 'jitsim help CMD' or 'jitsim CMD --help' for a command's options and examples.");

  const std::vector<Subcommand> commands{
      add_run_command(app, cluster), add_sweep_command(app, cluster), add_validate_command(app),
      add_trace_command(app),        add_merge_command(app),          add_report_command(app),
      add_optimize_command(app),     add_stress_command(app),         add_advise_command(app),
      add_sensitivity_command(app)};
  std::string names;  // "run, sweep, ...": what `jitsim help` takes
  for (const Subcommand& c : commands) names += (names.empty() ? "" : ", ") + c.app->get_name();
  std::string help_topic;
  CLI::App* help = app.add_subcommand("help", "Show help for a command: jitsim help CMD");
  help->add_option("command", help_topic, names);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the message to stderr
    return kBadInput;
  }

  if (help->parsed()) {
    if (help_topic.empty()) {
      fmt::print("{}", app.help());
      return kSuccess;
    }
    for (const Subcommand& c : commands) {
      if (c.app->get_name() == help_topic) {
        fmt::print("{}", c.app->help());
        return kSuccess;
      }
    }
    fmt::print(stderr, "jitsim help: no command '{}' (one of: {})\n", help_topic, names);
    return kBadInput;
  }

  install_interrupt_handlers();
  for (const Subcommand& c : commands) {
    if (!c.app->parsed()) continue;
    // Under mpirun only run and sweep split work; the other commands run once, on rank 0.
    const bool distributed = c.app->get_name() == "run" || c.app->get_name() == "sweep";
    if (cluster.rank != 0 && !distributed) return kSuccess;
    try {
      return c.run();
    } catch (const Interrupted&) {
      fmt::print(stderr, "jitsim {}: interrupted; nothing written\n", c.app->get_name());
      return interrupted_exit_code();
    } catch (const UsageError& e) {
      fmt::print(stderr, "jitsim {}: error: {}\n", c.app->get_name(), e.what());
      return kBadInput;
    } catch (const std::exception& e) {
      fmt::print(stderr, "jitsim {}: error: {}\n", c.app->get_name(), e.what());
      return kFailure;
    }
  }
  return kBadInput;
}

}  // namespace

int main(int argc, char** argv) {
  // run_main turns a command's failures into exit codes; what is left (setting up the options,
  // MPI) would otherwise end in std::terminate without a word: exit 1 with the reason instead.
  try {
    const jitsim::cli::Cluster cluster = jitsim::cli::init_cluster(&argc, &argv);
    const int code = run_main(argc, argv, cluster);
    // Under MPI an error on one rank must not leave the others waiting in a collective.
    if (cluster.mpi && code != jitsim::cli::kSuccess && cluster.size > 1) {
      jitsim::cli::abort_cluster(cluster, code);
    }
    jitsim::cli::finalize_cluster(cluster);
    return code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "jitsim: error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "jitsim: error: unexpected failure\n");
  }
  return jitsim::cli::kFailure;
}
