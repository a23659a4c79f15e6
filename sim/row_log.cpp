// File: sim/row_log.cpp
#include "sim/row_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

namespace jitsim::sim {

namespace {

std::atomic<std::size_t> g_budget{std::size_t{8} << 20};
std::atomic<std::size_t> g_used{0};

std::string temp_dir() {
  const char* dir = std::getenv("TMPDIR");
  return dir && *dir ? dir : "/tmp";
}

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("temporary file for per-replication values (in " + temp_dir() +
                           "): " + what + ": " + std::strerror(errno));
}

// An unnamed file: it disappears when closed, whatever way the process ends.
int open_temp_file() {
  const std::string dir = temp_dir();
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  std::string name = dir + "/jitsim-values-XXXXXX";  // file systems without O_TMPFILE
  fd = ::mkstemp(name.data());
  if (fd < 0) fail("cannot create");
  ::unlink(name.c_str());
  return fd;
}

void write_all(int fd, const void* data, std::size_t bytes, off_t at) {
  const char* p = static_cast<const char*>(data);
  while (bytes > 0) {
    const ssize_t n = ::pwrite(fd, p, bytes, at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot write");
    p += n;
    bytes -= static_cast<std::size_t>(n);
    at += n;
  }
}

void read_all(int fd, void* data, std::size_t bytes, off_t at) {
  char* p = static_cast<char*>(data);
  while (bytes > 0) {
    const ssize_t n = ::pread(fd, p, bytes, at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot read back");
    p += n;
    bytes -= static_cast<std::size_t>(n);
    at += n;
  }
}

}  // namespace

void RowLog::set_memory_budget(std::size_t bytes) {
  g_budget = bytes;
}
std::size_t RowLog::memory_budget() {
  return g_budget;
}

RowLog::RowLog(std::size_t width) : width_(width) {}

RowLog::RowLog(const RowLog& other) : width_(other.width_) {
  other.for_each_row([this](const double* r) { push_back(r); });
}

RowLog& RowLog::operator=(const RowLog& other) {
  if (this != &other) *this = RowLog(other);
  return *this;
}

RowLog::RowLog(RowLog&& other) noexcept
    : width_(other.width_),
      size_(other.size_),
      memory_blocks_(std::move(other.memory_blocks_)),
      tail_(std::move(other.tail_)),
      file_blocks_(other.file_blocks_),
      fd_(other.fd_) {
  other.memory_blocks_.clear();
  other.tail_.clear();
  other.size_ = other.file_blocks_ = 0;
  other.fd_ = -1;
}

RowLog& RowLog::operator=(RowLog&& other) noexcept {
  if (this != &other) {
    release();
    width_ = other.width_;
    size_ = other.size_;
    memory_blocks_ = std::move(other.memory_blocks_);
    tail_ = std::move(other.tail_);
    file_blocks_ = other.file_blocks_;
    fd_ = other.fd_;
    other.memory_blocks_.clear();
    other.tail_.clear();
    other.size_ = other.file_blocks_ = 0;
    other.fd_ = -1;
  }
  return *this;
}

RowLog::~RowLog() {
  release();
}

void RowLog::release() {
  g_used -= memory_blocks_.size() * width_ * kBlockRows * sizeof(double);
  memory_blocks_.clear();
  tail_.clear();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  size_ = file_blocks_ = 0;
}

std::size_t RowLog::block_rows(std::size_t b) const {
  return std::min(kBlockRows, size_ - b * kBlockRows);
}

void RowLog::push_back(const double* row) {
  tail_.insert(tail_.end(), row, row + width_);
  ++size_;
  if (size_ % kBlockRows != 0) return;
  // The block is complete: column-major, then kept in memory or written out.
  const std::size_t bytes = width_ * kBlockRows * sizeof(double);
  auto block = std::make_unique<double[]>(width_ * kBlockRows);
  for (std::size_t r = 0; r < kBlockRows; ++r) {
    for (std::size_t c = 0; c < width_; ++c) block[c * kBlockRows + r] = tail_[r * width_ + c];
  }
  tail_.clear();
  if (fd_ < 0 && g_used + bytes <= g_budget) {
    g_used += bytes;
    memory_blocks_.push_back(std::move(block));
    return;
  }
  if (fd_ < 0) spill_blocks();
  write_block(file_blocks_++, block.get());
}

void RowLog::spill_blocks() {
  fd_ = open_temp_file();
  for (const auto& block : memory_blocks_) write_block(file_blocks_++, block.get());
  g_used -= memory_blocks_.size() * width_ * kBlockRows * sizeof(double);
  memory_blocks_.clear();
}

void RowLog::write_block(std::size_t b, const double* data) {
  const std::size_t bytes = width_ * kBlockRows * sizeof(double);
  write_all(fd_, data, bytes, static_cast<off_t>(b * bytes));
}

void RowLog::read_block(std::size_t b, double* out) const {
  const std::size_t rows = block_rows(b);
  if (b < file_blocks_) {
    const std::size_t bytes = width_ * kBlockRows * sizeof(double);
    read_all(fd_, out, bytes, static_cast<off_t>(b * bytes));
  } else if (b < file_blocks_ + memory_blocks_.size()) {
    const double* block = memory_blocks_[b - file_blocks_].get();
    std::copy(block, block + width_ * kBlockRows, out);
  } else {
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t c = 0; c < width_; ++c) out[c * rows + r] = tail_[r * width_ + c];
    }
  }
}

void RowLog::read_column(std::size_t b, std::size_t c, std::vector<double>& out) const {
  const std::size_t rows = block_rows(b);
  out.resize(rows);
  if (b < file_blocks_) {
    const std::size_t bytes = width_ * kBlockRows * sizeof(double);
    read_all(fd_, out.data(), rows * sizeof(double),
             static_cast<off_t>(b * bytes + c * kBlockRows * sizeof(double)));
  } else if (b < file_blocks_ + memory_blocks_.size()) {
    const double* column = memory_blocks_[b - file_blocks_].get() + c * kBlockRows;
    std::copy(column, column + rows, out.begin());
  } else {
    for (std::size_t r = 0; r < rows; ++r) out[r] = tail_[r * width_ + c];
  }
}

void RowLog::row(std::size_t i, double* out) const {
  const std::size_t b = i / kBlockRows, r = i % kBlockRows;
  if (b < file_blocks_) {
    const std::size_t bytes = width_ * kBlockRows * sizeof(double);
    for (std::size_t c = 0; c < width_; ++c) {
      read_all(fd_, out + c, sizeof(double),
               static_cast<off_t>(b * bytes + (c * kBlockRows + r) * sizeof(double)));
    }
  } else if (b < file_blocks_ + memory_blocks_.size()) {
    const double* block = memory_blocks_[b - file_blocks_].get();
    for (std::size_t c = 0; c < width_; ++c) out[c] = block[c * kBlockRows + r];
  } else {
    std::copy_n(tail_.begin() + static_cast<std::ptrdiff_t>(r * width_), width_, out);
  }
}

void RowLog::for_each_row(const std::function<void(const double*)>& f) const {
  std::vector<double> block(width_ * kBlockRows), row(width_);
  for (std::size_t b = 0; b < blocks(); ++b) {
    const std::size_t rows = block_rows(b);
    read_block(b, block.data());
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t c = 0; c < width_; ++c) row[c] = block[c * rows + r];
      f(row.data());
    }
  }
}

}  // namespace jitsim::sim
