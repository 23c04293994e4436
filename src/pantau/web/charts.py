"""Chart specifications for plotly.js (drawn in the browser from the copy of plotly.js that
ships inside the ``plotly`` Python package; see ``pantau.web.app``). Plain dicts: the page
embeds them as JSON and ``static/pantau.js`` draws them."""

from __future__ import annotations

from collections.abc import Callable, Mapping

SENTIMENT_COLOURS = {"positive": "#2e7d32", "neutral": "#9e9e9e", "negative": "#c62828"}
_ACCENT = "#1565c0"


def _layout(title: str, **extra: object) -> dict:
    return {
        "title": {"text": title, "font": {"size": 15}},
        "margin": {"l": 48, "r": 12, "t": 40, "b": 40},
        "height": 280,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "separators": ",.",
        **extra,
    }


def volume_by_day(by_day: Mapping[str, int], title: str) -> dict:
    return {
        "data": [
            {
                "type": "bar",
                "x": list(by_day),
                "y": list(by_day.values()),
                "marker": {"color": _ACCENT},
                "hovertemplate": "%{x}: %{y}<extra></extra>",
            }
        ],
        "layout": _layout(title, xaxis={"type": "date"}, yaxis={"rangemode": "tozero"}),
    }


def by_platform(counts: Mapping[str, int], title: str) -> dict:
    ordered = sorted(counts.items(), key=lambda kv: kv[1])
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": [n for _, n in ordered],
                "y": [p for p, _ in ordered],
                "marker": {"color": _ACCENT},
                "hovertemplate": "%{y}: %{x}<extra></extra>",
            }
        ],
        "layout": _layout(title, margin={"l": 90, "r": 12, "t": 40, "b": 30}),
    }


def sentiment_by_day(
    days: Mapping[str, Mapping[str, int]], title: str, label: Callable[[str], str]
) -> dict:
    """Stacked daily bars, one series per sentiment; ``label`` names a sentiment."""
    data = []
    for sentiment, colour in SENTIMENT_COLOURS.items():
        data.append(
            {
                "type": "bar",
                "name": label(sentiment),
                "x": list(days),
                "y": [per_day.get(sentiment, 0) for per_day in days.values()],
                "marker": {"color": colour},
            }
        )
    return {
        "data": data,
        "layout": _layout(
            title, barmode="stack", xaxis={"type": "date"}, legend={"orientation": "h", "y": -0.2}
        ),
    }


def grouped_shares(labels: list[str], series: Mapping[str, list[float]], title: str) -> dict:
    """Horizontal grouped bars: one group per label, one bar per series, shares as %."""
    palette = ("#1565c0", "#6d4c41", "#2e7d32")
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": labels,
                "x": [round(100 * v, 2) for v in values],
                "marker": {"color": palette[i % len(palette)]},
                "hovertemplate": "%{y}: %{x}%<extra>" + name + "</extra>",
            }
            for i, (name, values) in enumerate(series.items())
        ],
        "layout": _layout(
            title,
            barmode="group",
            height=max(280, 60 + 60 * len(labels)),
            xaxis={"ticksuffix": "%", "rangemode": "tozero"},
            yaxis={"autorange": "reversed", "automargin": True},
            legend={"orientation": "h"},
        ),
    }


def step_curve(x: list[float], y: list[int], title: str) -> dict:
    """A cumulative count over time (e.g. accounts that have posted, by hours after release)."""
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "line": {"shape": "hv", "color": _ACCENT},
                "x": x,
                "y": y,
                "hovertemplate": "%{x} jam: %{y}<extra></extra>",
            }
        ],
        "layout": _layout(title, xaxis={"rangemode": "tozero"}, yaxis={"rangemode": "tozero"}),
    }
