// File: models/results/report_stress.cpp
#include "models/results/report_stress.h"

namespace jitsim::models {

bool is_stress_folder(const std::filesystem::path& /*dir*/) {
  return false;
}

std::string stress_section(const std::filesystem::path& /*dir*/) {
  return {};
}

}  // namespace jitsim::models
