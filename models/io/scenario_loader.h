// -----------------------------------------------------------------------------
// File: models/io/scenario_loader.h
// -----------------------------------------------------------------------------
// Loads and validates scenario files (format reference: scenarios/README.md): resolves
// `extends` chains, `skus_file` and demand-trace CSVs, applies `--set key.path=value`
// overrides, fills defaults and checks every key, type, range, reference and limit. Every
// problem becomes a located Diagnostic; nothing is printed and nothing is thrown.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/io/diagnostics.h"
#include "models/model/scenario.h"

namespace jitsim::models {

/// A file the loader read (the scenario, its `extends`, `skus_file`, trace CSVs), with the
/// SHA-256 of its bytes: part of a run's identity, so that changed inputs are never blended.
struct InputFile {
  std::string path;  // as displayed in diagnostics
  std::string sha256;
};

struct LoadResult {
  std::optional<Scenario> scenario;     // set only when there is no error
  std::vector<Diagnostic> diagnostics;  // every error and warning found, in file order
  std::vector<InputFile> inputs;        // every file read, in reading order
  bool ok() const;                      // no error
};

/// Display name used in diagnostics for problems in `--set` overrides. The line is the
/// 1-based index of the override among those given, the column counts within its
/// `key.path=value` text.
inline constexpr std::string_view command_line_file = "<command line>";

/// Loads `path`, resolving `extends`, CSV side files (relative to the file naming them) and
/// then the `--set key.path=value` overrides (same validation as the file). An override
/// written `?key.path=value` changes the key only where the files have its table (for flags
/// such as --seed, which must not hide a missing [scenario] table).
LoadResult load_scenario(const std::filesystem::path& path,
                         const std::vector<std::string>& set_overrides = {});

/// Same from text in memory (`display_name` names it in diagnostics; `base_dir` resolves
/// relative paths).
LoadResult load_scenario_text(std::string_view text, const std::string& display_name,
                              const std::filesystem::path& base_dir,
                              const std::vector<std::string>& set_overrides = {});

}  // namespace jitsim::models
