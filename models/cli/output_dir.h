// -----------------------------------------------------------------------------
// File: models/cli/output_dir.h
// -----------------------------------------------------------------------------
// Result files written whole or not at all: every file is first written under a temporary
// name in the target folder, and only when all of them are complete are they renamed into
// place (a rename within one folder is atomic). A failure removes the temporaries, any file
// this commit had already renamed into place and any folder it created, and says why (the
// system's reason, e.g. "No space left on device"). An interrupt (SIGINT, SIGTERM, SIGHUP)
// during a commit is seen within 64 KiB of output: the same clean-up, then cli::Interrupted is
// thrown.
//
// With set_manifest() the files form a verifiable set (file_set.h). The order makes a kill at
// any moment leave either the old complete set or one a reader can tell is torn:
//   1. every new file, and the new manifest (names, sizes, SHA-256 of what was written),
//      complete under a temporary name: the old set is untouched, and a full disk fails here;
//   2. the old manifest removed (from here on, readers see "no manifest": torn);
//   3. the new files renamed into place, files of the old set missing from the new removed;
//   4. the new manifest renamed into place, last.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <toml++/toml.h>

namespace jitsim::cli {

class OutputDir {
 public:
  explicit OutputDir(std::filesystem::path dir) : dir_(std::move(dir)) {}

  using Writer = std::function<void(std::ostream&)>;

  /// Queues `content` for DIR/name.
  void add(std::string name, std::string content) {
    files_.push_back({std::move(name), [c = std::move(content)](std::ostream& out) { out << c; }});
  }
  /// Queues DIR/name to be written by `writer` (streamed: large files never sit in memory).
  void add_stream(std::string name, Writer writer) {
    files_.push_back({std::move(name), std::move(writer)});
  }
  /// Makes the files one set: DIR/manifest.toml = `header` + [[files]], written last.
  void set_manifest(toml::table header) { manifest_ = std::move(header); }
  /// Also lists DIR/name, already written (e.g. the manifest of a subfolder's set), so that the
  /// set covers it too.
  void include_existing(std::string name) { existing_.push_back(std::move(name)); }

  /// Writes every queued file. Throws std::runtime_error (with nothing left behind) on failure.
  void commit();

 private:
  void remove_stale_temporaries() const;

  std::filesystem::path dir_;
  struct File {
    std::string name;
    Writer write;
  };
  std::vector<File> files_;
  std::optional<toml::table> manifest_;
  std::vector<std::string> existing_;
};

}  // namespace jitsim::cli
