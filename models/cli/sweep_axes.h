// -----------------------------------------------------------------------------
// File: models/cli/sweep_axes.h
// -----------------------------------------------------------------------------
// What `jitsim sweep` sweeps: each --param with the --values or --range after it, and the
// checks of the grid they make (at most two parameters, at most limits::max_grid_points).
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "models/model/scenario.h"

namespace jitsim::cli {

/// Pairs each --param with the --values or --range that follows it on `cmd`'s command line
/// (the occurrences, in order, are `params`, `values` and `ranges`). Throws UsageError for a
/// --param without values, values without a --param, or values that mix numbers
/// and text (--values takes numbers, text or true/false; --range numbers).
std::vector<models::SweepAxis> axes_from_command_line(const CLI::App& cmd,
                                                      const std::vector<std::string>& params,
                                                      const std::vector<std::string>& values,
                                                      const std::vector<std::string>& ranges);

/// Throws UsageError unless `axes` (the command line's, or the scenario's [sweep]) are one or
/// two parameters making at most limits::max_grid_points points.
void check_sweep_axes(const std::vector<models::SweepAxis>& axes);

}  // namespace jitsim::cli
