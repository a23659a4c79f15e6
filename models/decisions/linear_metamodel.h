// -----------------------------------------------------------------------------
// File: models/decisions/linear_metamodel.h
// -----------------------------------------------------------------------------
// A first-order regression metamodel y = b0 + sum_j b_j x_j, fitted by least squares (Eigen's
// column-pivoting QR, stable when the columns are of very different scales), with the
// standardised coefficients b_j sd(x_j) / sd(y) that rank the parameters on one scale and the
// coefficient of determination R^2 = 1 - SSE / SST (Kleijnen, "Design and Analysis of
// Simulation Experiments", 2008).
#pragma once

#include <vector>

namespace jitsim::models {

struct LinearFit {
  double intercept = 0;
  std::vector<double> coefficients;  // b_j, in the units of y per unit of x_j
  std::vector<double> standardized;  // b_j sd(x_j) / sd(y); NaN when y does not vary
  double r_squared = 0;              // NaN when y does not vary (sd(y) <= 1e-12 max|y|)
};

/// Fits y on the columns of `x` (one row per observation). Throws std::invalid_argument
/// unless every row has the same length k and there are at least k + 2 rows (so that the
/// residual has a degree of freedom).
LinearFit fit_linear(const std::vector<std::vector<double>>& x, const std::vector<double>& y);

}  // namespace jitsim::models
