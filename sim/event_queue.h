// -----------------------------------------------------------------------------
// File: sim/event_queue.h
// -----------------------------------------------------------------------------
// The future-event set: pending events ordered by (time, priority, sequence).
// Sequence is the order of scheduling, so events at the same time and priority
// run first-in first-out and equal inputs give identical runs event for event.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

namespace jitsim::sim {

/// Simulation time. The kernel is unit-agnostic; models/ counts in days.
using Time = double;

/// Lower runs first among events at the same time.
using Priority = std::uint8_t;
inline constexpr Priority kDefaultPriority = 128;

/// What an event carries: the agent that handles it, a kind that agent defines and one payload
/// word (typically an index into the agent's own tables). Small and trivially copyable, so
/// scheduling and running an event allocate nothing and need no type-erased call.
struct Event {
  std::uint32_t target = 0;
  std::uint16_t kind = 0;
  std::uint64_t payload = 0;
};

/// Handle of a scheduled event, for cancel(). A default-constructed handle names no event. A
/// handle kept after its event ran is recognised as stale (and cancel() refuses it) as long as
/// its slot has not been reused 32,768 times since.
struct EventId {
  std::uint32_t slot = UINT32_MAX;
  std::uint16_t stamp = 0;
};

/// A 4-ary min-heap of 16-byte keys (time, priority, sequence, slot) whose event bodies live in
/// a slot table recycled through a free list; memory grows to the peak number of pending
/// events and is then reused, so a run allocates nothing per event.
///
/// | Operation | Cost     | Why                                                         |
/// |-----------|----------|-------------------------------------------------------------|
/// | push      | O(log n) | sift-up in a 4-ary heap (half the depth of a binary one)    |
/// | pop       | O(log n) | sift-down; cancelled entries are skipped                    |
/// | pop+push  | O(log n) | one sift-down: the popped root is replaced by the new entry |
/// | cancel    | O(1)     | tombstone in the slot, removed lazily when it surfaces      |
///
/// pop() leaves the root in place until the next operation: when that operation is a push
/// (an event scheduling its successor, the common case) the new entry takes the root's place
/// and is sifted down once, instead of a full removal followed by an insertion.
class EventQueue {
 public:
  /// Most events that may be pending at once (slot numbers have 24 bits).
  static constexpr std::size_t kMaxPending = std::size_t{1} << 24;

  /// Inserts `event` at `time`. No precondition on time: the kernel checks causality.
  /// Throws std::length_error beyond kMaxPending pending events.
  EventId push(Time time, Priority priority, const Event& event) {
    const std::uint32_t slot = acquire_slot();
    if (next_sequence_ == kSequenceLimit) renumber_sequences();
    Body& body = bodies_[slot];
    body.target = event.target;
    body.kind = event.kind;
    body.payload = event.payload;
    const Entry entry{time_to_key(time), (std::uint64_t{priority} << (kSequenceBits + kSlotBits)) |
                                             (next_sequence_++ << kSlotBits) | slot};
    if (root_popped_) {
      // Any key may take the root's place: both subtrees are heaps, so one sift-down suffices.
      root_popped_ = false;
      node(0) = entry;
      sift_down(0);
    } else {
      heap_.push_back(entry);
      sift_up(nodes() - 1);
    }
    prefetch_root();
    ++live_;
    return {slot, body.stamp};
  }

  /// Removes the earliest live event, writing its time and body. Precondition: `!empty()`.
  void pop(Time& time, Event& event) {
    drop_cancelled_top();
    const Entry& top = node(0);
    const std::uint32_t slot = slot_of(top);
    root_popped_ = true;  // removed by the next operation (see the class comment)
    time = key_to_time(top.time_key);
    const Body& body = bodies_[slot];
    event = {body.target, body.kind, body.payload};
    release(slot);
    --live_;
  }

  /// Marks a pending event as cancelled. Returns false if it already ran or was cancelled.
  bool cancel(EventId id);

  /// Whether no live (uncancelled) event is pending.
  bool empty() const { return live_ == 0; }

  /// Number of live pending events.
  std::size_t size() const { return live_; }

  /// Time of the earliest live event. Precondition: `!empty()`.
  Time next_time() {
    drop_cancelled_top();
    return key_to_time(node(0).time_key);
  }

  /// Reserves room for `n` pending events so that a run allocates nothing after warm-up.
  void reserve(std::size_t n);

  /// Removes every pending event.
  void clear();

  /// Test hook: continues numbering from `sequence`, to exercise the renumbering that keeps
  /// FIFO order when the 32-bit sequence would wrap (after 2^32 insertions in a real run).
  void set_next_sequence_for_testing(std::uint64_t sequence) { next_sequence_ = sequence; }

