// -----------------------------------------------------------------------------
// File: tests/fuzz/replay_main.cpp
// -----------------------------------------------------------------------------
// Replays fuzz inputs through the fuzz entry point without libFuzzer (the normal build's
// regression test): fuzz_scenario_replay FILE_OR_DIR...
// A directory replays every file in it (sorted), except `*.expected`. When `X.expected` exists
// next to input X, each of its non-empty lines must occur in X's result ("ok" or the
// diagnostics), so inputs that once crashed toml++ also prove what users see instead.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_scenario.h"

namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// 0 when the input ran and met its expectations.
int replay(const fs::path& p) {
  const std::string bytes = read_all(p);
  const std::string result =
      jitsim::fuzz::run_one(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  fs::path expected = p;
  expected += ".expected";
  int failures = 0;
  if (fs::exists(expected)) {
    std::istringstream lines(read_all(expected));
    for (std::string line; std::getline(lines, line);) {
      if (line.empty() || result.find(line) != std::string::npos) continue;
      std::cerr << "FAIL " << p.filename().string() << ": expected '" << line << "' in:\n"
                << result;
      ++failures;
    }
  }
  std::cout << (failures ? "FAIL " : "ok   ") << p.filename().string() << ": "
            << result.substr(0, result.find('\n')) << "\n";
  return failures;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: fuzz_scenario_replay FILE_OR_DIR...\n";
    return 2;
  }
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg(argv[i]);
    if (fs::is_directory(arg)) {
      for (const auto& e : fs::directory_iterator(arg)) {
        if (e.is_regular_file() && e.path().extension() != ".expected") inputs.push_back(e.path());
      }
    } else {
      inputs.push_back(arg);
    }
  }
  std::sort(inputs.begin(), inputs.end());
  int failed = 0;
  for (const fs::path& p : inputs) failed += replay(p) != 0;
  std::cout << inputs.size() << " inputs replayed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}
