// -----------------------------------------------------------------------------
// File: models/agents/pool.h
// -----------------------------------------------------------------------------
// Two small containers for the per-event path that stop allocating once they have grown to
// a run's peak size: Pool (records addressed by a stable index, recycled through a free list)
// and Ring (a FIFO queue on a circular buffer).
#pragma once

#include <cstdint>
#include <vector>

namespace jitsim::models {

template <class T>
class Pool {
 public:
  /// Index of a record holding `value`.
  std::uint32_t acquire(const T& value) {
    if (free_.empty()) {
      items_.push_back(value);
      return static_cast<std::uint32_t>(items_.size() - 1);
    }
    const std::uint32_t i = free_.back();
    free_.pop_back();
    items_[i] = value;
    return i;
  }
  void release(std::uint32_t i) { free_.push_back(i); }
  T& operator[](std::uint32_t i) { return items_[i]; }
  const T& operator[](std::uint32_t i) const { return items_[i]; }
  /// Forgets every record but keeps the memory.
  void clear() {
    items_.clear();
    free_.clear();
  }
  std::size_t in_use() const { return items_.size() - free_.size(); }

 private:
  std::vector<T> items_;
  std::vector<std::uint32_t> free_;
};

template <class T>
class Ring {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  T& front() { return buf_[head_]; }
  const T& front() const { return buf_[head_]; }
  T& operator[](std::size_t i) { return buf_[(head_ + i) & mask_]; }
  const T& operator[](std::size_t i) const { return buf_[(head_ + i) & mask_]; }
  void push_back(const T& v) { append() = v; }
  /// Appends an element to be filled in place. It still holds whatever its slot held before:
  /// the caller assigns every field (no zeroing stores to overwrite).
  T& emplace_back_for_overwrite() { return append(); }
  void pop_front() { pop_front(1); }
  /// Removes the first n elements (n <= size()).
  void pop_front(std::size_t n) {
    head_ = (head_ + n) & mask_;
    size_ -= n;
  }
  void pop_back() { --size_; }
  /// Inserts `v` before element i (i <= size()), moving the later elements back by one.
  void insert(std::size_t i, const T& v) {
    append();
    for (std::size_t k = size_ - 1; k > i; --k) (*this)[k] = (*this)[k - 1];
    (*this)[i] = v;
  }
  void clear() {
    head_ = 0;
    size_ = 0;
  }

 private:
  T& append() {  // the new last slot, still holding whatever it held before
    if (size_ == capacity_) grow();
    return buf_[(head_ + size_++) & mask_];
  }
  void grow() {  // capacity stays a power of two so that indices wrap with a mask
    std::vector<T> bigger(buf_.empty() ? 8 : buf_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = (*this)[i];
    buf_.swap(bigger);
    head_ = 0;
    capacity_ = buf_.size();
    mask_ = capacity_ - 1;
  }
  std::vector<T> buf_;
  // Kept beside the vector: its size() of an odd-sized T is a division.
  std::size_t capacity_ = 0;  // buf_.size()
  std::size_t mask_ = 0;      // capacity_ - 1
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace jitsim::models
