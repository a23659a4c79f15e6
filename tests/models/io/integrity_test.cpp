// -----------------------------------------------------------------------------
// File: tests/models/io/integrity_test.cpp
// -----------------------------------------------------------------------------
// What a run's identity and its output manifests rest on: SHA-256 computed incrementally (files
// are hashed while streamed out) equals the one-shot digest, and the loader lists every input
// file it read (scenario, extends chain, skus_file, trace CSVs) with the hash of its bytes.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "models/io/scenario_loader.h"
#include "models/io/sha256.h"

using namespace jitsim::models;

namespace {

const std::string good_dir = JITSIM_SOURCE_DIR "/tests/data/scenarios/";

std::string file_hash(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return sha256_hex(text.str());
}

}  // namespace

TEST_SUITE("integrity") {
  TEST_CASE("sha256: known digests, and incremental equals one-shot at every split") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    std::string text;
    for (int i = 0; i < 300; ++i) text += static_cast<char>('a' + i % 26);
    for (std::size_t split = 0; split <= text.size(); split += 7) {
      Sha256 s;
      s.update(std::string_view(text).substr(0, split));
      s.update(std::string_view(text).substr(split, 1));
      s.update(std::string_view(text).substr(std::min(split + 1, text.size())));
      CHECK(s.hex() == sha256_hex(text));
      CHECK(s.size() == text.size());
    }
  }

  TEST_CASE("loader: every file read is listed with the SHA-256 of its bytes") {
    const LoadResult chain = load_scenario(good_dir + "sub/variant_deep.toml");
    REQUIRE(chain.ok());
    REQUIRE(chain.inputs.size() == 3);  // the file, then its extends chain
    CHECK(chain.inputs[0].sha256 == file_hash(good_dir + "sub/variant_deep.toml"));
    CHECK(chain.inputs[1].sha256 == file_hash(good_dir + "variant.toml"));
    CHECK(chain.inputs[2].sha256 == file_hash(good_dir + "baseline.toml"));

    const LoadResult csv = load_scenario(good_dir + "with_csv.toml");
    REQUIRE(csv.ok());
    REQUIRE(csv.inputs.size() == 2);
    CHECK(csv.inputs[1].sha256 == file_hash(good_dir + "skus.csv"));

    const LoadResult trace = load_scenario(good_dir + "trace.toml");
    REQUIRE(trace.ok());
    REQUIRE(trace.inputs.size() == 2);  // one CSV read once, though two SKUs replay it
    CHECK(trace.inputs[1].sha256 == file_hash(good_dir + "history.csv"));
  }
}
