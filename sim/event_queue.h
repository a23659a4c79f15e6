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
#include <utility>
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

/// Pending events in two tiers. The near future is a 4-ary min-heap of 16-byte keys (time,
/// priority, sequence, slot); the far future is a row of time buckets, each an unsorted array,
/// plus an unsorted overflow beyond the last bucket. When the heap runs empty the next bucket
/// is heapified into it; when the buckets run out the overflow is spread over a new row sized
/// to it. Pushing a far event is an append, so with many events pending the heap stays small
/// and cache-resident (the idea of calendar and ladder queues); with few pending (below
/// kSpillThreshold) the buckets are not used at all. The bodies of events in the heap live in
/// a slot table recycled through a free list (a slot also carries the stamp that cancel()
/// checks); far events carry their bodies until their bucket is loaded. Memory grows to the
/// peak number of pending events and is then reused, so a run allocates nothing per event.
///
/// | Operation | Cost                | Why                                                      |
/// |-----------|---------------------|----------------------------------------------------------|
/// | push      | O(1) far, O(log k)  | append to a bucket, or sift-up in the near heap of k     |
/// | pop       | O(log k) amortised  | sift-down in the near heap; buckets are heapified (O(k)) |
/// | pop+push  | O(log k)            | one sift-down: the popped root is replaced by the new one |
/// | cancel    | O(1)                | tombstone in the slot, removed lazily when it surfaces   |
///
/// The order is exact whatever the tiers: every comparison uses the whole key, a bucket's
/// index is a monotone function of time (so equal times share a bucket), and every event in
/// the heap is earlier than every event in the buckets.
///
/// pop() leaves the root in place until the next operation: when that operation is a push of
/// a near event (an event scheduling its successor, the common case with few pending) the new
/// entry takes the root's place and is sifted down once, instead of a removal plus an insertion.
class EventQueue {
 public:
  /// Most events that may be pending at once (slot numbers have 24 bits).
  static constexpr std::size_t kMaxPending = std::size_t{1} << 24;

  /// Inserts `event` at `time`. No precondition on time: the kernel checks causality.
  /// Throws std::length_error beyond kMaxPending pending events.
  EventId push(Time time, Priority priority, Event event) {
    const std::uint32_t slot = acquire_slot();
    if (next_sequence_ == kSequenceLimit) renumber_sequences();
    const Entry entry{time_to_key(time), (std::uint64_t{priority} << (kSequenceBits + kSlotBits)) |
                                             (next_sequence_++ << kSlotBits) | slot};
    Body& body = bodies_[slot];
    const EventId id{slot, body.stamp};
    ++live_;
    if (buckets_in_use_ && push_if_far(entry, time, event)) return id;
    body.target = event.target;
    body.kind = event.kind;
    body.payload = event.payload;
    push_near(entry);
    return id;
  }

  /// Removes the earliest live event, writing its time and body. Precondition: `!empty()`.
  void pop(Time& time, Event& event) {
    settle_top();
    take_top(time, event);
  }

  /// An end time for pop_before(), converted once to the queue's key for a run's many tests.
  class End {
   public:
    explicit End(Time end) : key_(end == end ? time_to_key(end) : 0) {}  // NaN: admits nothing

   private:
    friend class EventQueue;
    std::uint64_t key_;
  };

  /// Pops the earliest live event if it is due before `end`; false (nothing changed) if none
  /// is. The loop of a run: one test of the top instead of next_time() and pop() each settling it.
  bool pop_before(End end, Time& time, Event& event) {
    if (live_ == 0) return false;
    settle_top();
    // Compared as keys (ordered as the times are): nothing to convert between the root,
    // usually just written by a push, and this test.
    if (!(node(0).time_key < end.key_)) return false;
    take_top(time, event);
    return true;
  }
  bool pop_before(Time end, Time& time, Event& event) { return pop_before(End(end), time, event); }

  /// Marks a pending event as cancelled. Returns false if it already ran or was cancelled.
  bool cancel(EventId id);

  /// Whether no live (uncancelled) event is pending.
  bool empty() const { return live_ == 0; }

  /// Number of live pending events.
  std::size_t size() const { return live_; }

