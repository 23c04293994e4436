"""Chart specifications: time axes labelled in the page's language by ``charts.localise``."""

from __future__ import annotations

from pantau.web import charts


def _days(*days: str) -> dict:
    return charts.volume_by_day(dict.fromkeys(days, 1), "Volume")


def test_days_get_indonesian_month_names_and_the_year_once() -> None:
    spec = charts.localise(_days("2026-05-30", "2026-05-31", "2026-06-01"), "id")
    axis = spec["layout"]["xaxis"]
    assert axis["ticktext"] == ["30 Mei<br>2026", "31 Mei", "1 Jun"]
    assert spec["data"][0]["customdata"][0] == "Sab, 30 Mei 2026"
    english = charts.localise(_days("2026-05-30"), "en")
    assert english["layout"]["xaxis"]["ticktext"] == ["30 May<br>2026"]
    assert english["data"][0]["customdata"] == ["Sat, 30 May 2026"]


def test_a_new_year_is_written_where_it_starts_and_ticks_are_few() -> None:
    days = [f"2026-12-{d:02d}" for d in range(20, 32)] + [f"2027-01-{d:02d}" for d in (1, 2)]
    axis = charts.localise(_days(*days), "id")["layout"]["xaxis"]
    assert len(axis["tickvals"]) <= charts.MAX_TICKS
    assert axis["ticktext"][0] == "20 Des<br>2026"
    assert sum(t.endswith("<br>2027") for t in axis["ticktext"]) == 1


def test_hours_and_stacked_series_get_hover_dates() -> None:
    hours = {"2026-08-17 08:00": {"positive": 2}, "2026-08-17 09:00": {"negative": 1}}
    spec = charts.localise(charts.sentiment_by_day(hours, "Sentimen", str.upper), "id")
    assert spec["layout"]["xaxis"]["ticktext"] == ["08.00<br>17 Agu", "09.00"]
    first = spec["data"][0]
    assert first["customdata"][0] == "Sen, 17 Agu 2026 08.00"
    assert first["hovertemplate"] == "%{customdata}: %{y}<extra>POSITIVE</extra>"


def test_figures_without_a_time_axis_are_left_alone() -> None:
    spec = charts.by_platform({"x": 3}, "Platform")
    assert charts.localise(spec, "id") is spec
