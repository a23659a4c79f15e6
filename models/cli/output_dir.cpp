// File: models/cli/output_dir.cpp
#include "models/cli/output_dir.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <locale>
#include <sstream>
#include <stdexcept>
#include <streambuf>

#include <fmt/format.h>

#include "models/cli/common.h"
#include "models/cli/file_set.h"
#include "models/io/sha256.h"

namespace jitsim::cli {

namespace fs = std::filesystem;

namespace {

// A stream buffer over a file descriptor that keeps the errno of a failed write (std::ofstream
// loses it: "cannot write X" with no reason) and hashes and counts what it writes.
class FileBuf : public std::streambuf {
 public:
  explicit FileBuf(int fd) : fd_(fd) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
  int error() const { return error_; }
  const models::Sha256& sha() const { return sha_; }

 protected:
  int_type overflow(int_type ch) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    throw_if_interrupted();  // each 64 KiB: writing even a large file stops within a second
    if (error_) return false;
    const char* p = pbase();
    const auto n = static_cast<std::size_t>(pptr() - pbase());
    sha_.update(std::string_view(p, n));
    for (std::size_t done = 0; done < n;) {
      const ssize_t w = ::write(fd_, p + done, n - done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        error_ = w < 0 ? errno : ENOSPC;
        return false;
      }
      done += static_cast<std::size_t>(w);
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return true;
  }