  /// Time of the earliest live event. Precondition: `!empty()`.
  Time next_time() {
    settle_top();
    return key_to_time(node(0).time_key);
  }

  /// Reserves room for `n` pending events so that a run allocates nothing after warm-up.
  void reserve(std::size_t n);

  /// Removes every pending event.
  void clear();

  /// Bytes of memory the queue holds (its arrays' capacities), for benchmarks and tests.
  std::size_t memory_bytes() const;

  /// Test hook: continues numbering from `sequence`, to exercise the renumbering that keeps
  /// FIFO order when the 32-bit sequence would wrap (after 2^32 insertions in a real run).
  void set_next_sequence_for_testing(std::uint64_t sequence) { next_sequence_ = sequence; }

 private:
  // A heap entry: 16 bytes, so four siblings share a cache line. `order` packs, from the top:
  // priority (8 bits), scheduling sequence (32 bits, renumbered before it wraps), slot (24).
  struct Entry {
    std::uint64_t time_key;  // time_to_key(time): orders like the time itself
    std::uint64_t order;
  };
  // The body of an event in the heap, with its slot's stamp (the slot's generation, counting
  // in steps of 2, plus kCancelledBit): 16 bytes, in one cache line.
  struct Body {
    std::uint32_t target;
    std::uint16_t kind;
    std::uint16_t stamp;
    std::uint64_t payload;
  };
  // An event in the far tier carries its body: the slot table is then written when a bucket
  // is loaded (shortly before its events run, and stores do not stall) instead of being read
  // long after the event was scheduled (a cache miss per event when many are pending).
  struct FarEntry {
    Entry entry;
    std::uint64_t payload;
    std::uint32_t target;
    std::uint16_t kind;
  };
  static constexpr std::uint32_t kNoChunk = UINT32_MAX;
  // Far events are stored in chunks of a shared pool; a bucket is a list of chunks, all full
  // but the last, whose fill the bucket records (so that a push touches the bucket's small
  // record and the entry's cache line, nothing else).
  struct alignas(64) Chunk {
    static constexpr std::uint32_t kCapacity = 15;  // 8 + 15 * 32 bytes: one 512-byte block
    std::uint32_t next = kNoChunk;
    FarEntry entries[kCapacity];
  };
  struct Bucket {
    std::uint32_t head = kNoChunk;
    std::uint32_t tail = kNoChunk;
    std::uint32_t tail_count = Chunk::kCapacity;  // as if full when there is no chunk yet
  };
  static constexpr std::size_t kArity = 4;  // children per heap node: one cache line of keys
  static constexpr int kSlotBits = 24;
  static constexpr int kSequenceBits = 32;
  static constexpr std::uint64_t kSequenceLimit = std::uint64_t{1} << kSequenceBits;
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
  // Both directions are one exclusive-or with a mask taken from the sign bit (no branch).
  static std::uint64_t time_to_key(Time t) {
    const auto bits = std::bit_cast<std::uint64_t>(t + 0.0);  // -0.0 becomes +0.0
    const auto negative = static_cast<std::uint64_t>(static_cast<std::int64_t>(bits) >> 63);
    return bits ^ (negative | kSignBit);  // negative: ~bits; otherwise bits | kSignBit
  }
  static Time key_to_time(std::uint64_t k) {
    return std::bit_cast<Time>(k ^ (((k >> 63) - 1) | kSignBit));  // the inverse of time_to_key
  }

