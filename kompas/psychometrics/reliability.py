"""Internal-consistency reliability of a scale: Cronbach's alpha, item-rest correlations and
McDonald's omega total from a one-factor maximum-likelihood model.

Every function takes one scale's items as a respondents x items matrix: a numpy array
(``NaN`` for a missing answer) or a pandas DataFrame. Pass *keyed* items: reverse-keyed items
must already be reversed (on a 1-6 scale, ``7 - x``), because reliability is computed on the
items as given and a reversed item would otherwise pull alpha down.

Missing answers are handled as ``psych::alpha`` does by default (``use="pairwise"``): each
covariance uses the respondents who answered both items. Pass ``use="complete"`` to keep only
respondents who answered every item.

References
----------
Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    Psychometrika, 16(3), 297-334.
McDonald, R. P. (1999). Test theory: A unified treatment. Mahwah, NJ: Erlbaum.
Revelle, W. (2022). psych: Procedures for Psychological, Psychometric, and Personality
    Research (R package 2.2.9): functions ``alpha`` and ``fa``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize

__all__ = [
    "cronbach_alpha",
    "item_correlation",
    "item_covariance",
    "item_rest_correlations",
    "omega_total",
    "one_factor_loadings",
    "reliability_table",
    "standardized_alpha",
]

Items = pd.DataFrame | ArrayLike
Use = Literal["pairwise", "complete"]

# psych::fa(fm="ml") and stats::factanal keep every uniqueness in [0.005, 1].
_LOWEST_UNIQUENESS = 0.005


def item_covariance(items: Items, *, use: Use = "pairwise") -> NDArray[np.float64]:
    """Covariance matrix of the items, as R's ``cov(x, use="pairwise")``.

    With ``use="pairwise"`` the covariance of items i and j uses only the respondents who
    answered both (means included), and a variance uses everyone who answered that item.
    With ``use="complete"`` respondents with any missing answer are dropped first.

    >>> item_covariance([[1, 2], [2, 4], [3, np.nan]]).tolist()
    [[1.0, 1.0], [1.0, 2.0]]
    """
    covariance, _ = _pairwise_moments(_item_matrix(items, minimum_items=1), use=use)
    return covariance


def item_correlation(items: Items, *, use: Use = "pairwise") -> NDArray[np.float64]:
    """Correlation matrix of the items, as R's ``cor(x, use="pairwise")``.

    With ``use="pairwise"`` the correlation of items i and j is the Pearson correlation over
    the respondents who answered both, so it is *not* ``cov2cor`` of the pairwise covariance
    matrix when answers are missing (that one divides by variances over everyone).

    >>> item_correlation([[1, 2], [2, 4], [3, np.nan]]).tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """
    _, correlation = _pairwise_moments(_item_matrix(items, minimum_items=1), use=use)
    return correlation


def cronbach_alpha(items: Items, *, use: Use = "pairwise") -> float:
    """Cronbach's (raw) alpha of one scale's keyed items.

    Formula, with ``k`` items and item covariance matrix ``C``::

        alpha = k / (k - 1) * (1 - trace(C) / sum(C))

    This is ``psych::alpha(x)$total$raw_alpha`` (Cronbach, 1951), including its default
    pairwise handling of missing answers (see :func:`item_covariance`).

    Worked example: three respondents answer two items ``[[1, 2], [2, 3], [3, 5]]``. The item
    variances are 1 and 7/3, their covariance is 3/2, so ``trace(C) = 10/3``,
    ``sum(C) = 10/3 + 3 = 19/3`` and ``alpha = 2 * (1 - 10/19) = 18/19 = 0.947...``.

    >>> round(cronbach_alpha([[1, 2], [2, 3], [3, 5]]), 6)
    0.947368
    """
    covariance = _checked_covariance(items, use=use)
    k = covariance.shape[0]
    return float(k / (k - 1) * (1 - np.trace(covariance) / covariance.sum()))


def standardized_alpha(items: Items, *, use: Use = "pairwise") -> float:
    """Standardized alpha: alpha of the items rescaled to unit variance.

    Formula, with ``k`` items and item correlation matrix ``R``::

        alpha_std = k / (k - 1) * (1 - k / sum(R))

    This is ``psych::alpha(x)$total$std.alpha``.

    >>> round(standardized_alpha([[1, 2], [2, 3], [3, 5]]), 6)
    0.990908
    """
    correlation = _correlation(_checked_covariance(items, use=use))
    k = correlation.shape[0]
    return float(k / (k - 1) * (1 - k / correlation.sum()))


def item_rest_correlations(items: Items, *, use: Use = "pairwise") -> NDArray[np.float64]:
    """Correlation of each item with the sum of the *other* items (corrected item-total r).

    Formula, for item i with item covariance matrix ``C``::

        r_drop[i] = (sum(C[:, i]) - C[i, i]) / sqrt(C[i, i] * sum(C[-i, -i]))

    This is ``psych::alpha(x)$item.stats$r.drop``, computed from the (pairwise) covariance
    matrix as psych does.

    >>> item_rest_correlations([[1, 2], [2, 3], [3, 5]]).round(6)
    array([0.981981, 0.981981])
    """
    covariance = _checked_covariance(items, use=use)
    variances = np.diag(covariance)
    with_rest = covariance.sum(axis=0) - variances
    rest_variance = covariance.sum() - 2 * covariance.sum(axis=0) + variances
    return np.asarray(with_rest / np.sqrt(variances * rest_variance), dtype=np.float64)


def one_factor_loadings(
    items: Items, *, use: Use = "pairwise"
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Standardized loadings and uniquenesses of a one-factor maximum-likelihood model.

    The model ``R = lambda lambda' + diag(psi)`` is fitted to the item correlation matrix
    (:func:`item_correlation`, pairwise by default as in psych) by
    minimising the ML discrepancy ``log|Sigma| + trace(R Sigma^-1) - log|R| - k`` over the
    uniquenesses ``psi`` (bounded to [0.005, 1]), with loadings from the first eigenvector
    of ``psi^-1/2 R psi^-1/2`` (Joreskog, 1967; the algorithm of ``stats::factanal`` and
    ``psych::fa(x, nfactors=1, fm="ml")``). Uniquenesses are reported as ``1 - lambda^2``
    as psych does. Loadings are signed so that their sum is positive.

    Returns ``(loadings, uniquenesses)``, one value per item. Needs at least 3 items: with
    two, a one-factor model is not identified.

    >>> rng = np.random.default_rng(1)
    >>> factor = rng.normal(size=(5000, 1))
    >>> items = factor * [0.8, 0.6, 0.4] + rng.normal(size=(5000, 3)) * [0.6, 0.8, 0.9165]
    >>> one_factor_loadings(items)[0].round(1)
    array([0.8, 0.6, 0.4])
    """
    _checked_covariance(items, use=use, minimum_items=3)
    correlation = item_correlation(items, use=use)
    if not np.isfinite(correlation).all():
        raise ValueError(
            "some pair of items has no variance among the respondents who answered both; "
            'use="complete" or leave one of them out'
        )
    k = correlation.shape[0]
    start = (1 - 0.5 / k) / np.diag(np.linalg.inv(correlation))
    result = minimize(
        _ml_discrepancy,
        np.clip(start, _LOWEST_UNIQUENESS, 1.0),
        args=(correlation,),
        jac=True,
        method="L-BFGS-B",
        bounds=[(_LOWEST_UNIQUENESS, 1.0)] * k,
        options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 1000},
    )
    loadings = _loadings_given_uniquenesses(result.x, correlation)
    if loadings.sum() < 0:
        loadings = -loadings
    return loadings, 1 - loadings**2


