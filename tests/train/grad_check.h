// grad_check.h — test helpers for finite-difference gradient checks (double).
// What it is: random fills and a central-difference checker that reports the
// worst error of an analytic gradient, so tests can also show it fails on a
// perturbed gradient. What it is not: part of the library.
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace dseek::train::testing {

inline std::vector<double> randn(std::mt19937_64& rng, size_t n, double stddev = 1.0, double mean = 0.0) {
  std::normal_distribution<double> d(mean, stddev);
  std::vector<double> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

struct GradVar {
  std::string name;
  std::vector<double>* x;       // the variable (perturbed in place)
  const std::vector<double>* g; // analytic gradient of loss() w.r.t. x
};

struct GradReport {
  double max_err = 0.0;  // max over variables of ‖g − fd‖∞ / max(‖fd‖∞, floor)
  std::string worst;     // name of the worst variable
};

// Central differences of loss() for every entry of every variable.
inline GradReport check_grads(const std::function<double()>& loss, const std::vector<GradVar>& vars,
                              double h = 1e-5, double floor = 1e-4) {
  GradReport r;
  for (const GradVar& v : vars) {
    double diff = 0.0, ref = 0.0;
    for (size_t i = 0; i < v.x->size(); ++i) {
      const double x0 = (*v.x)[i];
      (*v.x)[i] = x0 + h;
      const double lp = loss();
      (*v.x)[i] = x0 - h;
      const double lm = loss();
      (*v.x)[i] = x0;
      const double fd = (lp - lm) / (2 * h);
      diff = std::max(diff, std::abs(fd - (*v.g)[i]));
      ref = std::max(ref, std::abs(fd));
    }
    const double err = diff / std::max(ref, floor);
    if (err > r.max_err || r.worst.empty()) {
      r.max_err = std::max(err, r.max_err);
      if (err >= r.max_err) r.worst = v.name;
    }
  }
  return r;
}

inline double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0.0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

}  // namespace dseek::train::testing