  std::uint32_t acquire_slot() {
    if (spare_slot_ != kNoSlot) {
      const std::uint32_t slot = spare_slot_;
      spare_slot_ = kNoSlot;
      return slot;
    }
    if (free_slots_.empty()) return new_slot();
    const std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  std::uint32_t new_slot();
  void release(std::uint32_t slot) {
    next_generation(slot);
    free_slots_.push_back(slot);
  }
  // The popped event's slot is kept aside for the next push, usually its successor's: no
  // round trip through the free list per event.
  void release_popped(std::uint32_t slot) {
    next_generation(slot);
    if (spare_slot_ != kNoSlot) free_slots_.push_back(spare_slot_);
    spare_slot_ = slot;
  }
  void next_generation(std::uint32_t slot) {  // handles to the slot's event become stale
    std::uint16_t& stamp = bodies_[slot].stamp;
    stamp = static_cast<std::uint16_t>((stamp | kCancelledBit) + 1);
  }
  // Makes node(0) the earliest live event (precondition: one is pending): removes a popped
  // root, loads the next bucket when the heap is empty and drops cancelled roots.
  void settle_top() {
    if (root_popped_) {
      root_popped_ = false;
      remove_top();
    }
    if (nodes() == 0 || tombstones_ > 0) settle_top_slow();
  }
  void settle_top_slow();
  void take_top(Time& time, Event& event) {  // precondition: settle_top()
    const Entry& top = node(0);
    const std::uint32_t slot = slot_of(top);
    root_popped_ = true;  // removed by the next operation (see the class comment)
    time = key_to_time(top.time_key);
    const Body& body = bodies_[slot];
    event = {body.target, body.kind, body.payload};
    release_popped(slot);
    --live_;
  }
  void push_near(Entry entry) {  // by value: it stays in registers
    if (root_popped_) {
      // Any key may take the root's place: both subtrees are heaps, so one sift-down suffices.
      root_popped_ = false;
      replace_root(entry);
    } else {
      heap_.push_back(entry);
      sift_up(nodes() - 1);
      if (nodes() > spill_threshold_) spill();
    }
  }
  // Lowers (best, best_key) to the earliest of nodes [from, to), without branches: heap
  // comparisons are unpredictable.
  void select_earliest(std::size_t from, std::size_t to, std::size_t& best, Key128& best_key) {
    for (std::size_t c = from; c < to; ++c) {
      const Key128 k = key(node(c));
      const bool smaller = k < best_key;
      best = smaller ? c : best;
      best_key = smaller ? k : best_key;
    }
  }
  // Puts `entry` in the root's place and restores the heap property. With few pending events
  // every other node is a child of the root: one branch-free selection, inline, no loop of
  // levels (a model's hot path: an event scheduling its successor among a handful pending).
  void replace_root(Entry entry) {
    const std::size_t n = nodes();
    if (n > kArity + 1) {
      node(0) = entry;
      sift_down(0);
      return;
    }
    std::size_t best = 0;
    Key128 best_key = key(entry);
    select_earliest(1, n, best, best_key);
    // A branch, not a copy either way: the entry is usually the earliest (an event's successor
    // before far-off events), and copying a node just written would stall store forwarding.
    if (best != 0) node(0) = node(best);
    node(best) = entry;
  }
  // Where `time` falls in the row of buckets, in units of bucket width (not truncated, so
  // that times before the row compare correctly; NaN compares as beyond every bucket).
  double bucket_position(Time time) const { return (time - row_start_) * buckets_per_time_; }
  void push_far(const FarEntry& entry, double position) {
    if (!push_to_row(entry, position)) push_to_bucket(overflow_, entry);
  }
  // Puts the event into its bucket; false (nothing done) if it lies beyond the row.
  bool push_to_row(const FarEntry& entry, double position) {
    if (!(position < static_cast<double>(row_size_))) return false;
    push_to_bucket(buckets_[static_cast<std::size_t>(position)], entry);
    return true;
  }
  void push_to_bucket(Bucket& bucket, const FarEntry& entry) {
    if (bucket.tail_count == Chunk::kCapacity) add_chunk(bucket);
    chunks_[bucket.tail].entries[bucket.tail_count++] = entry;
  }
  void add_chunk(Bucket& bucket);
  // Returns a list's chunks to the pool one by one, each once `take(chunk, count)` has taken
  // its events, so that a sink filling other lists reuses them. The list is detached first:
  // a sink may append to it afresh.
  template <class Take>
  void release_chunks(Bucket& list, Take&& take) {
    const Bucket detached = std::exchange(list, Bucket{});
    for (std::uint32_t c = detached.head; c != kNoChunk;) {
      take(c, c == detached.tail ? detached.tail_count : Chunk::kCapacity);
      const std::uint32_t next = chunks_[c].next;
      chunks_[c].next = free_chunk_;
      free_chunk_ = c;
      c = next;
    }
  }
  // Moves a list's events to a sink that adds no chunks (the heap, the free slots).
  template <class Sink>
  void drain(Bucket& list, Sink&& sink) {
    release_chunks(list, [&](std::uint32_t c, std::uint32_t count) {
      const Chunk& chunk = chunks_[c];
      for (std::uint32_t i = 0; i < count; ++i) sink(chunk.entries[i]);
    });
  }
  // Moves a list's events into other lists. Adding chunks may grow the pool, which moves it,
  // so each chunk's events are passed on from a copy.
  template <class Sink>
  void transfer(Bucket& list, Sink&& sink) {
    release_chunks(list, [&](std::uint32_t c, std::uint32_t count) {
      const Chunk chunk = chunks_[c];
      for (std::uint32_t i = 0; i < count; ++i) sink(chunk.entries[i]);
    });
  }
  // Reads a list's events in place, leaving it as it is.
  template <class Visit>
  void for_each_in(const Bucket& list, Visit&& visit) const {
    for (std::uint32_t c = list.head; c != kNoChunk; c = chunks_[c].next) {
      const std::uint32_t count = c == list.tail ? list.tail_count : Chunk::kCapacity;
      for (std::uint32_t i = 0; i < count; ++i) visit(chunks_[c].entries[i]);
    }
  }
  void move_to_heap(const FarEntry& e) {  // the caller restores the heap property
    Body& body = bodies_[slot_of(e.entry)];
    body.target = e.target;
    body.kind = e.kind;
    body.payload = e.payload;
    heap_.push_back(e.entry);
  }
  // Queues the event in the far tier if it belongs there (out of line: the hot path of a
  // model with few pending events never takes it).
  bool push_if_far(Entry entry, Time time, Event event);
  void load_next_bucket();
  void spread_overflow();
  void spill();
  void move_all_to_overflow();
  void heapify();
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
      ::operator delete (p, std::align_val_t{64});  // unsized: clang needs no -fsized-deallocation
    }
    bool operator==(const CacheLineAllocator&) const { return true; }
  };
  Entry& node(std::size_t i) { return heap_[i + kPad]; }
  std::size_t nodes() const { return heap_.size() - kPad; }

  std::vector<Entry, CacheLineAllocator<Entry>> heap_ =
      std::vector<Entry, CacheLineAllocator<Entry>>(kPad);
  std::vector<Body> bodies_;  // by slot
  std::vector<std::uint32_t> free_slots_;
  static constexpr std::uint32_t kNoSlot = ~std::uint32_t{0};
  std::uint32_t spare_slot_ = kNoSlot;  // free, but kept out of free_slots_ (release_popped)
  std::uint64_t next_sequence_ = 0;
  std::size_t live_ = 0;
  std::size_t tombstones_ = 0;  // cancelled entries still queued (in any tier)
  bool root_popped_ = false;    // node(0) was popped but not yet removed

  // The far tier. While buckets_in_use_, bucket b holds the events whose bucket_position()
  // lies in [b, b + 1); buckets before next_bucket_ have been loaded into the heap (and new
  // events that would fall there go to the heap), events at or beyond row_size_ wait in
  // overflow_. Buckets and the overflow are lists of fixed-size chunks from one pool: every
  // bucket becomes the front one in turn and is then briefly large, so arrays of their own
  // would each keep that peak capacity (16 times the memory of the events themselves,
  // measured), and the overflow, which holds most pending events by the time a row is used up,
  // takes the chunks the row's buckets give back.
  static constexpr std::size_t kSpillThreshold = 2048;  // heap size that starts the buckets
  static constexpr std::size_t kEventsPerBucket = 32;   // target when a row is laid out
  bool buckets_in_use_ = false;
  double row_start_ = 0;
  double buckets_per_time_ = 0;
  std::size_t row_size_ = 0;
  std::size_t next_bucket_ = 0;
  std::size_t spill_threshold_ = kSpillThreshold;
  // Events in the buckets and the overflow. A quarter more than the row was laid out for means
  // that the row has become too coarse: the events are laid out afresh (O(1) amortised).
  std::size_t far_events_ = 0;
  std::size_t relayout_threshold_ = 0;
  std::vector<Bucket> buckets_;
  std::vector<Chunk> chunks_;            // the pool; indices stay valid when it grows
  std::uint32_t free_chunk_ = kNoChunk;  // head of the free list (linked through next)
  Bucket overflow_;
};

}  // namespace jitsim::sim
