// File: sim/event_queue.cpp
#include "sim/event_queue.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace jitsim::sim {

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

std::size_t EventQueue::memory_bytes() const {
  return heap_.capacity() * sizeof(Entry) + bodies_.capacity() * sizeof(Body) +
         free_slots_.capacity() * sizeof(std::uint32_t) + buckets_.capacity() * sizeof(Bucket) +
         chunks_.capacity() * sizeof(Chunk);
}

void EventQueue::clear() {
  if (root_popped_) {  // its slot was released by pop()
    root_popped_ = false;
    remove_top();
  }
  move_all_to_overflow();
  drain(overflow_, [this](const FarEntry& e) { release(slot_of(e.entry)); });
  buckets_in_use_ = false;
  spill_threshold_ = kSpillThreshold;
  live_ = 0;
  tombstones_ = 0;
}

void EventQueue::settle_top_slow() {
  for (;;) {
    if (nodes() == 0) {
      load_next_bucket();
      if (nodes() == 0) return;  // nothing queued at all
    }
    if (tombstones_ == 0 || !(bodies_[slot_of(node(0))].stamp & kCancelledBit)) return;
    const std::uint32_t slot = slot_of(node(0));
    remove_top();
    release(slot);
    --tombstones_;
  }
}

bool EventQueue::push_if_far(Entry entry, Time time, Event event) {
  const double position = bucket_position(time);
  if (position < static_cast<double>(next_bucket_)) return false;  // before the loaded buckets
  if (root_popped_) {
    root_popped_ = false;
    remove_top();
  }
  push_far({entry, event.payload, event.target, event.kind}, position);
  if (++far_events_ > relayout_threshold_) spill();
  return true;
}

void EventQueue::add_chunk(Bucket& bucket) {
  std::uint32_t c = free_chunk_;
  if (c == kNoChunk) {
    if (chunks_.size() >= kNoChunk) throw std::length_error("too many pending events");
    // Grown by a quarter rather than doubled: the pool holds most of a large queue's memory.
    if (chunks_.size() == chunks_.capacity()) chunks_.reserve(chunks_.size() * 5 / 4 + 8);
    chunks_.emplace_back();
    c = static_cast<std::uint32_t>(chunks_.size() - 1);
  } else {
    free_chunk_ = chunks_[c].next;
  }
  chunks_[c].next = kNoChunk;
  if (bucket.tail == kNoChunk) {
    bucket.head = c;
  } else {
    chunks_[bucket.tail].next = c;
  }
  bucket.tail = c;
  bucket.tail_count = 0;
}

// Fills the empty heap with the earliest non-empty bucket, laying out a new row from the
// overflow when the current row is used up.
void EventQueue::load_next_bucket() {
  while (buckets_in_use_) {
    while (next_bucket_ < row_size_) {
      Bucket& bucket = buckets_[next_bucket_++];
      if (bucket.head == kNoChunk) continue;
      const std::size_t before_load = nodes();
      drain(bucket, [this](const FarEntry& e) { move_to_heap(e); });
      far_events_ -= nodes() - before_load;
      heapify();
      return;
    }
    spread_overflow();
  }
}

// Lays the overflow out as a new row of buckets spanning its times, about kEventsPerBucket
// events each. Too few events, or times that cannot be spread (all equal, or infinite), go
// to the heap instead and the buckets rest until it grows past the spill threshold again.
void EventQueue::spread_overflow() {
  row_size_ = next_bucket_ = 0;
  double first = INFINITY, last = -INFINITY;
  std::size_t n = 0;
  for_each_in(overflow_, [&](const FarEntry& e) {
    const Time t = key_to_time(e.entry.time_key);
    first = std::min(first, t);
    last = std::max(last, t);
    ++n;
  });
  const double span = last - first;
  if (n <= kSpillThreshold / 2 || !(span > 0) || !std::isfinite(span)) {
    buckets_in_use_ = false;
    drain(overflow_, [this](const FarEntry& e) { move_to_heap(e); });
    heapify();
    return;
  }
  buckets_in_use_ = true;
  far_events_ = n;
  relayout_threshold_ = n + n / 4;
  row_size_ = n / kEventsPerBucket;
  if (buckets_.size() < row_size_) buckets_.resize(row_size_);
  row_start_ = first;
  // Slightly narrower than span / row_size_ per bucket, so that the last time falls inside.
  buckets_per_time_ = static_cast<double>(row_size_) / span * (1 - 1e-9);
  transfer(overflow_, [this](const FarEntry& e) {
    push_far(e, bucket_position(key_to_time(e.entry.time_key)));
  });
}

// The heap has grown past the spill threshold: every queued event is laid out afresh, so
// that only the earliest bucket's events stay in the heap.
void EventQueue::spill() {
  move_all_to_overflow();
  load_next_bucket();
}

void EventQueue::move_all_to_overflow() {
  for (std::size_t i = 0; i < nodes(); ++i) {
    const Body& body = bodies_[slot_of(node(i))];
    push_to_bucket(overflow_, {node(i), body.payload, body.target, body.kind});
  }
  heap_.resize(kPad);
  for (std::size_t b = next_bucket_; b < row_size_; ++b) {
    transfer(buckets_[b], [this](const FarEntry& e) { push_to_bucket(overflow_, e); });
  }
  buckets_in_use_ = true;  // so that load_next_bucket() lays the overflow out
  row_size_ = next_bucket_ = 0;
}

// Floyd's bottom-up construction; afterwards the heap may grow to twice its size before it
// spills, so that repeated spills of events that cannot be spread cost O(1) amortised.
void EventQueue::heapify() {
  for (std::size_t i = nodes() / kArity + 1; i-- > 0;) {
    if (i < nodes()) sift_down(i);
  }
  spill_threshold_ = std::max(kSpillThreshold, 2 * nodes());
}

// Sequences restart from 0 in the current order of the queued events, which keeps every
// future comparison as it would have been. Runs once per 2^32 insertions.
void EventQueue::renumber_sequences() {
  if (root_popped_) {
    root_popped_ = false;
    remove_top();
  }
  move_all_to_overflow();
  std::vector<FarEntry> all;  // once per 2^32 insertions
  drain(overflow_, [&all](const FarEntry& e) { all.push_back(e); });
  std::sort(all.begin(), all.end(),
            [](const FarEntry& a, const FarEntry& b) { return before(a.entry, b.entry); });
  constexpr std::uint64_t keep = ~((kSequenceLimit - 1) << kSlotBits);
  next_sequence_ = 0;
  for (FarEntry& e : all) {
    e.entry.order = (e.entry.order & keep) | (next_sequence_++ << kSlotBits);
    push_to_bucket(overflow_, e);
  }
  load_next_bucket();
}

void EventQueue::remove_top() {
  const Entry last = heap_.back();
  heap_.pop_back();
  if (nodes() > 0) replace_root(last);
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
    // The smallest of the (up to) four children, one cache line, selected without branches.
    // (A two-round tournament and an unrolled scan both measured slower with g++ 12.)
    const std::size_t last = first + kArity < n ? first + kArity : n;
    std::size_t best = first;
    Key128 best_key = key(node(first));
    select_earliest(first + 1, last, best, best_key);
    if (!(best_key < moving_key)) break;
    node(i) = node(best);
    i = best;
  }
  node(i) = moving;
}

}  // namespace jitsim::sim
