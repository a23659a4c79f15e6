// File: models/cli/output_dir.cpp
#include "models/cli/output_dir.h"

#include <unistd.h>

#include <fstream>
#include <locale>
#include <stdexcept>

#include <fmt/format.h>

namespace jitsim::cli {

void OutputDir::commit() {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec)
    throw std::runtime_error(fmt::format("cannot create {}: {}", dir_.string(), ec.message()));
  std::vector<fs::path> temps;
  auto clean = [&] {
    for (const fs::path& t : temps) fs::remove(t, ec);
  };
  for (const File& file : files_) {
    const fs::path tmp = dir_ / fmt::format(".{}.tmp-{}", file.name, ::getpid());
    temps.push_back(tmp);
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.imbue(std::locale::classic());
    file.write(out);
    out.close();
    if (!out) {
      clean();
      throw std::runtime_error(fmt::format("cannot write {}", (dir_ / file.name).string()));
    }
  }
  for (std::size_t i = 0; i < files_.size(); ++i) {
    fs::rename(temps[i], dir_ / files_[i].name, ec);
    if (ec) {
      clean();
      throw std::runtime_error(
          fmt::format("cannot write {}: {}", (dir_ / files_[i].name).string(), ec.message()));
    }
  }
}

}  // namespace jitsim::cli
