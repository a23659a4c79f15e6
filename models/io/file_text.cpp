// File: models/io/file_text.cpp
#include "models/io/file_text.h"

#include <fstream>
#include <sstream>

namespace jitsim::models {

std::optional<std::string> read_file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(text).str();
}

}  // namespace jitsim::models
