// -----------------------------------------------------------------------------
// File: models/results/json_writer.h
// -----------------------------------------------------------------------------
// jitsim's JSON documents (run.json, sweep.json) are built as nlohmann::ordered_json (keys in
// insertion order) and written by write_json, not by nlohmann's dump(): numbers keep the
// project's shortest round-trip spelling (models/io/text_format.h: 1 not 1.0, 0 for -0, null
// for NaN and infinity), strings its escaping, and the layout stays the one of every earlier
// release, so the files do not change bytes because the code that writes them did.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "models/results/report.h"

namespace jitsim::models {

/// The run as one JSON value: the shape of run.json (scenarios/README.md).
nlohmann::ordered_json run_document(const RunReport& report);

/// `doc` as text ending in a newline. Layout: a non-empty array or object that holds no array
/// or object is written on one line ({"mean": 1, "sd": 0}). In any other one a scalar member
/// follows the previous member (or the bracket) on its line; an array or object member starts a
/// line of its own, indented two spaces per level; the closing bracket ends on a line of its own.
std::string write_json(const nlohmann::ordered_json& doc);

}  // namespace jitsim::models
