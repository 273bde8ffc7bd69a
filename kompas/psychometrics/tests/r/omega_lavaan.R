# Reference values for test_reliability.py: McDonald's omega from a one-factor CFA in lavaan.
#
# Run from the repository root:
#   Rscript kompas/psychometrics/tests/r/omega_lavaan.R
# It writes kompas/psychometrics/tests/r/omega_lavaan.json next to this script.
#
# On complete cases a one-factor ML CFA (lavaan) and ML factor analysis of the correlation
# matrix give the same standardised loadings, so omega = (sum l)^2 / ((sum l)^2 + sum theta)
# from lavaan's standardised solution is a second, independent check of omega_total.
suppressPackageStartupMessages({library(psych); library(lavaan); library(jsonlite)})
data(bfi, package = "psych")

scales <- list(
  agreeableness = list(items = paste0("A", 1:5), reverse = "A1"),
  conscientiousness = list(items = paste0("C", 1:5), reverse = c("C4", "C5")),
  openness = list(items = paste0("O", 1:5), reverse = c("O2", "O5"))
)

out <- list(source = "lavaan::cfa one-factor ML, listwise, on psych::bfi; omega_lavaan.R",
            r_version = R.version.string,
            lavaan_version = as.character(packageVersion("lavaan")))
for (name in names(scales)) {
  spec <- scales[[name]]
  x <- bfi[, spec$items]
  for (item in spec$reverse) x[[item]] <- 7 - x[[item]]
  x <- x[complete.cases(x), ]
  model <- paste("f =~", paste(spec$items, collapse = " + "))
  fit <- cfa(model, data = x, std.lv = TRUE, estimator = "ML")
  std <- standardizedSolution(fit)
  loadings <- std$est.std[std$op == "=~"]
  residuals <- std$est.std[std$op == "~~" & std$lhs == std$rhs & std$lhs != "f"]
  out[[name]] <- list(
    items = spec$items, reverse = spec$reverse, n = nrow(x),
    standardized_loadings = loadings,
    omega = sum(loadings)^2 / (sum(loadings)^2 + sum(residuals))
  )
}
write_json(out, "kompas/psychometrics/tests/r/omega_lavaan.json", digits = NA,
           auto_unbox = TRUE, pretty = TRUE)
