// File: sim/event_queue.cpp
#include "sim/event_queue.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace jitsim::sim {

namespace {
constexpr std::size_t kArity = 4;
}  // namespace

std::uint32_t EventQueue::new_slot() {
  if (bodies_.size() >= kMaxPending) throw std::length_error("too many pending events");
  bodies_.push_back({});
  return static_cast<std::uint32_t>(bodies_.size() - 1);
}

bool EventQueue::cancel(EventId id) {
  // A slot released since (its event ran or was dropped) has a newer stamp.
  if (id.slot >= bodies_.size() || bodies_[id.slot].stamp != id.stamp) return false;
  bodies_[id.slot].stamp |= kCancelledBit;
  --live_;
  ++tombstones_;
  return true;
}

void EventQueue::reserve(std::size_t n) {
  heap_.reserve(n + kPad);
  bodies_.reserve(n);
  free_slots_.reserve(n);
}

void EventQueue::clear() {
  drop_cancelled_top();
  for (std::size_t i = 0; i < nodes(); ++i) release(slot_of(node(i)));
  heap_.resize(kPad);
  live_ = 0;
  tombstones_ = 0;
}

void EventQueue::drop_tombstones() {
  while (nodes() > 0 && (bodies_[slot_of(node(0))].stamp & kCancelledBit)) {
    const std::uint32_t slot = slot_of(node(0));
    remove_top();
    release(slot);
    --tombstones_;
  }
}

// Sequences restart from 0 in the current order of the pending events, which keeps every
// future comparison as it would have been. Runs once per 2^32 insertions.
void EventQueue::renumber_sequences() {
  drop_cancelled_top();
  std::sort(heap_.begin() + kPad, heap_.end(), before);  // a sorted array is a valid heap
  constexpr std::uint64_t keep = ~((kSequenceLimit - 1) << kSlotBits);
  next_sequence_ = 0;
  for (std::size_t i = 0; i < nodes(); ++i) {
    node(i).order = (node(i).order & keep) | (next_sequence_++ << kSlotBits);
  }
}

void EventQueue::remove_top() {
  node(0) = heap_.back();
  heap_.pop_back();
  if (nodes() > 0) {
    sift_down(0);
    prefetch_root();
  }
}

void EventQueue::sift_up(std::size_t i) {
  const Entry moving = node(i);
  while (i > 0) {
    const std::size_t parent = (i - 1) / kArity;
    if (!before(moving, node(parent))) break;
    node(i) = node(parent);
    i = parent;
  }
  node(i) = moving;
}

void EventQueue::sift_down(std::size_t i) {
  const std::size_t n = nodes();
  const Entry moving = node(i);
  const Key128 moving_key = key(moving);
  for (;;) {
    const std::size_t first = i * kArity + 1;
    if (first >= n) break;
    // The smallest of up to four children (one cache line), selected without branches.
    const std::size_t last = first + kArity < n ? first + kArity : n;
    std::size_t best = first;
    Key128 best_key = key(node(first));
    for (std::size_t c = first + 1; c < last; ++c) {
      const Key128 k = key(node(c));
      const bool smaller = k < best_key;
      best = smaller ? c : best;
      best_key = smaller ? k : best_key;
    }
    if (!(best_key < moving_key)) break;
    // When the root is replaced, its smallest child becomes the next root: fetch that event's
    // body now, so the miss overlaps the rest of the sift instead of stalling the next pop.
    if (i == 0) __builtin_prefetch(&bodies_[slot_of(node(best))]);
    node(i) = node(best);
    i = best;
  }
  node(i) = moving;
}

}  // namespace jitsim::sim
