# Reference values for test_scoring.py, test_norms.py, test_prototypicality.py and
# test_identity.py.
#
# Run from the repository root:
#   Rscript kompas/psychometrics/tests/r/scoring_bfi.R
# It writes kompas/psychometrics/tests/r/scoring_bfi.json next to this script.
# Data: psych's bfi (2800 respondents, 25 items on 1-6) and R's USArrests.
suppressPackageStartupMessages({library(psych); library(jsonlite)})
data(bfi, package = "psych")

keys <- list(
  agreeableness = c("-A1", "A2", "A3", "A4", "A5"),
  conscientiousness = c("C1", "C2", "C3", "-C4", "-C5"),
  extraversion = c("-E1", "-E2", "E3", "E4", "E5"),
  neuroticism = c("N1", "N2", "N3", "N4", "N5"),
  openness = c("O1", "-O2", "O3", "O4", "-O5")
)
# impute = "none": the mean of the answered items after reverse keying (min + max - x).
scored <- scoreItems(keys, bfi[, 1:25], totals = FALSE, impute = "none", min = 1, max = 6)
scores <- as.data.frame(scored$scores)

# Norms: mean and sd (n - 1) per scale, and z-scores of the first 20 respondents.
means <- sapply(scores, mean, na.rm = TRUE)
sds <- sapply(scores, sd, na.rm = TRUE)
z <- sweep(sweep(scores, 2, means, "-"), 2, sds, "/")
# Mid-rank percentile of a few values of agreeableness: 100 * (below + equal / 2) / n.
a <- scores$agreeableness[!is.na(scores$agreeableness)]
probe <- c(3, 4, 4.6, 5.2)
midrank <- sapply(probe, function(v) 100 * (sum(a < v - 1e-9) + sum(abs(a - v) < 1e-9) / 2) / length(a))

# Prototypicality of the first 20 respondents against the mean profile of men (gender 1),
# with the whole sample as the normative profile.
prototype <- colMeans(scores[bfi$gender == 1, ], na.rm = TRUE)
first <- as.matrix(scores[1:20, ])
shape <- apply(first, 1, function(x) cor(x, prototype))
distinctive <- apply(first, 1, function(x) cor(x - means, prototype - means))
distance <- apply(first, 1, function(x) sqrt(sum(((x - prototype) / sds)^2)))

# Gore's two-step clustering: Ward (ward.D2) cut at 5, then k-means (Lloyd) from its centres.
us <- scale(USArrests[, c("Murder", "Assault", "Rape")])
ward <- cutree(hclust(dist(us), method = "ward.D2"), k = 5)
starts <- t(sapply(1:5, function(k) colMeans(us[ward == k, , drop = FALSE])))
km <- kmeans(us, centers = starts, algorithm = "Lloyd", iter.max = 100)

out <- list(
  source = "psych::bfi via scoreItems(impute='none'); datasets::USArrests; R scoring_bfi.R",
  r_version = R.version.string,
  psych_version = as.character(packageVersion("psych")),
  scales = names(keys),
  first_scores = unname(as.matrix(scores[1:20, ])),
  scale_means = unname(means), scale_sds = unname(sds),
  first_z = unname(as.matrix(z[1:20, ])),
  n_scored = unname(sapply(scores, function(s) sum(!is.na(s)))),
  percentile_probe = probe, percentile_midrank = midrank,
  prototype = unname(prototype),
  proto_shape = unname(shape), proto_distinctive = unname(distinctive),
  proto_distance = unname(distance),
  ward_sizes = as.integer(table(ward)),
  ward_centres = unname(starts),
  kmeans_centres = unname(km$centers),
  kmeans_sizes = as.integer(km$size),
  switched = mean(ward != km$cluster)
)
write_json(out, "kompas/psychometrics/tests/r/scoring_bfi.json", digits = NA, auto_unbox = TRUE,
           pretty = TRUE, na = "null")
