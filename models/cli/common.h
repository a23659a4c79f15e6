// -----------------------------------------------------------------------------
// File: models/cli/common.h
// -----------------------------------------------------------------------------
// What the subcommands share: the common options (scenarios/README.md), loading a scenario
// with them (diagnostics to stderr), policy selection, exit codes, progress and interruption.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "models/io/scenario_loader.h"
#include "models/model/scenario.h"

namespace jitsim::cli {

/// Exit codes of the contract.
/// (An interrupted command exits 128 + the signal: see interrupted_exit_code().)
enum ExitCode : int { kSuccess = 0, kFailure = 1, kBadInput = 2, kInterrupted = 130 };

/// A usage or input problem found after parsing; main() prints it and exits 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CommonOptions {
  std::string scenario;
  std::optional<std::int64_t> replications;
  std::optional<std::int64_t> seed;  // signed, so that -1 is refused rather than wrapped
  std::optional<double> horizon_days;
  std::optional<double> warmup_days;
  std::vector<std::string> policies;
  unsigned threads = 0;  // 0: all cores
  std::vector<std::string> sets;
  std::string format = "table";
  std::string out_dir;
  bool quiet = false;
  bool check_invariants = false;
};

/// Which shared options a subcommand takes beyond the scenario, -n, --seed, --horizon-days,
/// --warmup-days and --set (its --help lists only what applies to it).
enum CommonOptionSet : unsigned {
  kPolicyOption = 1,      // --policy
  kRunOptions = 2,        // --threads, --quiet (a progress bar)
  kInvariantsOption = 4,  // --check-invariants
  kOutputOptions = 8,     // --format, --out
  kAllOptions = 15,
};

/// Adds the shared options (`parts`: those beyond the always-present ones) to a subcommand.
void add_common_options(CLI::App& cmd, CommonOptions& o, unsigned parts = kAllOptions);

struct LoadedScenario {
  models::Scenario scenario;
  std::string resolved_toml;              // what `validate` prints; hashed into outputs
  std::vector<models::InputFile> inputs;  // every file read, with its SHA-256
  std::filesystem::path scenario_dir;     // absolute: relative trace paths resolve here
};

/// A CLI11 check refusing an empty --out ('' would silently write nothing).
CLI::Validator non_empty_path();

/// Loads the scenario with --set and the shortcut flags applied. Prints every diagnostic to
/// stderr; returns nullopt when there was an error. `extra_sets` come after the user's.
std::optional<LoadedScenario> load(const CommonOptions& o,
                                   const std::vector<std::string>& extra_sets = {});

/// Indices of the policies named by --policy (all, in file order, when none is named).
/// Throws UsageError for an unknown name.
std::vector<std::size_t> select_policies(const models::Scenario& sc,
                                         const std::vector<std::string>& names);

/// The names of `policies` (indices into sc.policies), in that order.
std::vector<std::string> policy_names(const models::Scenario& sc,
                                      const std::vector<std::size_t>& policies);

/// Worker threads to use: --threads, or every core.
unsigned thread_count(const CommonOptions& o);

/// Interruption (SIGINT, SIGTERM, SIGHUP), after install_interrupt_handlers(). Outside a
/// DeferInterrupts scope a signal ends the process at once (exit 128 + signal: 130, 143, 129):
/// loading and checking write nothing, so there is nothing to save or clean up. Inside one, the
/// first signal only sets interrupted(), which the work polls (the kernel every few thousand
/// events, file writers every 64 KiB) to stop within a second and save or clean up; a second
/// signal ends the process at once.
const std::atomic<bool>& interrupted();
int interrupt_signal();
/// 128 + the signal received (130 when none was).
int interrupted_exit_code();
void install_interrupt_handlers();

class DeferInterrupts {
 public:
  DeferInterrupts();
  ~DeferInterrupts();
  DeferInterrupts(const DeferInterrupts&) = delete;
  DeferInterrupts& operator=(const DeferInterrupts&) = delete;
};

/// While one lives, throw_if_interrupted() does not throw: what an interrupted command saves
/// for later (a checkpoint) is written whole.
class SavingProgress {
 public:
  SavingProgress();
  ~SavingProgress();
  SavingProgress(const SavingProgress&) = delete;
  SavingProgress& operator=(const SavingProgress&) = delete;
};

/// Thrown by throw_if_interrupted(); main() exits with interrupted_exit_code().
class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};
void throw_if_interrupted();

/// A progress bar with ETA on stderr, drawn only when stderr is a terminal and not --quiet.
class Progress {
 public:
  Progress(std::string label, bool enabled);
  ~Progress();
  /// `done`: finished units of work plus the shares of those under way.
  void update(double done, std::uint64_t total);

 private:
  std::string label_;
  bool enabled_;
  double start_;
  double last_draw_ = -1;
};

/// Seconds on a monotonic clock.
double now_seconds();

}  // namespace jitsim::cli
