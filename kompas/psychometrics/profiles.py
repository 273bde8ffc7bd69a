"""Latent profile analysis (LPA) as a Gaussian mixture with diagonal covariances.

A latent profile model says each respondent belongs to one of ``k`` profiles; within profile
``j`` the indicators (scale scores) are independent normals with means ``mu_j`` and variances
``sigma2_j``, and profile ``j`` holds a share ``pi_j`` of the population. This is mclust's
model "VVI" (volume and shape vary between profiles, axis-aligned) and tidyLPA's
"model 2" (varying variances, zero covariances).

The density of a row ``x`` with observed indicators ``O`` is::

    f(x) = sum_j pi_j prod_{i in O} N(x_i; mu_ji, sigma2_ji)

and the posterior probability of profile ``j`` is ``pi_j f_j(x) / f(x)``, computed with
log-sum-exp. With diagonal covariances an unobserved indicator integrates out of the density,
so a row with missing indicators is classified on the ones it has.

:func:`fit_profiles` estimates a model by EM (scikit-learn's ``GaussianMixture``) and returns
a frozen :class:`ProfileModel`; :func:`profile_probabilities` and :func:`assign_profiles`
classify new rows from the frozen parameters alone, so a stored model keeps classifying the
same way whatever library version fitted it.

References
----------
Scrucca, L., Fop, M., Murphy, T. B., & Raftery, A. E. (2016). mclust 5: clustering,
    classification and density estimation using Gaussian finite mixture models.
    The R Journal, 8(1), 289-317.
Rosenberg, J. M., Beymer, P. N., Anderson, D. J., van Lissa, C. J., & Schmidt, J. A. (2018).
    tidyLPA: An R package to easily carry out latent profile analysis. JOSS, 3(30), 978.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.special import logsumexp
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

__all__ = [
    "ProfileModel",
    "assign_profiles",
    "compare_profile_counts",
    "fit_profiles",
    "profile_log_likelihood",
    "profile_probabilities",
    "relative_entropy",
]

Data = pd.DataFrame | ArrayLike

# mclust adds no ridge to the variances; scikit-learn insists on one, so keep it negligible.
_REG_COVAR = 1e-9


@dataclass(frozen=True, eq=False)
class ProfileModel:
    """A fitted latent profile model: everything needed to classify new respondents.

    ``weights`` (k,), ``means`` (k, p) and ``variances`` (k, p) are read-only arrays, one row
    per profile in the order of ``labels`` and one column per indicator in the order of
    ``indicators``. ``bic`` follows mclust's sign, ``2 log L - n_parameters log(n_obs)``:
    higher is better; :attr:`bic_sklearn` is the same number with scikit-learn's sign.
    ``synthetic`` marks a model fitted on synthetic data (never for real reports);
    ``version`` is the caller's name for this fitted model, kept so a stored
    classification can say which model made it.
    """

    labels: tuple[str, ...]
    indicators: tuple[str, ...]
    weights: NDArray[np.float64]
    means: NDArray[np.float64]
    variances: NDArray[np.float64]
    log_likelihood: float
    bic: float
    n_parameters: int
    n_obs: int
    synthetic: bool = False
    version: str = ""

    def __post_init__(self) -> None:
        weights = _frozen_array(self.weights, "weights")
        means = _frozen_array(self.means, "means")
        variances = _frozen_array(self.variances, "variances")
        labels, indicators = tuple(map(str, self.labels)), tuple(map(str, self.indicators))
        k, p = len(labels), len(indicators)
        if k < 1 or p < 1:
            raise ValueError("a profile model needs at least one profile and one indicator")
        if weights.shape != (k,) or means.shape != (k, p) or variances.shape != (k, p):
            raise ValueError(
                f"with {k} labels and {p} indicators, weights must have shape ({k},) and "
                f"means and variances ({k}, {p}); got {weights.shape}, {means.shape}, "
                f"{variances.shape}"
            )
        if len(set(labels)) != k:
            raise ValueError(f"profile labels must be unique, got {list(labels)}")
        if len(set(indicators)) != p:
            raise ValueError(f"indicator names must be unique, got {list(indicators)}")
        if (weights <= 0).any() or abs(weights.sum() - 1) > 1e-6:
            raise ValueError(f"weights must be positive and sum to 1, got {weights.tolist()}")
        if not (variances > 0).all():
            raise ValueError("every variance must be positive")
        if not np.isfinite(means).all():
            raise ValueError("every mean must be a finite number")
        for name, value in [
            ("labels", labels),
            ("indicators", indicators),
            ("weights", weights),
            ("means", means),
            ("variances", variances),
        ]:
            object.__setattr__(self, name, value)

    @property
    def n_profiles(self) -> int:
        return len(self.labels)

    @property
    def bic_sklearn(self) -> float:
        """BIC with scikit-learn's sign, ``-2 log L + n_parameters log(n_obs)``: lower is
        better."""
        return -self.bic

    def relabel(self, labels: Sequence[str] | Mapping[str, str]) -> ProfileModel:
        """A copy with new profile labels: a sequence in profile order, or a mapping from
        old label to new label (unmapped labels are kept)."""
        if isinstance(labels, Mapping):
            unknown = set(labels) - set(self.labels)
            if unknown:
                raise ValueError(
                    f"no profile called {sorted(unknown)}; the profiles are {list(self.labels)}"
                )
            new = tuple(labels.get(label, label) for label in self.labels)
        else:
            new = tuple(labels)
        if len(new) != self.n_profiles:
            raise ValueError(f"need {self.n_profiles} labels, got {len(new)}")
        return replace(self, labels=new)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (plain lists of floats); :meth:`from_dict` reads it back."""
        return {
            "labels": list(self.labels),
            "indicators": list(self.indicators),
            "weights": self.weights.tolist(),
            "means": self.means.tolist(),
            "variances": self.variances.tolist(),
            "log_likelihood": float(self.log_likelihood),
            "bic": float(self.bic),
            "n_parameters": int(self.n_parameters),
            "n_obs": int(self.n_obs),
            "synthetic": bool(self.synthetic),
            "version": self.version,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProfileModel:
        """Rebuild a model from :meth:`to_dict`'s output, checking every field."""
        missing = [f.name for f in fields(cls) if f.name not in data]
        if missing:
            raise ValueError(f"profile model is missing {missing}")
        return cls(
            labels=tuple(data["labels"]),
            indicators=tuple(data["indicators"]),
            weights=np.asarray(data["weights"], dtype=np.float64),
            means=np.asarray(data["means"], dtype=np.float64),
            variances=np.asarray(data["variances"], dtype=np.float64),
            log_likelihood=float(data["log_likelihood"]),
            bic=float(data["bic"]),
            n_parameters=int(data["n_parameters"]),
            n_obs=int(data["n_obs"]),
            synthetic=bool(data["synthetic"]),
            version=str(data["version"]),
        )


def fit_profiles(
    data: Data,
    n_profiles: int,
    *,
    seed: int = 0,
    n_init: int = 10,
    indicators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    synthetic: bool = False,
    version: str = "",
) -> ProfileModel:
    """Fit a latent profile model with ``n_profiles`` profiles (mclust "VVI").

    EM from ``n_init`` k-means starts (seeded by ``seed``) run to a relative tolerance of
    1e-10; the best solution is kept. Profiles are ordered from largest to smallest weight
    and labelled ``"1", "2", ...`` unless ``labels`` is given. Indicator names come from a
    DataFrame's columns, else from ``indicators``, else ``"x1", "x2", ...``.

    Number of parameters with p indicators: ``(k - 1) + 2 k p``. BIC in mclust's sign::

        BIC = 2 log L - n_parameters log(n)

    Every row must be complete: drop or impute rows with a missing indicator before fitting
    (classification with :func:`profile_probabilities` does accept missing indicators).

    On iris's four measurements with 3 profiles this gives ``log L = -307.178``; mclust's
    ``Mclust(X, G=3, modelNames="VVI")`` stops at -307.181 (its EM tolerance is 1e-5).

    >>> rng = np.random.default_rng(0)
    >>> x = np.vstack([rng.normal(0, 1, (300, 2)), rng.normal(5, 0.5, (100, 2))])
    >>> model = fit_profiles(x, 2)
    >>> model.weights.round(2).tolist(), model.means.round().astype(int).tolist()
    ([0.75, 0.25], [[0, 0], [5, 5]])
    >>> model.n_parameters, model.labels
    (9, ('1', '2'))
    """
    matrix, names = _data_matrix(data, indicators)
    if np.isnan(matrix).any():
        incomplete = int(np.isnan(matrix).any(axis=1).sum())
        raise ValueError(
            f"{incomplete} row(s) have a missing indicator; drop or impute them before "
            "fitting (classifying rows with missing indicators is fine)"
        )
    n, p = matrix.shape
    if not 1 <= n_profiles < n:
        raise ValueError(f"n_profiles must be between 1 and {n - 1} for {n} rows, got {n_profiles}")
    if n_init < 1:
        raise ValueError(f"n_init must be at least 1, got {n_init}")
    mixture = GaussianMixture(
        n_components=n_profiles,
        covariance_type="diag",
        reg_covar=_REG_COVAR,
        tol=1e-10,
        max_iter=10_000,
        n_init=n_init,
        random_state=seed,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        try:
            mixture.fit(matrix)
        except ConvergenceWarning as error:
            raise ValueError(
                f"EM did not converge for {n_profiles} profiles; try fewer profiles or "
                "more starts (n_init)"
            ) from error
    order = np.argsort(-mixture.weights_, kind="stable")
    weights = mixture.weights_[order] / mixture.weights_.sum()
    means, variances = mixture.means_[order], mixture.covariances_[order]
    log_likelihood = float(
        logsumexp(_log_joint_of_parameters(weights, means, variances, matrix), axis=1).sum()
    )
    n_parameters = (n_profiles - 1) + 2 * n_profiles * p
    return ProfileModel(
        labels=tuple(labels) if labels is not None else tuple(map(str, range(1, n_profiles + 1))),
        indicators=names,
        weights=weights,
        means=means,
        variances=variances,
        log_likelihood=log_likelihood,
        bic=2 * log_likelihood - n_parameters * np.log(n),
        n_parameters=n_parameters,
        n_obs=n,
        synthetic=synthetic,
        version=version,
    )


def profile_probabilities(model: ProfileModel, data: Data) -> NDArray[np.float64]:
    """Posterior probability of each profile for each row, shape (n, k).

    Formula, summing over the row's observed indicators ``O`` only::

        log f_j(x) = log pi_j - 1/2 sum_{i in O} [log(2 pi sigma2_ji)
                                                   + (x_i - mu_ji)^2 / sigma2_ji]
        P(j | x)   = exp(log f_j(x) - logsumexp_j log f_j(x))

    A row with no observed indicator gets NaN probabilities. Each row is classified on its
    own: the result for a row does not depend on the other rows. Reproduces mclust's
    ``predict(fit, X)$z`` from the same parameters to within 1e-6.

    A DataFrame must contain the model's indicators (extra columns are ignored); an array's
    columns must be in the model's indicator order.

    >>> model = ProfileModel(labels=("low", "high"), indicators=("x",),
    ...     weights=np.array([0.5, 0.5]), means=np.array([[0.0], [2.0]]),
    ...     variances=np.array([[1.0], [1.0]]), log_likelihood=0.0, bic=0.0,
    ...     n_parameters=5, n_obs=100)
    >>> profile_probabilities(model, [[1.0], [2.0], [np.nan]]).round(4).tolist()
    [[0.5, 0.5], [0.1192, 0.8808], [nan, nan]]

    (at x = 2 the log-density ratio is (2 - 0)^2 / 2 = 2, so P(high) = 1 / (1 + e^-2)).
    """
    log_joint = _log_joint(model, data)
    with np.errstate(invalid="ignore"):
        probabilities = np.exp(log_joint - logsumexp(log_joint, axis=1, keepdims=True))
    return np.asarray(probabilities, dtype=np.float64)


def profile_log_likelihood(model: ProfileModel, data: Data) -> NDArray[np.float64]:
    """Log-likelihood contribution ``log f(x)`` of each row under the model, shape (n,);
    NaN for a row with no observed indicator. Its sum over the fitting data is
    ``model.log_likelihood``."""
    return np.asarray(logsumexp(_log_joint(model, data), axis=1), dtype=np.float64)


def assign_profiles(
    model: ProfileModel, data: Data
) -> tuple[NDArray[np.object_], NDArray[np.float64]]:
    """The most likely profile label for each row, and the (n, k) probabilities.

    A row with no observed indicator gets the label ``None``. Ties go to the earlier profile.

    >>> model = ProfileModel(labels=("low", "high"), indicators=("x",),
    ...     weights=np.array([0.5, 0.5]), means=np.array([[0.0], [2.0]]),
    ...     variances=np.array([[1.0], [1.0]]), log_likelihood=0.0, bic=0.0,
    ...     n_parameters=5, n_obs=100)
    >>> assign_profiles(model, [[-1.0], [3.0], [np.nan]])[0].tolist()
    ['low', 'high', None]
    """
    probabilities = profile_probabilities(model, data)
    labels = np.array(model.labels, dtype=object)
    classified = ~np.isnan(probabilities).any(axis=1)
    assigned = np.full(probabilities.shape[0], None, dtype=object)
    assigned[classified] = labels[np.argmax(probabilities[classified], axis=1)]
    return assigned, probabilities


def compare_profile_counts(
    data: Data,
    ks: Iterable[int] = range(1, 7),
    *,
    seed: int = 0,
    n_init: int = 10,
) -> pd.DataFrame:
    """Fit a model for each number of profiles in ``ks``, for choosing how many to keep.

    One row per ``k``: ``log_likelihood``, ``n_parameters``, ``bic`` (mclust's sign, higher
    is better), ``entropy`` and ``smallest_share`` (the share of rows assigned to the
    smallest profile). Entropy is the relative entropy reported by tidyLPA and Mplus::

        entropy = 1 - sum_i sum_j (-p_ij log p_ij) / (n log k)

    1 means every row is classified with certainty; it is undefined (NaN) for ``k = 1``.

    >>> rng = np.random.default_rng(0)
    >>> x = np.vstack([rng.normal(0, 1, (300, 2)), rng.normal(5, 0.5, (100, 2))])
    >>> table = compare_profile_counts(x, ks=[1, 2, 3])
    >>> int(table["bic"].idxmax())
    2
    """
    rows = []
    for k in ks:
        model = fit_profiles(data, k, seed=seed, n_init=n_init)
        probabilities = profile_probabilities(model, data)
        assigned = np.argmax(probabilities, axis=1)
        rows.append(
            {
                "k": k,
                "log_likelihood": model.log_likelihood,
                "n_parameters": model.n_parameters,
                "bic": model.bic,
                "entropy": relative_entropy(probabilities),
                "smallest_share": np.bincount(assigned, minlength=k).min() / len(assigned),
            }
        )
    if not rows:
        raise ValueError("ks must name at least one number of profiles")
    return pd.DataFrame(rows).set_index("k")


def relative_entropy(probabilities: NDArray[np.float64]) -> float:
    """Relative entropy of a classification, from an (n, k) matrix of membership
    probabilities::

        entropy = 1 - sum_i sum_j (-p_ij log p_ij) / (n log k)

    (Ramaswamy, DeSarbo, Reibstein & Robinson, 1993; as reported by Mplus and tidyLPA).
    1 is a certain classification, 0 is every row split evenly. NaN when k = 1; rows with
    NaN probabilities are left out.

    >>> round(relative_entropy(np.array([[1.0, 0.0], [0.5, 0.5]])), 6)
    0.5
    """
    k = probabilities.shape[1]
    if k < 2:
        return float("nan")
    p = probabilities[~np.isnan(probabilities).any(axis=1)]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, -p * np.log(p), 0.0)
    return float(1 - terms.sum() / (len(p) * np.log(k)))


def _log_joint(model: ProfileModel, data: Data) -> NDArray[np.float64]:
    if isinstance(data, pd.DataFrame):
        missing = [name for name in model.indicators if name not in data.columns]
        if missing:
            raise ValueError(f"data lacks the model's indicator column(s) {missing}")
        data = data[list(model.indicators)]
    matrix, _ = _data_matrix(data, model.indicators)
    return _log_joint_of_parameters(model.weights, model.means, model.variances, matrix)


def _log_joint_of_parameters(
    weights: NDArray[np.float64],
    means: NDArray[np.float64],
    variances: NDArray[np.float64],
    matrix: NDArray[np.float64],
) -> NDArray[np.float64]:
    """log(pi_j) + log f_j(x_i) for every row i and profile j, shape (n, k); rows with no
    observed indicator get NaN."""
    answered = ~np.isnan(matrix)
    observed = answered[:, None, :]
    squared = (matrix[:, None, :] - means[None, :, :]) ** 2 / variances[None, :, :]
    terms = np.where(observed, squared + np.log(2 * np.pi * variances)[None, :, :], 0.0)
    log_joint = np.log(weights)[None, :] - 0.5 * terms.sum(axis=2)
    log_joint[~answered.any(axis=1)] = np.nan
    return np.asarray(log_joint, dtype=np.float64)


def _data_matrix(
    data: Data, indicators: Sequence[str] | None
) -> tuple[NDArray[np.float64], tuple[str, ...]]:
    if isinstance(data, pd.DataFrame) and indicators is None:
        indicators = [str(column) for column in data.columns]
    try:
        matrix = np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError("profile indicators must be numbers (NaN for missing)") from error
    if matrix.ndim != 2 or matrix.shape[0] < 1:
        raise ValueError(
            f"data must be a rows x indicators table (2 dimensions), got shape {matrix.shape}"
        )
    if np.isinf(matrix).any():
        raise ValueError("data contain infinite values; use NaN for a missing indicator")
    names = (
        tuple(indicators)
        if indicators is not None
        else tuple(f"x{i}" for i in range(1, matrix.shape[1] + 1))
    )
    if len(names) != matrix.shape[1]:
        raise ValueError(
            f"expected {len(names)} indicator columns ({', '.join(names)}), got {matrix.shape[1]}"
        )
    return matrix, names


def _frozen_array(values: ArrayLike, name: str) -> NDArray[np.float64]:
    try:
        array = np.array(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be numbers") from error
    array.setflags(write=False)
    return array
