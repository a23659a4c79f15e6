// File: models/cli/file_set.cpp
#include "models/cli/file_set.h"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "models/cli/run_outputs.h"
#include "models/io/sha256.h"
#include "models/results/report.h"

namespace jitsim::cli {

namespace fs = std::filesystem;

RunIdentity run_identity(const LoadedScenario& loaded, std::vector<std::string> policies) {
  return {models::sha256_hex(loaded.resolved_toml), loaded.inputs, std::move(policies)};
}

toml::table manifest_header(std::string_view kind, const RunIdentity& identity) {
  toml::array inputs, policies;
  for (const models::InputFile& f : identity.inputs) {
    inputs.push_back(toml::table{{"file", f.path}, {"sha256", f.sha256}});
  }
  for (const std::string& p : identity.policies) policies.push_back(p);
  return toml::table{
      {"kind", kind},
      {"jitsim_version", std::string_view(models::kVersion)},
      {"identity", toml::table{{"scenario_sha256", identity.scenario_sha256},
                               {"policies", std::move(policies)},
                               {"inputs", std::move(inputs)}}},
  };
}

std::string identity_difference(const RunIdentity& want, const RunIdentity& have) {
  // Inputs first: a changed trace CSV leaves the resolved scenario as it was.
  const std::size_t n = std::min(want.inputs.size(), have.inputs.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (want.inputs[i].sha256 != have.inputs[i].sha256) {
      return fmt::format("input file {} has changed (or another file is read in its place)",
                         want.inputs[i].path);
    }
  }
  if (want.inputs.size() != have.inputs.size()) {
    return fmt::format("the scenario reads {} input file(s), the saved run read {}",
                       want.inputs.size(), have.inputs.size());
  }
  if (want.scenario_sha256 != have.scenario_sha256) {
    return "the resolved scenario differs (other file, --set, -n, --seed, --horizon-days or "
           "--warmup-days)";
  }
  if (want.policies != have.policies) return "the --policy choices differ";
  return {};
}

bool has_manifest(const std::string& dir) {
  std::error_code ec;
  return fs::exists(fs::path(dir) / kManifestFile, ec);
}

namespace {

std::string hash_file(const fs::path& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  models::Sha256 sha;
  char buffer[1 << 16];
  while (in) {
    in.read(buffer, sizeof buffer);
    sha.update(std::string_view(buffer, static_cast<std::size_t>(in.gcount())));
  }
  ok = !in.bad();
  return sha.hex();
}

// A listed name stays inside the set's folder.
bool safe_name(const std::string& name) {
  if (name.empty() || name.front() == '/') return false;
  for (const auto& part : fs::path(name)) {
    if (part == ".." || part == ".") return false;
  }
  return true;
}

}  // namespace

FileSet verify_file_set(const std::string& dir, std::string_view kind, std::string_view what_to_do,
                        const std::vector<std::string>& known_names) {
  const std::string manifest_path = (fs::path(dir) / kManifestFile).string();
  if (!has_manifest(dir)) {
    throw UsageError(fmt::format(
        "{}: missing: {} is not a complete set of jitsim files (a write was interrupted, or it "
        "was made by hand or by an older jitsim); {}",
        manifest_path, dir, what_to_do));
  }
  const toml::table t = read_toml(manifest_path);
  FileSet set;
  set.dir = dir;
  set.kind = t["kind"].value_or(std::string());
  auto bad = [&](const std::string& why) {
    return UsageError(fmt::format("{}: {}; {}", manifest_path, why, what_to_do));
  };
  if (set.kind != kind) {
    throw bad(fmt::format("kind is '{}', expected '{}' (wrong folder?)", set.kind, kind));
  }
  const toml::table* id = t["identity"].as_table();
  if (!id) throw bad("no [identity] table");
  set.identity.scenario_sha256 = (*id)["scenario_sha256"].value_or(std::string());
  if (const toml::array* a = (*id)["policies"].as_array()) {
    for (const auto& p : *a) set.identity.policies.push_back(p.value_or(std::string()));
  }
  if (const toml::array* a = (*id)["inputs"].as_array()) {
    for (const auto& node : *a) {
      const toml::table* f = node.as_table();
      if (!f) throw bad("identity.inputs: expected tables of file and sha256");
      set.identity.inputs.push_back(
          {(*f)["file"].value_or(std::string()), (*f)["sha256"].value_or(std::string())});
    }
  }
  const toml::array* files = t["files"].as_array();
  if (!files) throw bad("no [[files]] list");
  for (const auto& node : *files) {
    const toml::table* f = node.as_table();
    const std::string name = f ? (*f)["name"].value_or(std::string()) : std::string();
    const std::optional<std::int64_t> size = f ? (*f)["size"].value<std::int64_t>() : std::nullopt;
    const std::string sha = f ? (*f)["sha256"].value_or(std::string()) : std::string();
    if (!safe_name(name) || !size || sha.size() != 64) {
      throw bad("files: each entry needs a name (inside the folder), a size and a sha256");
    }
    const fs::path path = fs::path(dir) / name;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
      throw UsageError(fmt::format("{}: missing, but listed in {}: the set is incomplete; {}",
                                   path.string(), manifest_path, what_to_do));
    }
    const std::uintmax_t actual = fs::file_size(path, ec);
    bool read_ok = !ec;
    if (read_ok && actual != static_cast<std::uintmax_t>(*size)) {
      throw UsageError(fmt::format(
          "{}: {} bytes, but {} lists {}: the file was edited, or the folder mixes files of two "
          "writes; {}",
          path.string(), actual, manifest_path, *size, what_to_do));
    }
    if (read_ok && hash_file(path, read_ok) != sha) {
      throw UsageError(fmt::format(
          "{}: its content does not match its SHA-256 in {}: the file was edited, or the folder "
          "mixes files of two writes; {}",
          path.string(), manifest_path, what_to_do));
    }
    if (!read_ok) throw UsageError(fmt::format("{}: cannot read; {}", path.string(), what_to_do));
    set.files.push_back(name);
  }
  for (const std::string& name : known_names) {
    std::error_code ec;
    if (std::find(set.files.begin(), set.files.end(), name) == set.files.end() &&
        fs::exists(fs::path(dir) / name, ec)) {
      throw UsageError(
          fmt::format("{}: not one of the files {} lists (left over from another write?); {}",
                      (fs::path(dir) / name).string(), manifest_path, what_to_do));
    }
  }
  return set;
}

}  // namespace jitsim::cli
