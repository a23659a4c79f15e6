// -----------------------------------------------------------------------------
// File: sim/kernel.h
// -----------------------------------------------------------------------------
// The simulation kernel: one clock, one future-event set, one run loop.
// Events run in (time, priority, sequence) order; see sim/event_queue.h.
// The kernel is a plain object with no globals, so many kernels run side by side
// on different threads (one per replication).
#pragma once

#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "sim/event_queue.h"

namespace jitsim::sim {

/// Thrown when an event would be scheduled before now() or at a non-finite time.
class CausalityError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

/**
 * Runs events in time order, handing each to a caller-supplied handler.
 *
 * The handler is a template parameter of step()/run_until(), so dispatch is an ordinary
 * (inlinable) call: no per-event heap allocation, no type-erased function.
 *
 * **Example**:
 *     Kernel k;
 *     k.schedule_in(2.0, {.target = 0, .kind = 1});
 *     k.run_until(10.0, [&](const Event& e) { handle(e, k.now()); });
 */
class Kernel {
 public:
  /// Current simulation time.
  Time now() const { return now_; }

  /// Sets the clock before the first event (e.g. to the start of a warm-up). Requires idle().
  void reset(Time start) {
    queue_.clear();
    now_ = start;
    executed_ = 0;
    stopped_ = false;
    interrupted_ = false;
  }

  /// Runs `event` at absolute time `at`. Throws CausalityError if `at < now()` or not finite.
  EventId schedule_at(Time at, Event event, Priority priority = kDefaultPriority) {
    if (!(at >= now_) || !std::isfinite(at)) throw_causality(at);
    return queue_.push(at, priority, event);
  }

  /// Runs `event` at now() + `delay`. Throws CausalityError if `delay < 0` or not finite.
  EventId schedule_in(Time delay, Event event, Priority priority = kDefaultPriority) {
    return schedule_at(now_ + delay, event, priority);
  }

  /// Cancels a pending event. Returns false if it already ran or was cancelled.
  bool cancel(EventId id) { return queue_.cancel(id); }

  /// Whether no events are pending.
  bool idle() const { return queue_.empty(); }

  /// Number of pending events.
  std::size_t pending() const { return queue_.size(); }

  /// Number of events executed since construction or reset().
  std::uint64_t events_executed() const { return executed_; }

  /// Makes the running run_until() return after the current event.
  void stop() { stopped_ = true; }

  /// Whether stop() was called during the last run_until().
  bool stopped() const { return stopped_; }

  /// A flag another thread may set (e.g. on a signal) to make run_until() return early. It is
  /// read every kPollEvents events, so a long run stops promptly at a negligible cost per event.
  void set_stop_flag(const std::atomic<bool>* flag) { stop_flag_ = flag; }
  static constexpr std::uint64_t kPollEvents = 4096;

  /// Called with the clock every kPollEvents events of run_until() (nullptr: never), so a
  /// long run can report how far it has got.
  using PollFn = void (*)(void* context, Time now);
  void set_poll(PollFn fn, void* context) {
    poll_ = fn;
    poll_context_ = context;
  }

  /// Whether the last run_until() returned early because the stop flag was set.
  bool interrupted() const { return interrupted_; }

  /// Bytes of memory held by the future-event set.
  std::size_t memory_bytes() const { return queue_.memory_bytes(); }

  /// Reserves room for `n` pending events.
  void reserve(std::size_t n) { queue_.reserve(n); }

  /// Pops the next event, advances the clock to it and passes it to `handler`.
  /// Returns false (and does nothing) when idle.
  template <class Handler>
  bool step(Handler&& handler) {
    Event event;
    return run_next_before(EventQueue::End(std::numeric_limits<Time>::infinity()), handler, event);
  }

  /// Runs every event with time < `end` (including those scheduled meanwhile), then sets
  /// now() to `end`. If the handler calls stop(), returns right after that event instead; if
  /// the stop flag is set, returns within kPollEvents events with interrupted() true.
  template <class Handler>
  void run_until(Time end, Handler&& handler) {
    stopped_ = false;
    interrupted_ = false;
    Event event;  // one for the whole loop: no zeroing per event
    const EventQueue::End before(end);
    while (run_next_before(before, handler, event)) {
      if (stopped_) return;
      if (executed_ % kPollEvents == 0) [[unlikely]] {
        if (poll_) poll_(poll_context_, now_);
        if (stop_requested()) {
          interrupted_ = stopped_ = true;
          return;
        }
      }
    }
    if (end > now_) now_ = end;
  }

 private:
  // Runs the next event if it is due before `end` (every scheduled time is finite, so an
  // infinite end takes any); false, with nothing changed, if none is. `event` is scratch.
  template <class Handler>
  bool run_next_before(EventQueue::End end, Handler& handler, Event& event) {
    if (!queue_.pop_before(end, now_, event)) return false;
    ++executed_;
    handler(event);
    return true;
  }

  bool stop_requested() const { return stop_flag_ && stop_flag_->load(std::memory_order_relaxed); }

  [[noreturn]] void throw_causality(Time at) const {
    throw CausalityError("event scheduled at time " + std::to_string(at) + " before now " +
                         std::to_string(now_));
  }

  EventQueue queue_;
  Time now_ = 0;
  std::uint64_t executed_ = 0;
  bool stopped_ = false;
  bool interrupted_ = false;
  const std::atomic<bool>* stop_flag_ = nullptr;
  PollFn poll_ = nullptr;
  void* poll_context_ = nullptr;
};

}  // namespace jitsim::sim
