// -----------------------------------------------------------------------------
// File: tests/fuzz/fuzz_scenario.cpp
// -----------------------------------------------------------------------------
// libFuzzer target over scenario loading and validation: TOML parsing, extends resolution,
// skus_file and trace CSVs, --set overrides, limits, policy planning and the resolved-TOML
// round trip. Input layout: see fuzz_scenario.h. Build and run: tests/fuzz/README.md.
#include "tests/fuzz/fuzz_scenario.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <vector>

#include "models/io/diagnostics.h"
#include "models/io/scenario_loader.h"
#include "models/io/scenario_writer.h"
#include "models/model/plan.h"

namespace jitsim::fuzz {
namespace {

namespace fs = std::filesystem;
namespace m = jitsim::models;

constexpr const char* file_names[] = {"main.toml", "base.toml", "skus.csv", "trace.csv"};
constexpr std::size_t max_overrides = 8;

// One scratch folder per process, removed at exit; each input gets a fresh `case` inside.
class Scratch {
 public:
  Scratch() {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/jitsim-fuzz-XXXXXX";
    if (!mkdtemp(templ.data())) {
      std::perror("mkdtemp");
      std::abort();
    }
    root_ = templ;
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  fs::path fresh_case() const {
    const fs::path dir = root_ / "case";
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directory(dir);
    return dir;
  }

 private:
  fs::path root_;
};

Scratch& scratch() {
  static Scratch s;
  return s;
}

void write_file(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
    std::abort();
  }
}

std::string diagnostics_text(const m::LoadResult& r) {
  std::string out;
  for (const m::Diagnostic& d : r.diagnostics) out += m::format(d) + "\n";
  return out;
}

[[noreturn]] void finding(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz finding: %s\n%s\n", what, detail.c_str());
  std::abort();
}

// Device and kernel files can block or stream without end: not scenario data, and not
// something a fuzzer should open on the machine it runs on.
bool names_system_files(std::string_view text) {
  for (std::string_view bad : {"/dev", "/proc", "/sys"}) {
    if (text.find(bad) != std::string_view::npos) return true;
  }
  return false;
}

void check_loaded(const m::Scenario& s, const fs::path& dir) {
  // What `run` derives from a scenario before simulating: plans, rules, initial stock.
  const std::vector<m::SkuPlan> plans = m::plan_skus(s);
  for (const m::PolicySpec& p : s.policies) {
    const std::vector<m::ReplenishmentRule> rules = m::resolve_policy(s, plans, p);
    for (std::size_t i = 0; i < s.skus.size() && i < rules.size(); ++i) {
      (void)m::initial_stock(s.skus[i], rules[i]);
    }
  }

  // The resolved TOML loads again, to the same scenario, and prints the same.
  const std::string printed = m::to_toml(s);
  const m::LoadResult again = m::load_scenario_text(printed, (dir / "resolved.toml").string(), dir);
  if (!again.ok() || !again.scenario) {
    finding("the resolved TOML does not load again",
            diagnostics_text(again) + "--- resolved TOML:\n" + printed);
  }
  if (!(*again.scenario == s)) {
    finding("the resolved TOML loads to a different scenario", "--- resolved TOML:\n" + printed);
  }
  const std::string reprinted = m::to_toml(*again.scenario);
  if (reprinted != printed) {
    finding("the resolved TOML is not a fixed point of to_toml",
            "--- first:\n" + printed + "--- second:\n" + reprinted);
  }
}

}  // namespace

std::string run_one(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (names_system_files(input)) return "skipped: names a system file";

  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t nul = input.find('\0', start);
    parts.push_back(input.substr(start, nul == std::string_view::npos ? nul : nul - start));
    if (nul == std::string_view::npos) break;
    start = nul + 1;
  }

  const fs::path dir = scratch().fresh_case();
  std::vector<std::string> overrides;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i < std::size(file_names)) {
      write_file(dir / file_names[i], parts[i]);
    } else if (overrides.size() < max_overrides) {
      overrides.emplace_back(parts[i]);
    }
  }

  const m::LoadResult r = m::load_scenario(dir / "main.toml", overrides);
  // load_scenario turns an escaped exception into this single diagnostic (user text can
  // contain the words too, but then never as the only diagnostic).
  if (r.diagnostics.size() == 1 &&
      r.diagnostics.front().message.rfind("internal error while loading: ", 0) == 0) {
    finding("internal error while loading", diagnostics_text(r));
  }
  if (r.ok() != r.scenario.has_value()) finding("ok() disagrees with the scenario", "");
  if (!r.ok()) return diagnostics_text(r);
  check_loaded(*r.scenario, dir);
  return "ok\n" + diagnostics_text(r);
}

}  // namespace jitsim::fuzz

#ifdef JITSIM_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)jitsim::fuzz::run_one(data, size);
  return 0;
}
#endif
