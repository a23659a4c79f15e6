// File: models/cli/distributed.cpp
#include "models/cli/distributed.h"

#include <cstdlib>
#include <vector>

#ifdef JITSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace jitsim::cli {

std::pair<std::uint64_t, std::uint64_t> block_of(std::uint64_t total, std::uint64_t index,
                                                 std::uint64_t count) {
  // Exact integer arithmetic (no overflow for the contract's limits: total <= 10^7).
  return {total * index / count, total * (index + 1) / count};
}

namespace {

bool launched_by_mpi() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"}) {
    if (std::getenv(var)) return true;
  }
  return false;
}

#ifdef JITSIM_HAVE_MPI
// A block's results as doubles: per policy its runs, then (with the breakdown) its breakdowns.
std::vector<double> pack(const models::ExperimentResult& r, bool breakdown) {
  std::vector<double> out;
  out.push_back(static_cast<double>(r.replications_done));
  out.push_back(static_cast<double>(r.events));
  out.push_back(r.cancelled ? 1.0 : 0.0);
  for (const models::PolicyResults& p : r.policies) {
    p.runs.for_each(
        [&](const models::MetricValues& v) { out.insert(out.end(), v.begin(), v.end()); });
    if (!breakdown) continue;
    for (const models::Breakdown& b : p.breakdown_runs) out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}
#endif

}  // namespace

Cluster init_cluster([[maybe_unused]] int* argc, [[maybe_unused]] char*** argv) {
  Cluster c;
#ifdef JITSIM_HAVE_MPI
  if (!launched_by_mpi()) return c;
  int provided = 0;
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);  // only main() calls MPI
  MPI_Comm_rank(MPI_COMM_WORLD, &c.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &c.size);
  c.mpi = true;
#else
  (void)launched_by_mpi;
#endif
  return c;
}

void finalize_cluster([[maybe_unused]] const Cluster& cluster) {
#ifdef JITSIM_HAVE_MPI
  if (cluster.mpi) MPI_Finalize();
#endif
}

void abort_cluster([[maybe_unused]] const Cluster& cluster, int code) {
#ifdef JITSIM_HAVE_MPI
  if (cluster.mpi && cluster.size > 1) MPI_Abort(MPI_COMM_WORLD, code);
#endif
  std::exit(code);
}

bool root_decides(const Cluster& cluster, bool decision) {
#ifdef JITSIM_HAVE_MPI
  if (cluster.mpi && cluster.size > 1) {
    int value = decision ? 1 : 0;
    MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return value != 0;
  }
#else
  (void)cluster;
#endif
  return decision;
}

void extend_on_cluster(const models::ModelSetup& setup, models::ExperimentOptions options,
                       const Cluster& cluster, models::ExperimentResult& into) {
  if (cluster.size == 1) {
    models::extend_experiment(setup, options, into);
    return;
  }
#ifdef JITSIM_HAVE_MPI
  const std::uint64_t first = options.first_replication, total = options.replications;
  const auto [begin, end] = block_of(total, static_cast<std::uint64_t>(cluster.rank),
                                     static_cast<std::uint64_t>(cluster.size));
  const bool breakdown = options.breakdown;
  options.first_replication = first + begin;
  options.replications = end - begin;
  options.keep_breakdown_runs = breakdown;
  if (cluster.rank != 0) options.progress = nullptr;
  const models::ExperimentResult local = models::run_experiment(setup, options);

  // Gather every block on rank 0, in rank order = replication order.
  const std::vector<double> mine = pack(local, breakdown);
  const int my_size = static_cast<int>(mine.size());
  std::vector<int> sizes(static_cast<std::size_t>(cluster.size));
  MPI_Gather(&my_size, 1, MPI_INT, sizes.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<int> offsets(sizes.size(), 0);
  std::vector<double> all;
  if (cluster.rank == 0) {
    for (std::size_t i = 1; i < sizes.size(); ++i) offsets[i] = offsets[i - 1] + sizes[i - 1];
    all.resize(static_cast<std::size_t>(offsets.back()) + static_cast<std::size_t>(sizes.back()));
  }
  MPI_Gatherv(mine.data(), my_size, MPI_DOUBLE, all.data(), sizes.data(), offsets.data(),
              MPI_DOUBLE, 0, MPI_COMM_WORLD);
  if (cluster.rank != 0) {  // the others keep count, so that every rank agrees where batches start
    into.replications_done += total;
    into.cancelled = local.cancelled;
    return;
  }

  const std::size_t breakdown_size = models::BreakdownLayout(setup).size();
  const std::uint64_t before = into.replications_done;
  bool complete = true;  // keep a clean prefix of replications if a block was interrupted
  for (std::size_t r = 0; r < sizes.size() && complete; ++r) {
    const double* at = all.data() + offsets[r];
    const auto done = static_cast<std::size_t>(at[0]);
    into.events += static_cast<std::uint64_t>(at[1]);
    complete = at[2] == 0;
    at += 3;
    for (models::PolicyResults& p : into.policies) {
      for (std::size_t i = 0; i < done; ++i, at += models::kMetricCount) {
        models::MetricValues v;
        std::copy(at, at + models::kMetricCount, v.begin());
        p.runs.push_back(v);
      }
      if (!breakdown) continue;
      for (std::size_t i = 0; i < done; ++i, at += breakdown_size) {
        models::fold(models::Breakdown(at, at + breakdown_size), p.breakdown);
      }
    }
    into.replications_done += done;
  }
  into.cancelled = into.replications_done < before + total;
#else
  models::extend_experiment(setup, options, into);
#endif
}

}  // namespace jitsim::cli
