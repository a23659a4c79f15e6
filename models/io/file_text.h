// -----------------------------------------------------------------------------
// File: models/io/file_text.h
// -----------------------------------------------------------------------------
// Reading a whole file as bytes, for the readers of jitsim's own outputs (reports, resume,
// merge). Scenario files go through the loader instead, which bounds their size and reports
// where an include was asked for.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace jitsim::models {

/// The file's bytes, or nullopt if it cannot be opened or read.
std::optional<std::string> read_file_text(const std::filesystem::path& path);

}  // namespace jitsim::models