 private:
  // 16 bytes, so four siblings share a cache line. `order` packs, from the top:
  // priority (8 bits), scheduling sequence (32 bits, renumbered before it wraps), slot (24).
  struct Entry {
    std::uint64_t time_key;  // time_to_key(time): orders like the time itself
    std::uint64_t order;
  };
  static constexpr int kSlotBits = 24;
  static constexpr int kSequenceBits = 32;
  static constexpr std::uint64_t kSequenceLimit = std::uint64_t{1} << kSequenceBits;
  // An event's body with its slot's stamp, 16 bytes in one cache line: a pop reads it once.
  struct Body {
    std::uint32_t target;
    std::uint16_t kind;
    std::uint16_t stamp;  // generation of the slot, counting in steps of 2, plus kCancelledBit
    std::uint64_t payload;
  };
  static constexpr std::uint16_t kCancelledBit = 1;

  static std::uint32_t slot_of(const Entry& e) {
    return static_cast<std::uint32_t>(e.order & ((std::uint64_t{1} << kSlotBits) - 1));
  }
  // Heap comparisons are unpredictable, so they are done branch-free on integers: the time is
  // stored as an order-preserving integer key and (time_key, order) compared as one 128-bit value.
  __extension__ using Key128 = unsigned __int128;
  static Key128 key(const Entry& e) { return (Key128{e.time_key} << 64) | e.order; }
  static bool before(const Entry& a, const Entry& b) { return key(a) < key(b); }
  // IEEE-754 doubles compare like sign-magnitude integers: setting the sign bit of non-negative
  // values and flipping all bits of negative ones gives unsigned integers in the same order.
  static constexpr std::uint64_t kSignBit = std::uint64_t{1} << 63;
  static std::uint64_t time_to_key(Time t) {
    const auto bits = std::bit_cast<std::uint64_t>(t == 0 ? 0.0 : t);  // -0.0 == 0.0
    return (bits & kSignBit) ? ~bits : bits | kSignBit;
  }
  static Time key_to_time(std::uint64_t k) {
    return std::bit_cast<Time>((k & kSignBit) ? k & ~kSignBit : ~k);
  }

  std::uint32_t acquire_slot() {
    if (free_slots_.empty()) return new_slot();
    const std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  std::uint32_t new_slot();
  void release(std::uint32_t slot) {
    std::uint16_t& stamp = bodies_[slot].stamp;
    stamp = static_cast<std::uint16_t>((stamp | kCancelledBit) + 1);  // next generation
    free_slots_.push_back(slot);
  }
  void drop_cancelled_top() {
    if (root_popped_) {
      root_popped_ = false;
      remove_top();
    }
    if (tombstones_ > 0) drop_tombstones();
  }
  void drop_tombstones();
  // The next pop reads the root's body; fetching it early overlaps the cache miss (likely
  // with many events pending) with the caller's own work.
  void prefetch_root() { __builtin_prefetch(&bodies_[slot_of(node(0))]); }
  void remove_top();
  void sift_up(std::size_t i);
  void sift_down(std::size_t i);
  void renumber_sequences();

  // Heap node i lives at heap_[i + kPad] in a 64-byte aligned buffer, so that the four
  // children of node i (4i+1 .. 4i+4, at 4(i+1) .. 4(i+1)+3 in the buffer) fill one cache line.
  static constexpr std::size_t kPad = 3;
  template <class T>
  struct CacheLineAllocator {
    using value_type = T;
    CacheLineAllocator() = default;
    template <class U>
    CacheLineAllocator(const CacheLineAllocator<U>&) {}
    T* allocate(std::size_t n) {
      return static_cast<T*>(::operator new (n * sizeof(T), std::align_val_t{64}));
    }
    void deallocate(T* p, std::size_t) {
      ::operator delete(p, std::align_val_t{64});  // unsized: clang needs no -fsized-deallocation
    }
    bool operator==(const CacheLineAllocator&) const { return true; }
  };
  Entry& node(std::size_t i) { return heap_[i + kPad]; }
  std::size_t nodes() const { return heap_.size() - kPad; }

  std::vector<Entry, CacheLineAllocator<Entry>> heap_ =
      std::vector<Entry, CacheLineAllocator<Entry>>(kPad);
  std::vector<Body> bodies_;  // by slot
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_sequence_ = 0;
  std::size_t live_ = 0;
  std::size_t tombstones_ = 0;  // cancelled entries still in the heap
  bool root_popped_ = false;    // node(0) was popped but not yet removed
};

}  // namespace jitsim::sim