def omega_total(items: Items, *, use: Use = "pairwise") -> float:
    """McDonald's omega total from a one-factor maximum-likelihood model.

    Formula, with standardized loadings ``lambda`` and uniquenesses ``psi = 1 - lambda^2``
    from :func:`one_factor_loadings`::

        omega = (sum lambda)^2 / ((sum lambda)^2 + sum psi)

    (McDonald, 1999, ch. 6). We match this formula applied to the loadings of
    ``psych::fa(x, nfactors=1, fm="ml")``; we do *not* match
    ``psych::omega(x, nfactors=1)$omega.tot``, which uses minres loadings and divides by the
    sum of the observed correlation matrix (the two usually agree to about 1e-3).

    Worked example: three items that each load 0.6 give ``(1.8)^2 = 3.24`` and
    ``sum psi = 3 * 0.64 = 1.92``, so ``omega = 3.24 / 5.16 = 0.628`` (equal to alpha here,
    because the items are parallel).

    >>> rng = np.random.default_rng(2)
    >>> items = rng.normal(size=(20000, 1)) * 0.6 + rng.normal(size=(20000, 3)) * 0.8
    >>> round(omega_total(items), 1)
    0.6
    """
    loadings, uniquenesses = one_factor_loadings(items, use=use)
    common = loadings.sum() ** 2
    return float(common / (common + uniquenesses.sum()))


