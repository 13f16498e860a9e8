// plot.cpp — SVG training curves (see plot.h).
#include "train/plot.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "core/check.h"
#include "io/json_util.h"

namespace dseek::train {

namespace {

struct Series {
  std::string name, color;
  std::vector<std::pair<double, double>> pts;
};

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '&') o += "&amp;";
    else if (c == '"') o += "&quot;";
    else o += c;
  }
  return o;
}

std::string fmt_num(double v) {
  if (v == 0) return "0";
  const double a = std::abs(v);
  if (a >= 1e4 || a < 1e-2) return fmt::format("{:.1e}", v);
  return fmt::format("{:.3g}", v);
}

// One panel at (x0, y0) of size w × h.
void panel(std::string& svg, double x0, double y0, double w, double h, const std::string& title,
           const std::vector<Series>& series) {
  double xmin = std::numeric_limits<double>::infinity(), xmax = -xmin, ymin = xmin, ymax = -xmin;
  for (const auto& s : series)
    for (auto [x, y] : s.pts) {
      xmin = std::min(xmin, x), xmax = std::max(xmax, x), ymin = std::min(ymin, y), ymax = std::max(ymax, y);
    }
  svg += fmt::format("<rect x='{}' y='{}' width='{}' height='{}' fill='white' stroke='#999'/>\n", x0, y0, w, h);
  svg += fmt::format("<text x='{}' y='{}' font-size='13' font-weight='bold'>{}</text>\n", x0 + 4, y0 - 6, esc(title));
  if (!std::isfinite(xmin)) {
    svg += fmt::format("<text x='{}' y='{}' font-size='12' fill='#888'>no data</text>\n", x0 + w / 2 - 25, y0 + h / 2);
    return;
  }
  if (xmax == xmin) xmax = xmin + 1;
  if (ymax == ymin) ymax = ymin + (ymin == 0 ? 1 : std::abs(ymin) * 0.1);
  const double pad = (ymax - ymin) * 0.05;
  ymin -= pad, ymax += pad;
  auto X = [&](double x) { return x0 + (x - xmin) / (xmax - xmin) * w; };
  auto Y = [&](double y) { return y0 + h - (y - ymin) / (ymax - ymin) * h; };
  for (int i = 0; i <= 4; ++i) {  // grid + labels
    const double yv = ymin + (ymax - ymin) * i / 4, xv = xmin + (xmax - xmin) * i / 4;
    svg += fmt::format("<line x1='{:.1f}' y1='{:.1f}' x2='{:.1f}' y2='{:.1f}' stroke='#eee'/>\n", x0, Y(yv), x0 + w,
                       Y(yv));
    svg += fmt::format("<text x='{:.1f}' y='{:.1f}' font-size='10' text-anchor='end'>{}</text>\n", x0 - 3,
                       Y(yv) + 3, fmt_num(yv));
    svg += fmt::format("<text x='{:.1f}' y='{:.1f}' font-size='10' text-anchor='middle'>{}</text>\n", X(xv),
                       y0 + h + 12, fmt_num(std::round(xv)));
  }
  double ly = y0 + 14;
  for (const auto& s : series) {
    if (s.pts.empty()) continue;
    std::string path;
    for (auto [x, y] : s.pts) path += fmt::format("{:.1f},{:.1f} ", X(x), Y(y));
    if (s.pts.size() == 1)
      svg += fmt::format("<circle cx='{:.1f}' cy='{:.1f}' r='2.5' fill='{}'/>\n", X(s.pts[0].first),
                         Y(s.pts[0].second), s.color);
    else
      svg += fmt::format("<polyline fill='none' stroke='{}' stroke-width='1.3' points='{}'/>\n", s.color, path);
    svg += fmt::format("<text x='{:.1f}' y='{:.1f}' font-size='11' fill='{}' text-anchor='end'>{}</text>\n",
                       x0 + w - 6, ly, s.color, esc(s.name));
    ly += 13;
  }
}

bool numeric(const nlohmann::json& j, const char* k) { return j.contains(k) && j[k].is_number(); }

}  // namespace

std::vector<nlohmann::json> read_train_log(const std::string& path) {
  std::ifstream f(path);
  DSEEK_CHECK(f, "cannot open log '{}'", path);
  std::vector<nlohmann::json> out;
  std::string line;
  int64_t n = 0;
  while (std::getline(f, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json j = parse_json_limited(line, {}, path + ":" + std::to_string(n));
    DSEEK_CHECK(j.is_object(), "{}:{}: expected a JSON object", path, n);
    out.push_back(std::move(j));
  }
  return out;
}

std::string render_train_svg(const std::vector<nlohmann::json>& records, const std::string& title) {
  Series loss{"loss", "#1f77b4", {}}, main{"main", "#2ca02c", {}}, mtp{"mtp", "#ff7f0e", {}},
      val{"val", "#d62728", {}}, lr{"lr", "#9467bd", {}};
  std::map<int64_t, Series> load;  // per MoE layer: max/mean
  const char* colors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
  for (const auto& j : records) {
    if (!numeric(j, "step")) continue;
    const double s = j["step"].get<double>();
    if (numeric(j, "val_loss")) val.pts.emplace_back(s, j["val_loss"].get<double>());
    if (!numeric(j, "loss")) continue;
    if (j.value("skipped", false)) continue;
    loss.pts.emplace_back(s, j["loss"].get<double>());
    if (numeric(j, "main_loss")) main.pts.emplace_back(s, j["main_loss"].get<double>());
    if (numeric(j, "mtp_loss") && j["mtp_loss"].get<double>() != 0) mtp.pts.emplace_back(s, j["mtp_loss"].get<double>());
    if (numeric(j, "lr")) lr.pts.emplace_back(s, j["lr"].get<double>());
    if (j.contains("moe_layers") && j.contains("load_max") && j.contains("load_mean") && j["moe_layers"].is_array()) {
      const auto &L = j["moe_layers"], &mx = j["load_max"], &mn = j["load_mean"];
      for (size_t i = 0; i < L.size() && i < mx.size() && i < mn.size(); ++i) {
        if (!L[i].is_number() || !mx[i].is_number() || !mn[i].is_number() || mn[i].get<double>() <= 0) continue;
        const int64_t layer = L[i].get<int64_t>();
        Series& se = load[layer];
        if (se.name.empty()) {
          se.name = "layer " + std::to_string(layer);
          se.color = colors[load.size() % 8];
        }
        se.pts.emplace_back(s, mx[i].get<double>() / mn[i].get<double>());
      }
    }
  }
  const double W = 900, PW = 800, PH = 200, X0 = 70;
  std::string svg = fmt::format(
      "<svg xmlns='http://www.w3.org/2000/svg' width='{}' height='{}' font-family='sans-serif'>\n"
      "<rect width='100%' height='100%' fill='#fafafa'/>\n",
      W, 3 * (PH + 60) + 30);
  svg += fmt::format("<text x='{}' y='20' font-size='15'>{}</text>\n", X0, esc(title.empty() ? "dseek training" : title));
  panel(svg, X0, 50, PW, PH, "loss", {loss, main, mtp, val});
  panel(svg, X0, 50 + (PH + 60), PW, PH, "learning rate", {lr});
  std::vector<Series> ls;
  for (auto& [k, v] : load) ls.push_back(v);
  panel(svg, X0, 50 + 2 * (PH + 60), PW, PH, "expert load: max / mean per MoE layer", ls);
  svg += "</svg>\n";
  return svg;
}

}  // namespace dseek::train
