// File: models/decisions/linear_metamodel.cpp
#include "models/decisions/linear_metamodel.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <Eigen/Dense>

namespace jitsim::models {

namespace {

constexpr double kRelativeNoise = 1e-12;  // sd(y) / max |y| below this: y does not vary

// Sample standard deviation (n - 1), as sim::summarize reports it.
double sample_sd(const Eigen::VectorXd& v) {
  const double mean = v.mean();
  return std::sqrt((v.array() - mean).square().sum() / static_cast<double>(v.size() - 1));
}

}  // namespace

LinearFit fit_linear(const std::vector<std::vector<double>>& x, const std::vector<double>& y) {
  const std::size_t n = y.size();
  const std::size_t k = x.empty() ? 0 : x.front().size();
  if (x.size() != n || n < k + 2) {
    throw std::invalid_argument("linear metamodel: need at least (parameters + 2) points");
  }
  const auto rows = static_cast<Eigen::Index>(n);
  const auto cols = static_cast<Eigen::Index>(k + 1);
  Eigen::MatrixXd design(rows, cols);
  Eigen::VectorXd response(rows);
  for (std::size_t i = 0; i < n; ++i) {
    if (x[i].size() != k) throw std::invalid_argument("linear metamodel: ragged design");
    const auto r = static_cast<Eigen::Index>(i);
    design(r, 0) = 1;
    for (std::size_t j = 0; j < k; ++j) design(r, static_cast<Eigen::Index>(j + 1)) = x[i][j];
    response(r) = y[i];
  }
  const Eigen::VectorXd beta = design.colPivHouseholderQr().solve(response);
  LinearFit fit;
  fit.intercept = beta(0);
  // A response that does not vary (a policy the parameters do not touch) has nothing to explain;
  // its mean, summed in another order, may still differ in the last bits: that is no variation.
  const double sd_y = sample_sd(response);
  const bool varies = sd_y > kRelativeNoise * response.cwiseAbs().maxCoeff();
  const double sst = (response.array() - response.mean()).square().sum();
  const double sse = (response - design * beta).squaredNorm();
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  fit.r_squared = varies ? 1 - sse / sst : kNaN;
  for (std::size_t j = 0; j < k; ++j) {
    const auto c = static_cast<Eigen::Index>(j + 1);
    fit.coefficients.push_back(beta(c));
    fit.standardized.push_back(varies ? beta(c) * sample_sd(design.col(c)) / sd_y : kNaN);
  }
  return fit;
}

}  // namespace jitsim::models