def reliability_table(scales: Mapping[str, Items], *, use: Use = "pairwise") -> pd.DataFrame:
    """One row per scale: ``n_items``, ``alpha``, ``omega`` and ``min_item_rest_r``.

    ``scales`` maps a scale name to that scale's keyed items. Omega needs at least three
    items; for a two-item scale it is reported as NaN.

    >>> rng = np.random.default_rng(3)
    >>> trait = rng.normal(size=(500, 1))
    >>> table = reliability_table({"a": trait + rng.normal(size=(500, 4))})
    >>> list(table.columns)
    ['n_items', 'alpha', 'omega', 'min_item_rest_r']
    """
    if not scales:
        raise ValueError("reliability_table needs at least one scale")
    rows = []
    for name, items in scales.items():
        matrix = _item_matrix(items, minimum_items=2)
        n_items = matrix.shape[1]
        rows.append(
            {
                "scale": name,
                "n_items": n_items,
                "alpha": cronbach_alpha(matrix, use=use),
                "omega": omega_total(matrix, use=use) if n_items >= 3 else float("nan"),
                "min_item_rest_r": float(item_rest_correlations(matrix, use=use).min()),
            }
        )
    return pd.DataFrame(rows).set_index("scale")


def _item_matrix(items: Items, *, minimum_items: int) -> NDArray[np.float64]:
    try:
        matrix = np.asarray(items, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(
            "items must be numbers (NaN for a missing answer); convert text answers first"
        ) from error
    if matrix.ndim != 2:
        raise ValueError(
            f"items must be a respondents x items table (2 dimensions), got {matrix.ndim}"
        )
    if matrix.shape[1] < minimum_items:
        raise ValueError(f"need at least {minimum_items} items, got {matrix.shape[1]}")
    if np.isinf(matrix).any():
        raise ValueError("items contain infinite values; use NaN for a missing answer")
    return matrix


def _checked_covariance(items: Items, *, use: Use, minimum_items: int = 2) -> NDArray[np.float64]:
    covariance = item_covariance(_item_matrix(items, minimum_items=minimum_items), use=use)
    constant = np.flatnonzero(np.diag(covariance) <= 0)
    if constant.size:
        names = (
            [str(items.columns[int(i)]) for i in constant]
            if isinstance(items, pd.DataFrame)
            else [str(i) for i in constant]
        )
        raise ValueError(
            f"item(s) {', '.join(names)} have no variance (everyone gave the same answer); "
            "leave them out of the scale"
        )
    return covariance


def _pairwise_moments(
    matrix: NDArray[np.float64], *, use: Use
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Pairwise-complete covariance and correlation matrices (R's use="pairwise")."""
    if use == "complete":
        matrix = matrix[~np.isnan(matrix).any(axis=1)]
    elif use != "pairwise":
        raise ValueError(f'use must be "pairwise" or "complete", not {use!r}')
    observed = (~np.isnan(matrix)).astype(np.float64)
    pair_counts = observed.T @ observed
    if (pair_counts < 2).any():
        i, j = np.argwhere(pair_counts < 2)[0]
        raise ValueError(
            f"items {i} and {j} were answered together by fewer than 2 respondents; "
            "a covariance needs at least 2"
        )
    # Centring first changes no covariance and keeps the sums below free of cancellation.
    centred = np.where(observed > 0, matrix - np.nanmean(matrix, axis=0), 0.0)
    # sums[i, j] and squares[i, j]: sums of item i and of its square over the respondents
    # who also answered item j.
    sums = centred.T @ observed
    squares = (centred**2).T @ observed
    covariance = (centred.T @ centred - sums * sums.T / pair_counts) / (pair_counts - 1)
    paired_variances = (squares - sums**2 / pair_counts) / (pair_counts - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        correlation = covariance / np.sqrt(paired_variances * paired_variances.T)
    np.fill_diagonal(correlation, 1.0)
    return np.asarray(covariance, np.float64), np.asarray(correlation, np.float64)


def _correlation(covariance: NDArray[np.float64]) -> NDArray[np.float64]:
    scale = 1 / np.sqrt(np.diag(covariance))
    return np.asarray(covariance * np.outer(scale, scale), dtype=np.float64)


def _loadings_given_uniquenesses(
    uniquenesses: NDArray[np.float64], correlation: NDArray[np.float64]
) -> NDArray[np.float64]:
    root = np.sqrt(uniquenesses)
    values, vectors = np.linalg.eigh(correlation / np.outer(root, root))
    return np.asarray(root * vectors[:, -1] * np.sqrt(max(values[-1] - 1, 0.0)), np.float64)


def _ml_discrepancy(
    uniquenesses: NDArray[np.float64], correlation: NDArray[np.float64]
) -> tuple[float, NDArray[np.float64]]:
    """The ML discrepancy profiled over the loadings, and its gradient (stats::factanal)."""
    root = np.sqrt(uniquenesses)
    values = np.linalg.eigvalsh(correlation / np.outer(root, root))[:-1]
    discrepancy = -float(np.sum(np.log(values) - values) - 1 + correlation.shape[0])
    loadings = _loadings_given_uniquenesses(uniquenesses, correlation)
    residual = loadings**2 + uniquenesses - np.diag(correlation)
    return discrepancy, residual / uniquenesses**2
