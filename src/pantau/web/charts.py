"""Chart specifications for plotly.js (drawn in the browser from the copy of plotly.js that
ships inside the ``plotly`` Python package; see ``pantau.web.app``). Plain dicts: the page
embeds them as JSON and ``static/pantau.js`` draws them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from babel.dates import format_datetime

MAX_TICKS = 5  # the labels of a phone-wide chart stay apart
# how dates are written on axes and in hover labels: day before month, as Indonesians write
# them (plotly's own default is "Nov 17 2026" in every language); a tick carries its time on
# the first line and, where it changes, the day (hours) or the year (days) on a second one
_TICK = {"day": ("d MMM", "yyyy"), "hour": ("HH.mm", "d MMM")}
_TICK_EN = {"day": ("d MMM", "yyyy"), "hour": ("HH:mm", "d MMM")}
_HOVER = {"day": "EEE, d MMM yyyy", "hour": "EEE, d MMM yyyy HH.mm"}
_HOVER_EN = {"day": "EEE, d MMM yyyy", "hour": "EEE, d MMM yyyy HH:mm"}

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


def by_platform(counts: Mapping[str, int], title: str, name: Callable[[str], str] = str) -> dict:
    """Horizontal bars, one per platform; ``name`` says a platform's name to a person."""
    ordered = sorted(counts.items(), key=lambda kv: kv[1])
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": [n for _, n in ordered],
                "y": [name(p) for p, _ in ordered],
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


COMMUNITY_COLOURS = (
    "#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037", "#ad1457",
)  # fmt: skip


def network(nodes: list[dict], edges: list[dict], title: str) -> dict:
    """An interaction network drawn from precomputed positions (x, y in 0..1): edges as thin
    lines, accounts as dots coloured by camp and sized by PageRank."""
    where = {n["id"]: (n["x"], n["y"]) for n in nodes}
    xs: list[float | None] = []
    ys: list[float | None] = []
    for e in edges:
        if e["source"] in where and e["target"] in where:
            (x0, y0), (x1, y1) = where[e["source"]], where[e["target"]]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
    top = max((n["pagerank"] for n in nodes), default=0.0) or 1.0
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "x": xs,
                "y": ys,
                "line": {"width": 0.6, "color": "#b0bec5"},
                "hoverinfo": "skip",
            },
            {
                "type": "scatter",
                "mode": "markers",
                "x": [n["x"] for n in nodes],
                "y": [n["y"] for n in nodes],
                "text": [f"@{n['handle']} ({n['platform']})" for n in nodes],
                "hovertemplate": "%{text}<extra></extra>",
                "marker": {
                    "size": [6 + 24 * (n["pagerank"] / top) ** 0.5 for n in nodes],
                    "color": [
                        COMMUNITY_COLOURS[(n["community"] or 0) % len(COMMUNITY_COLOURS)]
                        for n in nodes
                    ],
                    "line": {"width": 0.5, "color": "#fff"},
                },
            },
        ],
        "layout": _layout(
            title,
            height=520,
            showlegend=False,
            xaxis={"visible": False},
            yaxis={"visible": False, "scaleanchor": "x"},
        ),
    }


def localise(figure: dict, lang: str) -> dict:
    """``figure`` with every time axis labelled in ``lang``: tick labels and hover dates are
    written here (``17 Nov``, ``08.00``, ``Sel, 17 Nov 2026``) instead of by plotly in
    English. The
    x values of a time axis are local ISO days or hours (``2026-11-17``, ``2026-11-17
    08:00``); a figure without a time axis comes back as it is."""
    layout = figure.get("layout") or {}
    if (layout.get("xaxis") or {}).get("type") != "date":
        return figure
    traces = [dict(t) for t in figure.get("data") or []]
    moments = sorted({x for t in traces for x in t.get("x") or []})
    try:
        parsed = {x: datetime.fromisoformat(x) for x in moments}
    except (TypeError, ValueError):
        return figure  # not local ISO times: leave plotly's labels
    unit = "hour" if any(len(x) > 10 for x in moments) else "day"
    first, second = (_TICK_EN if lang == "en" else _TICK)[unit]
    hover = (_HOVER_EN if lang == "en" else _HOVER)[unit]
    step = max(1, -(-len(moments) // MAX_TICKS))
    ticks = moments[::step]
    text, before = [], None
    for x in ticks:
        label = format_datetime(parsed[x], first, locale=lang)
        context = format_datetime(parsed[x], second, locale=lang)
        text.append(label if context == before else f"{label}<br>{context}")
        before = context
    for trace in traces:
        trace["customdata"] = [
            format_datetime(parsed[x], hover, locale=lang) for x in trace.get("x") or []
        ]
        template = trace.get("hovertemplate")
        name = trace.get("name")
        trace["hovertemplate"] = (
            template.replace("%{x}", "%{customdata}")
            if template
            else "%{customdata}: %{y}<extra>" + (name or "") + "</extra>"
        )
    xaxis = {
        **layout["xaxis"],
        "tickmode": "array",
        "tickvals": ticks,
        "ticktext": text,
        "tickangle": 0,  # short labels on two lines fit a phone without turning
        "automargin": True,
    }
    return {**figure, "data": traces, "layout": {**layout, "xaxis": xaxis}}
