// File: models/results/report_page.cpp
#include "models/results/report_page.h"

#include <array>
#include <cmath>
#include <functional>
#include <string_view>

#include <fmt/format.h>

#include "models/io/text_format.h"
#include "models/results/svg_plot.h"

namespace jitsim::models {

namespace {

constexpr std::string_view kStyle = R"(
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #222;
       background: #fafafa; margin: 0; }
main { max-width: 880px; margin: 0 auto; padding: 18px 24px 40px; background: #fff; }
h1 { font-size: 22px; margin: 8px 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 3px; }
p, li { font-size: 14px; line-height: 1.45; }
.meta { color: #555; font-size: 13px; }
code { font-size: 12px; background: #f1f1f1; padding: 0 3px; border-radius: 3px; }
table.cmp { border-collapse: collapse; font-size: 13px; margin: 8px 0; width: 100%; }
table.cmp th, table.cmp td { border-bottom: 1px solid #e3e3e3; padding: 4px 8px; text-align: right;
                             white-space: nowrap; }
table.cmp th[scope=row] { text-align: left; font-weight: normal; white-space: normal; }
table.cmp thead th { border-bottom: 2px solid #999; }
table.cmp td.best { font-weight: bold; background: #eef6ee; }
table.cmp tr.grp th { text-align: left; background: #f4f4f4; padding-top: 8px; }
table.cmp small { color: #666; }
.sw { display: inline-block; width: 10px; height: 10px; margin-right: 5px; }
figure.chart { margin: 12px 0 20px; }
figure.chart svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 12.5px; color: #555; margin-top: 4px; }
svg text { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; fill: #222; }
svg .title { font-size: 15px; font-weight: bold; }
svg .tick { font-size: 11px; fill: #444; }
svg .axis-label { font-size: 12.5px; }
svg .legend { font-size: 12px; }
svg .cat { font-size: 12.5px; font-weight: bold; }
svg .value { font-size: 11px; fill: #333; }
svg .shock { font-size: 10.5px; fill: #555; }
svg .grid { stroke: #e8e8e8; stroke-width: 1; }
svg .axis { stroke: #333; stroke-width: 1; }
footer { font-size: 12px; color: #777; margin-top: 30px; }
)";

}  // namespace

std::string page_head(const std::string& title) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n",
      svg::esc(title), kStyle);
}

std::map<std::string, std::string> policy_colours(const std::vector<std::string>& policies) {
  static const std::map<std::string, std::string, std::less<>> fixed{
      {"jit", "#D55E00"}, {"jic", "#0072B2"}, {"hybrid", "#009E73"}, {"ss", "#CC79A7"}};
  static const std::array<const char*, 6> pool{"#E69F00", "#56B4E9", "#7F7F7F",
                                               "#8C564B", "#17BECF", "#BCBD22"};
  std::map<std::string, std::string> out;
  std::size_t next = 0;
  for (const std::string& p : policies) {
    const auto it = fixed.find(p);
    out[p] = it != fixed.end() ? it->second : pool[next++ % pool.size()];
  }
  return out;
}

std::string meta_line(const report_inputs::Meta& meta, const std::string& extra) {
  std::vector<std::string> parts;
  if (!extra.empty()) parts.push_back(extra);
  if (std::isfinite(meta.horizon_days)) {
    parts.push_back(fmt::format("horizon {} days (warm-up {})", format_number(meta.horizon_days),
                                format_number(meta.warmup_days)));
  }
  if (meta.seed) parts.push_back(fmt::format("seed {}", *meta.seed));
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : " · ") + svg::esc(p);
  return "<p class=\"meta\">" + out + "</p>\n";
}

}  // namespace jitsim::models
