// -----------------------------------------------------------------------------
// File: sim/row_log.h
// -----------------------------------------------------------------------------
// Rows of doubles of a fixed width, appended in order (e.g. one row per replication), whose
// memory does not grow with their number: rows are kept in memory while every log together
// holds less than a budget, and beyond it a log spills its rows to an unnamed temporary file
// (deleted by the system when closed, so an interrupted or crashed process leaves nothing).
// Rows are stored in blocks of kBlockRows, each block column-major, so that one column can be
// read back on its own in large sequential pieces (see sim/log_summary.h).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace jitsim::sim {

class RowLog {
 public:
  static constexpr std::size_t kBlockRows = 1024;

  explicit RowLog(std::size_t width = 0);
  RowLog(const RowLog& other);
  RowLog& operator=(const RowLog& other);
  RowLog(RowLog&& other) noexcept;
  RowLog& operator=(RowLog&& other) noexcept;
  ~RowLog();

  /// Appends one row of width() values. Throws std::runtime_error if the temporary file
  /// cannot be written (e.g. a full disk).
  void push_back(const double* row);

  std::size_t width() const { return width_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  /// Whether the rows live (partly) in a temporary file.
  bool spilled() const { return fd_ >= 0; }

  /// Copies row `i` (< size()) into `out` (width() values).
  void row(std::size_t i, double* out) const;

  /// Number of blocks (the last one may hold fewer than kBlockRows rows).
  std::size_t blocks() const { return (size_ + kBlockRows - 1) / kBlockRows; }
  /// Rows in block `b`.
  std::size_t block_rows(std::size_t b) const;
  /// Column `c` of block `b`, into `out` (resized to block_rows(b)).
  void read_column(std::size_t b, std::size_t c, std::vector<double>& out) const;
  /// Calls `f(row)` for every row in order (width() values each).
  void for_each_row(const std::function<void(const double*)>& f) const;

  /// The memory all logs together may hold before they spill (bytes; for tests).
  static void set_memory_budget(std::size_t bytes);
  static std::size_t memory_budget();

 private:
  void spill_blocks();  // moves every full block in memory to the file
  void write_block(std::size_t b, const double* data);
  void read_block(std::size_t b, double* out) const;  // full or partial, column-major
  void release();

  std::size_t width_ = 0;
  std::size_t size_ = 0;
  // Full blocks in memory (column-major, width_ x kBlockRows each), then the rows of the
  // unfinished last block (row-major, as they come).
  std::vector<std::unique_ptr<double[]>> memory_blocks_;
  std::vector<double> tail_;
  std::size_t file_blocks_ = 0;  // blocks [0, file_blocks_) are in the file
  int fd_ = -1;
};

}  // namespace jitsim::sim
