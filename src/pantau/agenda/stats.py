"""Agenda-setting statistics with plain-language explanations in Bahasa Indonesia.

**Rank-order correlation** (McCombs & Shaw): objects (agenda items and issues) are ranked by
their salience in two arenas and Spearman's ρ is computed as Pearson's correlation of the
ranks; ties get the average of the ranks they span, so ρ equals ``scipy.stats.spearmanr``.
The p-value uses the t approximation with n − 2 degrees of freedom (scipy's default). It
needs at least ``MIN_RANK_OBJECTS`` objects; below ``SMALL_RANK_OBJECTS`` the explanation
warns that one object moving changes ρ a lot.

**Cross-lagged correlation** of two daily series x (e.g. the institution) and y (the public):
r(lag) = Pearson correlation of x[t] and y[t + lag] for lag in −k..k over the overlapping
days. A peak at a positive lag means x moves first. Only lags with at least
``MIN_LAG_OVERLAP`` overlapping days are computed; the whole analysis needs
``MIN_XCORR_DAYS`` days. The rough chance band is ±2/√n.

**Stationarity**: the augmented Dickey-Fuller test (``statsmodels.adfuller``, H0: unit root)
decides; a series it does not call stationary (p ≥ 0.05) is differenced, up to twice. KPSS
(H0: stationary) is reported beside it. Needs ``MIN_STATIONARITY_DAYS`` days.

**Granger causality** in both directions with ``statsmodels.grangercausalitytests`` (SSR F
test) on the stationary series for lags 1..k; the smallest p-value is Bonferroni-adjusted for
the k lags tried. It needs ``MIN_GRANGER_DAYS`` days after differencing, and k is at most
n // 10. "x Granger-causes y" means x's past improves the prediction of y beyond y's own
past; the explanations say it is not proof of cause and effect.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from babel.numbers import format_decimal

from pantau.locale import current_language

# SciPy's statistics and statsmodels are imported inside the functions that use them, not when
# the CLI starts (they take a second to load).


def preload() -> None:
    """Import SciPy's statistics and statsmodels now: the dashboard does it in the background
    when it starts, so the first agenda analysis a person opens does not wait for them."""
    import scipy.stats  # noqa: F401
    import statsmodels.tsa.stattools  # noqa: F401


ALPHA = 0.05
MIN_RANK_OBJECTS = 3
SMALL_RANK_OBJECTS = 10
MIN_XCORR_DAYS = 10
MIN_LAG_OVERLAP = 5
MIN_STATIONARITY_DAYS = 20
MIN_GRANGER_DAYS = 30
MAX_LAG = 7
MAX_DIFFERENCES = 2


def _num(value: float, digits: int = 2) -> str:
    return format_decimal(value, format="0." + "0" * digits, locale=current_language())


def _p(value: float) -> str:
    return "< 0,001" if value < 0.001 else "= " + _num(value, 3)


def _strength(r: float) -> str:
    a = abs(r)
    if a < 0.2:
        return "sangat lemah"
    if a < 0.4:
        return "lemah"
    if a < 0.6:
        return "sedang"
    if a < 0.8:
        return "kuat"
    return "sangat kuat"


# --- rank-order correlation -----------------------------------------------------------------


def average_ranks(values: Sequence[float], descending: bool = True) -> list[float]:
    """Rank 1 for the largest value (``descending``); tied values share the average rank."""
    order = sorted(range(len(values)), key=lambda i: -values[i] if descending else values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        shared = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = shared
        i = j + 1
    return ranks


def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Pearson's r, or None when either side is constant or fewer than 2 values."""
    if len(x) != len(y) or len(x) < 2:
        return None
    mx, my = sum(x) / len(x), sum(y) / len(y)
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx <= 0 or syy <= 0:
        return None
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def spearman(x: Sequence[float], y: Sequence[float]) -> tuple[float | None, float | None]:
    """(ρ, two-sided p) with average ranks for ties; (None, None) when undefined."""
    rho = pearson(average_ranks(x), average_ranks(y))
    n = len(x)
    if rho is None or n < MIN_RANK_OBJECTS:
        return rho, None
    if abs(rho) >= 1.0:
        return rho, 0.0
    t = rho * math.sqrt((n - 2) / (1 - rho * rho))
    from scipy import stats as scipy_stats

    return rho, float(2 * scipy_stats.t.sf(abs(t), n - 2))


