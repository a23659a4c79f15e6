// File: models/cli/trace_command.cpp
// `jitsim trace`: one replication's event log as CSV, to audit any metric by hand.
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "models/agents/simulation.h"
#include "models/cli/commands.h"
#include "models/cli/common.h"
#include "models/cli/output_dir.h"
#include "models/results/report.h"

namespace jitsim::cli {

namespace {

struct TraceOptions {
  CommonOptions common;
  std::int64_t replication = 0;  // signed, so that -1 is refused rather than wrapped
};

/// One CSV row per traced step; ids link customer orders, purchase orders and shipments.
class CsvTrace final : public models::TraceSink {
 public:
  explicit CsvTrace(const models::ModelSetup& setup) : setup_(setup) {
    text_ =
        "time,event,sku,quantity,on_hand,backlog,on_order,customer_order,purchase_order,shipment,"
        "site,lane\n";
  }
  void record(const models::TraceRecord& r) override {
    auto id = [](std::uint64_t x) { return x ? std::to_string(x) : std::string(); };
    const models::Network& n = setup_.network;
    const std::string_view lane =
        r.lane < n.lanes.size() ? std::string_view(n.lanes[r.lane].id) : std::string_view();
    text_ += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{},{}\n", models::format_number(r.time),
        models::trace_event_name(r.event), models::csv_field(sku_id(r.item)), r.quantity, r.on_hand,
        r.backlog, r.on_order, id(r.customer_order), id(r.purchase_order), id(r.shipment),
        models::csv_field(n.sites[n.item(r.item).site].id), models::csv_field(lane));
  }
  const std::string& text() const { return text_; }

 private:
  const std::string& sku_id(std::uint32_t item) const {
    return setup_.scenario.skus[setup_.network.item(item).sku].id;
  }

  const models::ModelSetup& setup_;
  std::string text_;
};

int trace(const TraceOptions& o) {
  const auto loaded = load(o.common);
  if (!loaded) return kBadInput;
  const models::Scenario& sc = loaded->scenario;
  if (o.common.policies.size() != 1) throw UsageError("trace: name exactly one --policy");
  if (o.replication < 0 || o.replication >= sc.scenario.replications) {
    throw UsageError(fmt::format("trace: --replication {} is out of range 0..{}", o.replication,
                                 sc.scenario.replications - 1));
  }
  const std::size_t policy = select_policies(sc, o.common.policies).front();
  const models::ModelSetup setup(sc);
  models::Simulation sim(setup);
  CsvTrace sink(setup);
  models::ReplicationOptions ro;
  ro.trace = &sink;
  ro.check_invariants = o.common.check_invariants;
  sim.run(policy, static_cast<std::uint64_t>(o.replication), ro);
  if (!o.common.out_dir.empty()) {
    OutputDir out(o.common.out_dir);
    out.add("trace.csv", sink.text());
    out.commit();
  } else {
    std::fwrite(sink.text().data(), 1, sink.text().size(), stdout);
  }
  return kSuccess;
}

}  // namespace

Subcommand add_trace_command(CLI::App& app) {
  auto o = std::make_shared<TraceOptions>();
  CLI::App* cmd = app.add_subcommand(
      "trace", "One replication's event log as CSV (order -> shipment -> receipt)");
  // One replication on one thread, to stdout or its own --out: no --threads, --quiet, --format.
  add_common_options(*cmd, o->common, kPolicyOption | kInvariantsOption);
  cmd->add_option("--replication", o->replication, "Replication to trace (default 0)");
  cmd->add_option("--out", o->common.out_dir, "Write trace.csv into this folder instead of stdout")
      ->check(non_empty_path());
  cmd->footer(
      "Columns: time,event,sku,quantity,on_hand,backlog,on_order,customer_order,purchase_order,"
      "shipment,site,lane\n"
      "Example:\n"
      "  jitsim trace scenarios/baseline.toml --policy jit --replication 3 > trace.csv");
  return {cmd, [o] { return trace(*o); }};
}

}  // namespace jitsim::cli
