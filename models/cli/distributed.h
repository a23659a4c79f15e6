// -----------------------------------------------------------------------------
// File: models/cli/distributed.h
// -----------------------------------------------------------------------------
// Spreading one experiment over processes: MPI ranks (mpirun -np K jitsim run ...) or
// independent shards (jitsim run --shard i/n, then jitsim merge). Either way each process runs
// a contiguous block of replications, and the blocks are put back together in replication
// order before anything is folded, so the output bytes equal a single-process run's.
#pragma once

#include <cstdint>
#include <utility>

#include "models/agents/experiment.h"

namespace jitsim::cli {

/// This process's place among the processes of one run.
struct Cluster {
  int rank = 0;
  int size = 1;
  bool mpi = false;
};

/// Starts MPI when the process was launched by an MPI launcher (and jitsim was built with MPI);
/// otherwise returns a cluster of one. finalize_cluster() must be called before exiting.
Cluster init_cluster(int* argc, char*** argv);
void finalize_cluster(const Cluster& cluster);
/// Stops every process (after an error on one of them).
[[noreturn]] void abort_cluster(const Cluster& cluster, int code);

/// [first, end) of block `index` (0-based) of `count` equal contiguous blocks of `total`.
std::pair<std::uint64_t, std::uint64_t> block_of(std::uint64_t total, std::uint64_t index,
                                                 std::uint64_t count);

/// Rank 0's `decision`, on every rank (e.g. whether to run another batch): every rank must take
/// the same path through the collective calls, or the run hangs.
bool root_decides(const Cluster& cluster, bool decision);

/// Runs options' replications over the cluster and appends them to `into` (which must end at
/// options.first_replication), per-SKU statistics folded in replication order. Only rank 0's
/// `into` holds the results; the other ranks contribute their block and only advance
/// replications_done (and set cancelled when their own block was interrupted).
void extend_on_cluster(const models::ModelSetup& setup, models::ExperimentOptions options,
                       const Cluster& cluster, models::ExperimentResult& into);

}  // namespace jitsim::cli
