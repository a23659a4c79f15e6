// -----------------------------------------------------------------------------
// File: models/cli/file_set.h
// -----------------------------------------------------------------------------
// The files of an output folder, a checkpoint or a shard form one verifiable set: OutputDir
// writes DIR/manifest.toml LAST (after every other file is in place) with each file's name,
// size and SHA-256 and the identity of the run that made them. A reader verifies it, so a set
// torn by a kill (no manifest: the old one is removed before the first file is replaced), an
// edited file or files of two writes are refused instead of being read as one run.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "models/cli/common.h"

namespace jitsim::cli {

inline constexpr const char* kManifestFile = "manifest.toml";

/// What makes two runs the same run (for --resume and merge): the resolved scenario (which
/// fixes -n, --seed and every --set), the content of every input file read, and the policies.
struct RunIdentity {
  std::string scenario_sha256;            // of the resolved scenario
  std::vector<models::InputFile> inputs;  // in reading order; compared by content only
  std::vector<std::string> policies;
};

RunIdentity run_identity(const LoadedScenario& loaded, std::vector<std::string> policies);

/// The start of a manifest: kind ("run", "sweep", "shard", "sweep_shard", "checkpoint"),
/// jitsim version and [identity]. OutputDir adds the [[files]].
toml::table manifest_header(std::string_view kind, const RunIdentity& identity);

/// Empty when `have` is the same run as `want`, else what differs (an input named by path).
std::string identity_difference(const RunIdentity& want, const RunIdentity& have);

/// A verified set.
struct FileSet {
  std::string dir;
  std::string kind;
  RunIdentity identity;
  std::vector<std::string> files;  // names, as listed
};

/// Whether DIR/manifest.toml exists.
bool has_manifest(const std::string& dir);

/// Verifies DIR/manifest.toml (of `kind`): every listed file present with its size and SHA-256,
/// and none of `known_names` present without being listed (left over from another write).
/// Throws UsageError naming the file, what is wrong and `what_to_do`.
FileSet verify_file_set(const std::string& dir, std::string_view kind, std::string_view what_to_do,
                        const std::vector<std::string>& known_names = {});

}  // namespace jitsim::cli
