// File: models/cli/run_options.cpp
#include "models/cli/run_options.h"

namespace jitsim::cli {

ShardIndex check_run_options(const RunOptions& ro, const Cluster& cluster) {
  const CommonOptions& o = ro.common;
  check_shard_has_out_dir(ro.shard, o.out_dir);
  if (!ro.shard.empty() && ro.target_ci > 0) {
    throw UsageError("--shard and --target-ci exclude each other");
  }
  if (ro.resume && (o.out_dir.empty() || !ro.shard.empty() || cluster.size > 1 ||
                    ro.target_ci > 0 || !ro.timeseries.empty())) {
    throw UsageError(
        "--resume needs --out DIR and a plain single-process run (no --shard, "
        "mpirun, --target-ci or --timeseries)");
  }
  if (!ro.timeseries.empty() && (o.out_dir.empty() || !ro.shard.empty() || cluster.size > 1)) {
    throw UsageError("--timeseries needs --out DIR and a single process (no --shard, no mpirun)");
  }
  // Last, as before the split: a malformed --shard is reported after the combinations.
  return ro.shard.empty() ? ShardIndex{} : parse_shard(ro.shard);
}

}  // namespace jitsim::cli
