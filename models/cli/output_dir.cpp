// File: models/cli/output_dir.cpp
#include "models/cli/output_dir.h"

#include <unistd.h>

#include <fstream>
#include <locale>
#include <ostream>
#include <stdexcept>
#include <streambuf>

#include <fmt/format.h>

#include "models/cli/common.h"

namespace jitsim::cli {

namespace fs = std::filesystem;

namespace {

// Passes output on to `sink` in 64 KiB pieces and checks for an interrupt before each one, so
// that writing even a large file stops within a second (the Interrupted exception reaches the
// writer through the stream, which rethrows it with badbit in its exception mask).
class InterruptibleBuffer : public std::streambuf {
 public:
  explicit InterruptibleBuffer(std::streambuf* sink) : sink_(sink) { setp(data_, data_ + kSize); }
  int sync() override { return pass_on() ? 0 : -1; }

 protected:
  int_type overflow(int_type ch) override {
    if (!pass_on()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }

 private:
  bool pass_on() {
    throw_if_interrupted();
    const std::streamsize n = pptr() - pbase();
    if (n > 0 && sink_->sputn(pbase(), n) != n) return false;
    setp(data_, data_ + kSize);
    return true;
  }
  static constexpr std::size_t kSize = 1 << 16;
  std::streambuf* sink_;
  char data_[kSize];
};

}  // namespace

void OutputDir::commit() {
  // A signal now sets a flag (polled below) rather than ending the process with temporaries
  // left behind; the files begun are removed and Interrupted is thrown.
  const DeferInterrupts defer;
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
    bool written = false;
    try {
      throw_if_interrupted();
      if (out) {
        InterruptibleBuffer buffer(out.rdbuf());
        std::ostream stream(&buffer);
        stream.imbue(std::locale::classic());
        stream.exceptions(std::ios::badbit);
        file.write(stream);
        stream.flush();
        written = true;
      }
    } catch (const Interrupted&) {
      undo();
      throw;
    } catch (const std::ios_base::failure&) {
      written = false;  // reported below as a write failure
    } catch (...) {
      undo();
      throw;
    }
    out.close();
    if (!out || !written) {
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