@dataclass(slots=True)
class RankRow:
    label: str
    kind: str  # agenda, isu
    value_a: float
    value_b: float
    rank_a: float
    rank_b: float


@dataclass(slots=True)
class RankCorrelation:
    """Spearman's ρ between two agendas, with the ranks side by side."""

    name_a: str
    name_b: str
    n: int
    rho: float | None
    p_value: float | None
    rows: list[RankRow] = field(default_factory=list)
    explanation: str = ""
    plain: str = ""  # one sentence without statistics, for people to read first


def rank_correlation(
    labels: Sequence[str],
    kinds: Sequence[str],
    a: Sequence[float],
    b: Sequence[float],
    name_a: str,
    name_b: str,
) -> RankCorrelation:
    """Spearman's ρ between salience ``a`` and ``b`` of the same objects, explained."""
    rho, p = spearman(a, b) if len(a) >= 2 else (None, None)
    ranks_a, ranks_b = average_ranks(a), average_ranks(b)
    rows = [
        RankRow(label, kind, va, vb, ra, rb)
        for label, kind, va, vb, ra, rb in zip(labels, kinds, a, b, ranks_a, ranks_b, strict=True)
    ]
    rows.sort(key=lambda r: (r.rank_a, r.rank_b, r.label))
    result = RankCorrelation(name_a, name_b, len(a), rho, p, rows)
    result.explanation = _explain_rank(result)
    result.plain = _plain_rank(result)
    return result


def _plain_rank(r: RankCorrelation) -> str:
    if r.n < MIN_RANK_OBJECTS or r.rho is None:
        return f"Belum bisa dinilai apakah {r.name_a} dan {r.name_b} memperhatikan hal yang sama."
    related = r.p_value is not None and r.p_value < ALPHA and abs(r.rho) >= 0.2
    if related and r.rho > 0:
        text = f"Yang banyak dibicarakan {r.name_a} juga cenderung banyak dibicarakan {r.name_b}."
    elif related:
        text = (
            f"Yang banyak dibicarakan {r.name_a} justru cenderung sedikit dibicarakan "
            f"{r.name_b}, dan sebaliknya."
        )
    else:
        text = f"Apa yang ramai di {r.name_a} belum tampak sejalan dengan {r.name_b}."
    if r.n < SMALL_RANK_OBJECTS:
        text = text[:-1] + f" (baru {r.n} agenda dan isu: anggap petunjuk, bukan kesimpulan)."
    return text


def _explain_rank(r: RankCorrelation) -> str:
    if r.n < MIN_RANK_OBJECTS:
        return (
            f"Korelasi peringkat antara {r.name_a} dan {r.name_b} tidak dihitung: hanya {r.n} "
            f"objek, perlu minimal {MIN_RANK_OBJECTS}. Tambahkan agenda atau perpanjang periode."
        )
    if r.rho is None:
        return (
            f"Korelasi peringkat antara {r.name_a} dan {r.name_b} tidak dapat dihitung karena "
            "semua objek bernilai sama di salah satu sisi (misalnya semuanya nol)."
        )
    direction = "searah" if r.rho > 0 else "berlawanan arah"
    text = (
        f"Korelasi peringkat Spearman antara {r.name_a} dan {r.name_b}: ρ = {_num(r.rho)} "
        f"(n = {r.n} objek, p {_p(r.p_value or 0.0)}). Urutan perhatian keduanya "
        f"{direction} dengan kekuatan {_strength(r.rho)}"
    )
    if r.p_value is not None and r.p_value < ALPHA:
        text += "; keterkaitan ini kecil kemungkinannya terjadi kebetulan (p < 0,05)."
    else:
        text += "; keterkaitan ini belum dapat dibedakan dari kebetulan (p ≥ 0,05)."
    if r.n < SMALL_RANK_OBJECTS:
        text += (
            f" Dengan hanya {r.n} objek, satu objek yang berpindah peringkat dapat mengubah ρ "
            "cukup banyak, jadi baca angka ini sebagai petunjuk, bukan kesimpulan."
        )
    text += (
        " Korelasi peringkat tidak menunjukkan siapa yang memengaruhi siapa; untuk urutan "
        "waktu lihat korelasi silang dan uji Granger."
    )
    return text


# --- cross-lagged correlation ---------------------------------------------------------------


@dataclass(slots=True)
class LagValue:
    lag: int
    r: float | None
    n: int


