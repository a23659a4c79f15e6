// -----------------------------------------------------------------------------
// File: models/cli/output_dir.h
// -----------------------------------------------------------------------------
// Result files written whole or not at all: every file is first written under a temporary
// name in the target folder, and only when all of them are complete are they renamed into
// place (a rename within one folder is atomic). A failure removes the temporaries and any file
// this commit had already renamed into place. An interrupt (SIGINT, SIGTERM, SIGHUP) during a
// commit is seen within 64 KiB of output: the same clean-up, then cli::Interrupted is thrown.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

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

  /// Writes every queued file. Throws std::runtime_error (with nothing left behind) on failure.
  void commit();

 private:
  std::filesystem::path dir_;
  struct File {
    std::string name;
    Writer write;
  };
  std::vector<File> files_;
};

}  // namespace jitsim::cli
