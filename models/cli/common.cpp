// File: models/cli/common.cpp
#include "models/cli/common.h"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include <fmt/format.h>

#include "models/io/diagnostics.h"
#include "models/io/scenario_loader.h"
#include "models/io/scenario_writer.h"
#include "models/results/report.h"

namespace jitsim::cli {

void add_common_options(CLI::App& cmd, CommonOptions& o, unsigned parts) {
  cmd.add_option("scenario", o.scenario, "Scenario file (TOML)")->required();
  const auto finite = CLI::Validator(
      [](std::string& text) {
        const double x = std::strtod(text.c_str(), nullptr);
        return std::isfinite(x) ? std::string() : "must be a finite number, got " + text;
      },
      "FINITE");
  cmd.add_option("-n,--replications", o.replications,
                 "Replications per policy (overrides [scenario] replications)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{10'000'000}));
  cmd.add_option("--seed", o.seed, "Random seed (overrides [scenario] seed)")
      ->check(CLI::NonNegativeNumber);
  cmd.add_option("--horizon-days", o.horizon_days, "Measured days (overrides the file)")
      ->check(finite);
  cmd.add_option("--warmup-days", o.warmup_days, "Unmeasured warm-up days (overrides the file)")
      ->check(finite);
  if (parts & kPolicyOption) {
    cmd.add_option("--policy", o.policies, "Run only this policy (repeatable)");
  }
  if (parts & kRunOptions) {
    cmd.add_option("--threads", o.threads, "Worker threads (default: all cores)")
        ->check(CLI::Range(1u, 4096u));
  }
  cmd.add_option("--set", o.sets, "Override a scenario key: key.path=value (repeatable)");
  if (parts & kRunOptions) cmd.add_flag("--quiet", o.quiet, "No progress bar");
  if (parts & kInvariantsOption) {
    cmd.add_flag("--check-invariants", o.check_invariants,
                 "Verify conservation of units after every event; stop at the first violation");
  }
  if (parts & kOutputOptions) {
    cmd.add_option("--format", o.format, "Standard output format")
        ->check(CLI::IsMember({"table", "csv", "json"}));
    cmd.add_option("--out", o.out_dir, "Write the result files into this folder")
        ->check(non_empty_path());
  }
}

std::optional<LoadedScenario> load(const CommonOptions& o, const std::vector<std::string>& extra) {
  // The shortcut flags are --set overrides (same validation and limits), marked '?' so that
  // they never create a [scenario] table the file lacks.
  std::vector<std::string> sets = o.sets;
  if (o.replications) sets.push_back(fmt::format("?scenario.replications={}", *o.replications));
  if (o.seed) sets.push_back(fmt::format("?scenario.seed={}", *o.seed));
  if (o.horizon_days) {
    sets.push_back(
        fmt::format("?scenario.horizon_days={}", models::format_number(*o.horizon_days)));
  }
  if (o.warmup_days) {
    sets.push_back(fmt::format("?scenario.warmup_days={}", models::format_number(*o.warmup_days)));
  }
  sets.insert(sets.end(), extra.begin(), extra.end());
  models::LoadResult r = models::load_scenario(o.scenario, sets);
  for (const models::Diagnostic& d : r.diagnostics) fmt::print(stderr, "{}\n", models::format(d));
  if (!r.ok()) return std::nullopt;
  LoadedScenario loaded{std::move(*r.scenario), {}, std::move(r.inputs), {}};
  loaded.resolved_toml = models::to_toml(loaded.scenario);
  std::error_code ec;
  loaded.scenario_dir = std::filesystem::absolute(o.scenario, ec).parent_path();
  return loaded;
}

CLI::Validator non_empty_path() {
  return CLI::Validator(
      [](std::string& text) {
        return text.empty() ? std::string("expected a folder or file name, got ''") : std::string();
      },
      "PATH");
}

std::vector<std::size_t> select_policies(const models::Scenario& sc,
                                         const std::vector<std::string>& names) {
  std::vector<std::size_t> out;
  if (names.empty()) {
    for (std::size_t i = 0; i < sc.policies.size(); ++i) out.push_back(i);
    return out;
  }
  std::vector<std::string> known;
  for (const auto& p : sc.policies) known.push_back(p.name);
  for (std::size_t i = 0; i < sc.policies.size(); ++i) {  // file order, each once
    for (const std::string& n : names) {
      if (n == sc.policies[i].name) {
        out.push_back(i);
        break;
      }
    }
  }
  for (const std::string& n : names) {
    if (std::find(known.begin(), known.end(), n) == known.end()) {
      throw UsageError(fmt::format("--policy {}: no such policy in the scenario{}", n,
                                   models::did_you_mean_suffix(n, known)));
    }
  }
  return out;
}

std::vector<std::string> policy_names(const models::Scenario& sc,
                                      const std::vector<std::size_t>& policies) {
  std::vector<std::string> names;
  names.reserve(policies.size());
  for (const std::size_t p : policies) names.push_back(sc.policies[p].name);
  return names;
}

unsigned thread_count(const CommonOptions& o) {
  if (o.threads > 0) return o.threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

namespace {
std::atomic<bool> g_interrupted{false};
std::atomic<int> g_signal{0};
std::atomic<int> g_deferring{0};

void say(const char* text) {  // async-signal-safe
  std::size_t n = 0;
  while (text[n]) ++n;
  [[maybe_unused]] const auto ignored = ::write(STDERR_FILENO, text, n);
}

extern "C" void on_signal(int sig) {
  if (g_interrupted.load() || g_deferring.load() == 0) {
    say(g_interrupted.load() ? "\njitsim: interrupted again; stopping at once\n"
                             : "\njitsim: interrupted; nothing written\n");
    ::_exit(128 + sig);
  }
  g_signal = sig;
  g_interrupted = true;
}
}  // namespace

const std::atomic<bool>& interrupted() {
  return g_interrupted;
}
int interrupt_signal() {
  return g_signal;
}
int interrupted_exit_code() {
  return 128 + (g_signal.load() ? g_signal.load() : SIGINT);
}

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (const int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &action, nullptr);
}

DeferInterrupts::DeferInterrupts() {
  ++g_deferring;
}
DeferInterrupts::~DeferInterrupts() {
  --g_deferring;
}

namespace {
std::atomic<int> g_saving{0};
}
SavingProgress::SavingProgress() {
  ++g_saving;
}
SavingProgress::~SavingProgress() {
  --g_saving;
}

void throw_if_interrupted() {
  if (g_interrupted.load(std::memory_order_relaxed) && g_saving.load() == 0) throw Interrupted();
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

Progress::Progress(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled && isatty(STDERR_FILENO)), start_(now_seconds()) {}

Progress::~Progress() {
  if (enabled_ && last_draw_ >= 0) fmt::print(stderr, "\r\033[K");
}

void Progress::update(double done, std::uint64_t total) {
  if (!enabled_ || total == 0) return;
  const double t = now_seconds();
  const auto whole = static_cast<std::uint64_t>(done);
  if (whole < total && t - last_draw_ < 0.1) return;  // redraw at most 10 times a second
  last_draw_ = t;
  const double share = std::min(1.0, done / static_cast<double>(total));
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(share * kWidth);
  const double elapsed = t - start_;
  const double eta = done > 0 ? elapsed * (1 - share) / share : 0;
  fmt::print(stderr, "\r{} [{}{}] {:3.0f}% {}/{}  ETA {:.0f}s\033[K", label_,
             std::string(static_cast<std::size_t>(filled), '='),
             std::string(static_cast<std::size_t>(kWidth - filled), ' '), 100 * share, whole, total,
             eta);
}

}  // namespace jitsim::cli
