// -----------------------------------------------------------------------------
// File: models/io/sha256.h
// -----------------------------------------------------------------------------
// SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits. Used to fingerprint the
// resolved scenario in run outputs and the golden summaries, input files and the files of
// an output set (their manifest).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace jitsim::models {

/// Incremental SHA-256, for files hashed while they are streamed out.
class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  std::string hex() const;  // of everything so far (the state is kept)
  std::uint64_t size() const { return size_; }

 private:
  std::array<std::uint32_t, 8> h_;
  std::array<unsigned char, 64> block_{};
  std::size_t used_ = 0;
  std::uint64_t size_ = 0;
};

std::string sha256_hex(std::string_view data);

}  // namespace jitsim::models
