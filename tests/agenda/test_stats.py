"""Agenda-setting statistics against hand-computed values and against scipy/statsmodels."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as scipy_stats
from statsmodels.tsa.stattools import adfuller, grangercausalitytests

from pantau.agenda.stats import (
    MIN_GRANGER_DAYS,
    average_ranks,
    cross_correlation,
    granger,
    lead_lag,
    make_stationary,
    rank_correlation,
    spearman,
)


def test_average_ranks_share_tied_places() -> None:
    assert average_ranks([10, 20, 20, 5]) == [3.0, 1.5, 1.5, 4.0]
    assert average_ranks([0, 0, 0]) == [2.0, 2.0, 2.0]
    assert average_ranks([3, 1, 2], descending=False) == [3.0, 1.0, 2.0]


def test_spearman_without_ties_matches_the_textbook_formula() -> None:
    x, y = [1, 2, 3, 4, 5], [2, 1, 4, 3, 5]
    # d = rank differences: 1, 1, 1, 1, 0 → Σd² = 4; ρ = 1 − 6·4 / (5·24) = 0.8
    rho, p = spearman(x, y)
    assert rho == pytest.approx(0.8)
    expected = scipy_stats.spearmanr(x, y)
    assert p == pytest.approx(expected.pvalue, rel=1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_spearman_with_ties_equals_scipy(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 5, size=15).tolist()  # many ties
    y = (np.asarray(x) + rng.integers(-2, 3, size=15)).tolist()
    rho, p = spearman(x, y)
    expected = scipy_stats.spearmanr(x, y)
    assert rho == pytest.approx(expected.statistic, abs=1e-12)
    assert p == pytest.approx(expected.pvalue, rel=1e-9)


def test_rank_correlation_shows_ranks_side_by_side_and_explains() -> None:
    result = rank_correlation(
        ["A", "B", "C", "D"],
        ["agenda", "agenda", "isu", "isu"],
        [0.4, 0.3, 0.2, 0.1],
        [0.1, 0.2, 0.3, 0.4],
        "agenda instansi",
        "agenda publik",
    )
    assert result.rho == pytest.approx(-1.0)
    assert [(r.label, r.rank_a, r.rank_b) for r in result.rows] == [
        ("A", 1.0, 4.0),
        ("B", 2.0, 3.0),
        ("C", 3.0, 2.0),
        ("D", 4.0, 1.0),
    ]
    assert "berlawanan arah" in result.explanation
    assert "4 objek" in result.explanation  # small sample warned
    assert "tidak menunjukkan siapa yang memengaruhi" in result.explanation
    # the sentence people read first has no statistics in it
    assert result.plain.startswith("Yang banyak dibicarakan agenda instansi justru")
    assert "ρ" not in result.plain and "p =" not in result.plain and "4 agenda" in result.plain


def test_rank_correlation_with_a_constant_side_is_not_computed() -> None:
    result = rank_correlation(
        ["A", "B", "C"], ["isu"] * 3, [0, 0, 0], [1, 2, 3], "agenda instansi", "agenda publik"
    )
    assert result.rho is None and "tidak dapat dihitung" in result.explanation
    few = rank_correlation(["A", "B"], ["isu"] * 2, [1, 2], [1, 2], "a", "b")
    assert "perlu minimal 3" in few.explanation


def test_cross_correlation_matches_numpy_on_shifted_series() -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=40)
    y = rng.normal(size=40)
    values = {v.lag: v for v in cross_correlation(x.tolist(), y.tolist(), 3)}
    for lag in range(-3, 4):
        xs, ys = (x[: 40 - lag], y[lag:]) if lag >= 0 else (x[-lag:], y[: 40 + lag])
        assert values[lag].n == 40 - abs(lag)
        assert values[lag].r == pytest.approx(np.corrcoef(xs, ys)[0, 1], abs=1e-12)


def test_cross_correlation_finds_a_hand_made_shift() -> None:
    x = [0, 1, 0, 3, 0, 0, 5, 1, 0, 2, 0, 4]
    y = [0, 0, *x[:-2]]  # y repeats x two days later
    values = {v.lag: v.r for v in cross_correlation(x, y, 3)}
    assert values[2] == pytest.approx(1.0)
    assert max(values, key=lambda lag: values[lag] or -1) == 2


def _led_series(days: int, lag: int, seed: int) -> tuple[list[float], list[float]]:
    rng = np.random.default_rng(seed)
    leader = rng.normal(size=days + lag)
    follower = 0.8 * leader[:-lag] + 0.4 * rng.normal(size=days)
    return leader[lag:].tolist(), follower.tolist()


def test_known_lead_is_recovered_in_both_directions() -> None:
    own, public = _led_series(90, 2, seed=11)
    forward = lead_lag(own, public, "instansi", "publik")
    assert forward.cross.best_lag == 2 and (forward.cross.best_r or 0) > 0.6
    assert forward.x_to_y.significant and not forward.y_to_x.significant
    assert any("instansi cenderung diikuti publik 2 hari" in line for line in forward.explanation)
    backward = lead_lag(public, own, "instansi", "publik")
    assert backward.cross.best_lag == -2
    assert backward.y_to_x.significant and not backward.x_to_y.significant
    assert forward.plain.startswith("Perubahan pada instansi cenderung mendahului publik")
    assert backward.plain.startswith("Perubahan pada publik cenderung mendahului instansi")


def test_granger_p_values_equal_statsmodels() -> None:
    own, public = _led_series(60, 1, seed=3)
    result = granger(own, public, "instansi", "publik", max_lag=3)
    direct = grangercausalitytests(np.column_stack([public, own]), maxlag=3)
    assert result.max_lag == 3  # 60 // 10 = 6 allows all 3
    for lag in (1, 2, 3):
        assert result.p_values[lag] == pytest.approx(direct[lag][0]["ssr_ftest"][1], rel=1e-12)
    assert result.p_adjusted == pytest.approx(min(1.0, 3 * min(result.p_values.values())))


def test_stationarity_differences_a_random_walk_only() -> None:
    rng = np.random.default_rng(5)
    noise = rng.normal(size=80)
    walk = np.cumsum(rng.normal(size=80)) + 50
    _, st_noise = make_stationary(noise.tolist(), "publik")
    assert st_noise.differences == 0 and st_noise.stationary
    assert st_noise.adf_p == pytest.approx(adfuller(noise, autolag="AIC", result_object=False)[1])
    diffed, st_walk = make_stationary(walk.tolist(), "instansi")
    assert st_walk.differences >= 1 and len(diffed) == 80 - st_walk.differences
    assert "selisih harian" in st_walk.note


def test_a_week_is_too_short_and_the_explanation_says_so() -> None:
    result = lead_lag([1, 3, 2, 5, 4, 6, 5], [2, 2, 4, 3, 6, 5, 7], "instansi", "publik")
    assert not result.cross.computed
    assert not result.x_to_y.testable and not result.y_to_x.testable
    text = " ".join(result.explanation)
    assert f"perlu minimal {MIN_GRANGER_DAYS} hari" in text
    assert "belum dapat menunjukkan" in text
    assert result.plain.startswith("Data belum cukup panjang") and "Granger" not in result.plain


def test_unrelated_series_are_not_called_causal() -> None:
    rng = np.random.default_rng(21)
    result = lead_lag(rng.normal(size=90).tolist(), rng.normal(size=90).tolist(), "a", "b")
    assert result.x_to_y.testable and not result.x_to_y.significant
    assert not result.y_to_x.significant
    assert "mendahului" not in result.plain  # no claim that one drives the other