  int fd_;
  int error_ = 0;
  models::Sha256 sha_;
  std::array<char, 1 << 16> buffer_{};
};

struct Written {
  std::uint64_t size = 0;
  std::string sha256;
};

// Writes `tmp` with `write`; returns the failure's reason, or "" on success.
std::string write_file(const fs::path& tmp, const OutputDir::Writer& write, Written& written) {
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return std::strerror(errno);
  FileBuf buf(fd);
  try {
    std::ostream out(&buf);
    out.imbue(std::locale::classic());
    out.exceptions(std::ios::badbit);  // so that Interrupted reaches the caller
    write(out);
    out.flush();
  } catch (const std::ios_base::failure&) {
    // a failed write: its errno is in buf.error()
  } catch (...) {
    ::close(fd);
    throw;
  }
  int error = buf.error();
  if (::close(fd) != 0 && !error) error = errno;  // e.g. a quota or NFS error shows only here
  if (error) return std::strerror(error);
  written = {buf.sha().size(), buf.sha().hex()};
  return {};
}

// The names an existing manifest lists (best effort: an unreadable one lists nothing).
std::vector<std::string> listed_names(const fs::path& manifest) {
  std::vector<std::string> names;
  try {
    const toml::table t = toml::parse_file(manifest.string());
    if (const toml::array* files = t["files"].as_array()) {
      for (const auto& f : *files) {
        if (const toml::table* e = f.as_table()) {
          const std::string name = (*e)["name"].value_or(std::string());
          if (!name.empty() && name.find("..") == std::string::npos) names.push_back(name);
        }
      }
    }
  } catch (const std::exception&) {
  }
  return names;
}

}  // namespace

void OutputDir::commit() {
  // A signal now sets a flag (polled below) rather than ending the process with temporaries
  // left behind; the files begun are removed and Interrupted is thrown.
  const DeferInterrupts defer;
  std::error_code ec;
  // The folders this commit creates, outermost first, so that a failure removes them again.
  std::vector<fs::path> created;
  for (fs::path p = dir_.lexically_normal(); !p.empty() && !fs::exists(p, ec);
       p = p.parent_path()) {
    created.insert(created.begin(), p);
    if (p == p.parent_path()) break;
  }
  fs::create_directories(dir_, ec);
  if (ec) {
    for (auto it = created.rbegin(); it != created.rend(); ++it) fs::remove(*it, ec);
    throw std::runtime_error(fmt::format("cannot create {}: {}", dir_.string(), ec.message()));
  }
  std::vector<fs::path> temps;
  std::vector<fs::path> placed;  // final names already renamed into place
  auto undo = [&] {
    std::error_code ignored;  // best effort: the first error is the one reported
    for (const fs::path& t : temps) fs::remove(t, ignored);
    for (const fs::path& p : placed) fs::remove(p, ignored);
    for (auto it = created.rbegin(); it != created.rend(); ++it) fs::remove(*it, ignored);
  };
  auto fail = [&](const std::string& what, const fs::path& target, const std::string& reason) {
    undo();
    throw std::runtime_error(fmt::format("cannot {} {}: {}", what, target.string(), reason));
  };
  // Writes a temporary; an interrupt removes what this commit made, then goes on up.
  auto write_temporary = [&](const fs::path& tmp, const Writer& write, Written& out) {
    try {
      return write_file(tmp, write, out);
    } catch (const Interrupted&) {
      undo();
      throw;
    }
  };
  auto temp_name = [&](const std::string& name) {
    const fs::path p(name);
    return dir_ / p.parent_path() / fmt::format(".{}.tmp-{}", p.filename().string(), ::getpid());
  };
  // 1. Every file complete under a temporary name first (the old set untouched)...
  std::vector<Written> written(files_.size());
  for (std::size_t i = 0; i < files_.size(); ++i) {
    temps.push_back(temp_name(files_[i].name));
    const std::string reason = write_temporary(temps.back(), files_[i].write, written[i]);
    if (!reason.empty()) fail("write", dir_ / files_[i].name, reason);
  }
  // ...the manifest too (its temporary only), so that no write can fail once the old set is
  // touched: from here on only renames and removals remain.
  const fs::path manifest = dir_ / kManifestFile;
  if (manifest_) {
    toml::table t = *manifest_;
    toml::array list;
    for (std::size_t i = 0; i < files_.size(); ++i) {
      list.push_back(toml::table{{"name", files_[i].name},
                                 {"size", static_cast<std::int64_t>(written[i].size)},
                                 {"sha256", written[i].sha256}});
    }
    for (const std::string& name : existing_) {
      std::ifstream in(dir_ / name, std::ios::binary);
      models::Sha256 sha;
      char buffer[1 << 16];
      while (in) {
        in.read(buffer, sizeof buffer);
        sha.update(std::string_view(buffer, static_cast<std::size_t>(in.gcount())));
      }
      if (in.bad() || sha.size() == 0) fail("read", dir_ / name, "missing or unreadable");
      list.push_back(toml::table{
          {"name", name}, {"size", static_cast<std::int64_t>(sha.size())}, {"sha256", sha.hex()}});
    }
    t.insert_or_assign("files", std::move(list));
    std::ostringstream text;
    text << "# Written last by jitsim: the files of this set with their sizes and SHA-256. A "
            "reader\n# (run --resume, merge, report) refuses the folder when a file differs. Do "
            "not edit.\n"
         << t << '\n';
    temps.push_back(temp_name(kManifestFile));
    Written ignored;
    const std::string reason = write_temporary(
        temps.back(), [&](std::ostream& out) { out << text.str(); }, ignored);
    if (!reason.empty()) fail("write", manifest, reason);
  }
  std::vector<std::string> old_names;
  if (manifest_) {
    // 2. ...the old set declared torn before any of its files is replaced...
    old_names = listed_names(manifest);
    fs::remove(manifest, ec);
    if (ec) fail("replace", manifest, ec.message());
  }
  // 3. ...the new files renamed into place; a failure takes back what was already placed.
  for (std::size_t i = 0; i < files_.size(); ++i) {
    const fs::path target = dir_ / files_[i].name;
    fs::rename(temps[i], target, ec);
    if (ec) fail("write", target, ec.message());
    placed.push_back(target);
  }
  if (manifest_) {
    for (const std::string& name : old_names) {
      const bool kept = std::any_of(files_.begin(), files_.end(),
                                    [&](const File& f) { return f.name == name; }) ||
                        std::find(existing_.begin(), existing_.end(), name) != existing_.end();
      if (!kept) fs::remove(dir_ / name, ec);  // e.g. timeseries.csv of an earlier run
    }
    // 4. The manifest last: only now is the new set complete.
    fs::rename(temps.back(), manifest, ec);
    if (ec) fail("write", manifest, ec.message());
  }
  remove_stale_temporaries();
}

void OutputDir::remove_stale_temporaries() const {
  // Temporaries of our names left by a killed earlier write (another process id).
  std::vector<std::string> prefixes{fmt::format(".{}.tmp-", kManifestFile)};
  for (const File& f : files_) prefixes.push_back(fmt::format(".{}.tmp-", f.name));
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    const std::string name = entry.path().filename().string();
    for (const std::string& prefix : prefixes) {
      if (name.rfind(prefix, 0) == 0) {
        std::error_code ignored;
        fs::remove(entry.path(), ignored);
        break;
      }
    }
  }
}

}  // namespace jitsim::cli