@dataclass(slots=True)
class CrossCorrelation:
    """r(lag) = corr(x[t], y[t + lag]); a positive best lag means x moves first."""

    n: int
    lags: list[LagValue] = field(default_factory=list)
    best_lag: int | None = None
    best_r: float | None = None
    chance_band: float | None = None
    computed: bool = False


def cross_correlation(x: Sequence[float], y: Sequence[float], max_lag: int) -> list[LagValue]:
    """Pearson r of x[t] and y[t + lag] for lag = −max_lag..max_lag (None: too little overlap
    or a constant side)."""
    if len(x) != len(y):
        raise ValueError("series of different lengths")
    n = len(x)
    found = []
    for lag in range(-max_lag, max_lag + 1):
        if lag >= 0:
            xs, ys = x[: n - lag], y[lag:]
        else:
            xs, ys = x[-lag:], y[: n + lag]
        overlap = len(xs)
        r = pearson(list(xs), list(ys)) if overlap >= MIN_LAG_OVERLAP else None
        found.append(LagValue(lag, r, overlap))
    return found


def lagged(x: Sequence[float], y: Sequence[float], max_lag: int) -> CrossCorrelation:
    result = CrossCorrelation(n=len(x))
    if len(x) < MIN_XCORR_DAYS:
        return result
    result.computed = True
    result.lags = cross_correlation(x, y, max_lag)
    result.chance_band = 2 / math.sqrt(len(x))
    valued = [v for v in result.lags if v.r is not None]
    if valued:
        best = max(valued, key=lambda v: (abs(v.r or 0.0), -abs(v.lag)))
        result.best_lag, result.best_r = best.lag, best.r
    return result


# --- stationarity ---------------------------------------------------------------------------


@dataclass(slots=True)
class Stationarity:
    """What was done to make a series stationary; ``differences``: times differenced."""

    testable: bool
    stationary: bool = False
    differences: int = 0
    adf_p: float | None = None
    kpss_p: float | None = None
    note: str = ""


def _adf_p(series: np.ndarray) -> float | None:
    if np.ptp(series) == 0:
        return None
    from statsmodels.tsa.stattools import adfuller  # imported late: slow to import

    try:
        return float(_quiet(lambda: adfuller(series, autolag="AIC", result_object=False))[1])
    except (ValueError, np.linalg.LinAlgError):
        return None


def _kpss_p(series: np.ndarray) -> float | None:
    if np.ptp(series) == 0:
        return None
    from statsmodels.tsa.stattools import kpss

    try:
        return float(
            _quiet(lambda: kpss(series, regression="c", nlags="auto", result_object=False))[1]
        )
    except (ValueError, np.linalg.LinAlgError):
        return None


