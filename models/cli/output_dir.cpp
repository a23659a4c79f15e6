// File: models/cli/output_dir.cpp
#include "models/cli/output_dir.h"

#include <unistd.h>

#include <fstream>
#include <locale>
#include <stdexcept>

#include <fmt/format.h>

namespace jitsim::cli {

namespace fs = std::filesystem;

void OutputDir::commit() {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec)
    throw std::runtime_error(fmt::format("cannot create {}: {}", dir_.string(), ec.message()));
  std::vector<fs::path> temps;
  std::vector<fs::path> placed;  // final names already renamed into place
  auto undo = [&] {
    std::error_code ignored;  // best effort: the first error is the one reported
    for (const fs::path& t : temps) fs::remove(t, ignored);
    for (const fs::path& p : placed) fs::remove(p, ignored);
  };
  // Every file complete under a temporary name first...
  for (const File& file : files_) {
    const fs::path tmp = dir_ / fmt::format(".{}.tmp-{}", file.name, ::getpid());
    temps.push_back(tmp);
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.imbue(std::locale::classic());
    if (out) file.write(out);
    out.close();
    if (!out) {
      undo();
      throw std::runtime_error(fmt::format("cannot write {}", (dir_ / file.name).string()));
    }
  }
  // ...then renamed into place; a failure takes back what was already placed.
  for (std::size_t i = 0; i < files_.size(); ++i) {
    const fs::path target = dir_ / files_[i].name;
    fs::rename(temps[i], target, ec);
    if (ec) {
      const std::string reason = ec.message();
      undo();
      throw std::runtime_error(fmt::format("cannot write {}: {}", target.string(), reason));
    }
    placed.push_back(target);
  }
}

}  // namespace jitsim::cli
