// -----------------------------------------------------------------------------
// File: models/cli/output_dir.h
// -----------------------------------------------------------------------------
// Result files written whole or not at all: every file is first written under a temporary
// name in the target folder, and only when all of them are complete are they renamed into
// place (a rename within one folder is atomic). A failure removes the temporaries.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace jitsim::cli {

class OutputDir {
 public:
  explicit OutputDir(std::filesystem::path dir) : dir_(std::move(dir)) {}

  /// Queues `content` for DIR/name.
  void add(std::string name, std::string content) {
    files_.emplace_back(std::move(name), std::move(content));
  }

  /// Writes every queued file. Throws std::runtime_error (with nothing left behind) on failure.
  void commit();

 private:
  std::filesystem::path dir_;
  std::vector<std::pair<std::string, std::string>> files_;
};

}  // namespace jitsim::cli