def _quiet(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call()


def make_stationary(series: Sequence[float], name: str) -> tuple[np.ndarray, Stationarity]:
    """The series differenced until ADF calls it stationary (at most twice)."""
    values = np.asarray(series, dtype=float)
    if len(values) < MIN_STATIONARITY_DAYS:
        return values, Stationarity(
            testable=False,
            note=(
                f"Kestasioneran deret {name} tidak diuji: hanya {len(values)} hari, perlu "
                f"minimal {MIN_STATIONARITY_DAYS}."
            ),
        )
    result = Stationarity(testable=True)
    for differences in range(MAX_DIFFERENCES + 1):
        adf = _adf_p(values)
        if adf is None:
            result.note = (
                f"Deret {name} bernilai tetap atau terlalu sedikit variasinya sehingga "
                "kestasioneran tidak dapat diuji."
            )
            result.testable = False
            return values, result
        result.adf_p, result.kpss_p, result.differences = adf, _kpss_p(values), differences
        if adf < ALPHA:
            result.stationary = True
            break
        if differences < MAX_DIFFERENCES:
            values = np.diff(values)
    if result.stationary and result.differences == 0:
        result.note = f"Deret {name} stasioner (uji ADF p {_p(result.adf_p or 0.0)})."
    elif result.stationary:
        result.note = (
            f"Deret {name} tidak stasioner, jadi dipakai selisih hariannya "
            f"({result.differences}× diferensiasi; ADF p {_p(result.adf_p or 0.0)})."
        )
    else:
        result.note = (
            f"Deret {name} tetap tidak stasioner setelah {MAX_DIFFERENCES}× diferensiasi "
            f"(ADF p {_p(result.adf_p or 0.0)}); hasil uji Granger perlu dibaca dengan hati-hati."
        )
    if result.kpss_p is not None and result.kpss_p < ALPHA and result.stationary:
        result.note += " Uji KPSS meragukan kestasioneran ini (p < 0,05)."
    return values, result


# --- Granger causality ----------------------------------------------------------------------


@dataclass(slots=True)
class GrangerResult:
    """Does ``cause`` help predict ``effect``? ``p_values``: SSR F-test per lag."""

    cause: str
    effect: str
    testable: bool
    max_lag: int = 0
    p_values: dict[int, float] = field(default_factory=dict)
    best_lag: int | None = None
    p_min: float | None = None
    p_adjusted: float | None = None
    significant: bool = False
    reason: str = ""


def granger(
    cause: Sequence[float] | np.ndarray,
    effect: Sequence[float] | np.ndarray,
    cause_name: str,
    effect_name: str,
    max_lag: int,
) -> GrangerResult:
    """Granger test of ``cause`` → ``effect`` on already stationary series."""
    n = len(cause)
    result = GrangerResult(cause_name, effect_name, testable=False)
    if n < MIN_GRANGER_DAYS:
        result.reason = f"hanya {n} hari data; perlu minimal {MIN_GRANGER_DAYS} hari"
        return result
    lags = max(1, min(max_lag, n // 10))
    data = np.column_stack([np.asarray(effect, float), np.asarray(cause, float)])
    if np.ptp(data[:, 0]) == 0 or np.ptp(data[:, 1]) == 0:
        result.reason = "salah satu deret bernilai tetap"
        return result
    from statsmodels.tools.sm_exceptions import InfeasibleTestError
    from statsmodels.tsa.stattools import grangercausalitytests

    try:
        tests = _quiet(lambda: grangercausalitytests(data, maxlag=lags))
    except InfeasibleTestError:
        result.reason = "deret terlalu sedikit variasinya sehingga model cocok sempurna"
        return result
    except (ValueError, np.linalg.LinAlgError):
        result.reason = "uji tidak dapat dihitung dari deret ini"
        return result
    result.testable, result.max_lag = True, lags
    result.p_values = {lag: float(tests[lag][0]["ssr_ftest"][1]) for lag in sorted(tests)}
    result.best_lag = min(result.p_values, key=lambda lag: (result.p_values[lag], lag))
    result.p_min = result.p_values[result.best_lag]
    result.p_adjusted = min(1.0, result.p_min * lags)
    result.significant = result.p_adjusted < ALPHA
    return result


# --- both together --------------------------------------------------------------------------


@dataclass(slots=True)
class LeadLag:
    """Which of two daily series moves first, with every caveat spelled out."""

    name_x: str
    name_y: str
    days: int
    cross: CrossCorrelation
    stationarity_x: Stationarity
    stationarity_y: Stationarity
    x_to_y: GrangerResult
    y_to_x: GrangerResult
    explanation: list[str] = field(default_factory=list)
    plain: str = ""  # one sentence without statistics, for people to read first


def lead_lag(
    x: Sequence[float], y: Sequence[float], name_x: str, name_y: str, max_lag: int = MAX_LAG
) -> LeadLag:
    """Cross-lagged correlation, stationarity and Granger in both directions, explained."""
    if len(x) != len(y):
        raise ValueError("series of different lengths")
    sx, st_x = make_stationary(x, name_x)
    sy, st_y = make_stationary(y, name_y)
    # Differencing can leave the two series with different lengths: align their ends.
    n = min(len(sx), len(sy))
    sx, sy = sx[len(sx) - n :], sy[len(sy) - n :]
    cross = lagged(list(sx), list(sy), min(max_lag, max(1, len(x) // 3)))
    x_to_y = granger(sx, sy, name_x, name_y, max_lag)
    y_to_x = granger(sy, sx, name_y, name_x, max_lag)
    result = LeadLag(name_x, name_y, len(x), cross, st_x, st_y, x_to_y, y_to_x)
    result.explanation = _explain_lead_lag(result)
    result.plain = _plain_lead_lag(result)
    return result


def _plain_lead_lag(r: LeadLag) -> str:
    for g in (r.x_to_y, r.y_to_x):
        if g.testable and g.significant:
            return (
                f"Perubahan pada {g.cause} cenderung mendahului {g.effect}: "
                f"{g.cause} tampaknya ikut menggerakkan {g.effect} (bukan bukti sebab-akibat)."
            )
    c = r.cross
    band = c.chance_band or 0.0
    if c.computed and c.best_lag and c.best_r is not None and abs(c.best_r) >= band:
        first, then = (r.name_x, r.name_y) if c.best_lag > 0 else (r.name_y, r.name_x)
        return (
            f"{first.capitalize()} cenderung bergerak lebih dulu; {then} menyusul sekitar "
            f"{_days(c.best_lag)} kemudian (belum tentu sebab-akibat)."
        )
    if not (r.x_to_y.testable or r.y_to_x.testable):
        return (
            f"Data belum cukup panjang untuk menilai apakah {r.name_x} menggerakkan {r.name_y} "
            "atau sebaliknya."
        )
    return f"Tidak tampak siapa yang bergerak lebih dulu antara {r.name_x} dan {r.name_y}."


def _days(lag: int) -> str:
    return f"{abs(lag)} hari"


def _explain_lead_lag(r: LeadLag) -> list[str]:
    lines: list[str] = []
    c = r.cross
    if not c.computed:
        lines.append(
            f"Korelasi silang tidak dihitung: hanya {r.days} hari data, perlu minimal "
            f"{MIN_XCORR_DAYS} hari agar pola jeda waktu dapat dibaca."
        )
    elif c.best_lag is None or c.best_r is None:
        lines.append(
            "Korelasi silang tidak dapat dihitung karena salah satu deret tidak bervariasi."
        )
    else:
        band = c.chance_band or 0.0
        if abs(c.best_r) < band:
            lines.append(
                f"Korelasi silang tertinggi hanya r = {_num(c.best_r)} "
                f"(jeda {c.best_lag:+d} hari), di dalam batas kebetulan ±{_num(band)}: "
                "tidak tampak pola siapa yang bergerak lebih dulu."
            )
        elif c.best_lag > 0:
            lines.append(
                f"Korelasi silang tertinggi pada jeda +{_days(c.best_lag)} (r = {_num(c.best_r)}, "
                f"batas kebetulan ±{_num(band)}): perubahan {r.name_x} cenderung diikuti "
                f"{r.name_y} {_days(c.best_lag)} kemudian."
            )
        elif c.best_lag < 0:
            lines.append(
                f"Korelasi silang tertinggi pada jeda {c.best_lag:+d} hari (r = {_num(c.best_r)}, "
                f"batas kebetulan ±{_num(band)}): {r.name_y} cenderung bergerak lebih dulu, "
                f"{r.name_x} menyusul {_days(c.best_lag)} kemudian."
            )
        else:
            lines.append(
                f"Korelasi silang tertinggi pada hari yang sama (r = {_num(c.best_r)}): keduanya "
                "naik-turun bersamaan, sehingga data harian tidak dapat menunjukkan siapa yang "
                "lebih dulu."
            )
    for note in (r.stationarity_x.note, r.stationarity_y.note):
        if note:
            lines.append(note)
    for g in (r.x_to_y, r.y_to_x):
        if not g.testable:
            lines.append(f"Uji Granger {g.cause} → {g.effect} tidak dilakukan: {g.reason}.")
            continue
        verdict = (
            f"masa lalu {g.cause} membantu memprediksi {g.effect} (kausalitas Granger)"
            if g.significant
            else f"tidak ada bukti bahwa masa lalu {g.cause} membantu memprediksi {g.effect}"
        )
        lines.append(
            f"Uji Granger {g.cause} → {g.effect} (jeda 1–{g.max_lag} hari): p terkecil "
            f"{_p(g.p_min or 0.0)} pada jeda {g.best_lag} hari, setelah koreksi untuk "
            f"{g.max_lag} jeda yang dicoba p {_p(g.p_adjusted or 0.0)}; {verdict}."
        )
    if not (r.x_to_y.testable or r.y_to_x.testable):
        lines.append(
            "Karena itu data ini belum dapat menunjukkan apakah instansi menggerakkan perhatian "
            "publik atau sebaliknya; perpanjang periode analisis (idealnya 60–90 hari)."
        )
    else:
        lines.append(
            "Kausalitas Granger hanya berarti kemampuan memprediksi, bukan bukti sebab-akibat: "
            "peristiwa ketiga (misalnya berita besar) dapat menggerakkan keduanya."
        )
    return lines
