"""Alert rules: what each kind watches, its parameters, and detection.

Detection reads only small, pre-aggregated tables (hourly rollups, issues seen recently, claim
counts of recent posts, per-platform last activity), so evaluating every rule after a pipeline
run stays well under a second. Each detected thing carries a dedup key; the key decides how
often a rule can speak about the same thing:

- ``issue``: ``r<rule>:issue:<id>:<priority>`` — once per priority level an issue reaches;
- ``volume_spike`` / ``negative_surge``: ``…:<topic>:<local date>`` — once per topic per day;
- ``hoax``: ``…:claim:<id>:<local date>`` and ``…:issue:<id>`` (an issue carrying a known hoax);
- ``coordination``: ``…:<local date>:<hash of the members>``;
- ``source_silent``: ``…:platform:<name>:<last activity>`` — once per silence.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import Engine

from pantau.errors import PantauError
from pantau.locale import fmt_datetime, fmt_int, to_local
from pantau.monitor.assess import PRIORITIES
from pantau.network.coordination import workspace_coordination
from pantau.records import Workspace
from pantau.store import alerts as store

KINDS = ("issue", "volume_spike", "negative_surge", "hoax", "coordination", "source_silent")
KIND_LABELS = {
    "issue": "isu baru/naik prioritas",
    "volume_spike": "lonjakan volume topik",
    "negative_surge": "lonjakan sentimen negatif",
    "hoax": "hoaks yang dikenal beredar",
    "coordination": "indikasi kampanye terkoordinasi",
    "source_silent": "sumber data diam",
}
DEFAULTS: dict[str, dict[str, object]] = {
    "issue": {"min_priority": "perlu perhatian", "max_age_hours": 48},
    "volume_spike": {
        "topic_id": None,
        "window_hours": 3,
        "baseline_hours": 72,
        "factor": 3.0,
        "min_posts": 30,
    },
    "negative_surge": {
        "topic_id": None,
        "window_hours": 3,
        "baseline_hours": 72,
        "min_share": 0.5,
        "min_rise": 0.15,
        "min_negative": 20,
    },
    "hoax": {"window_hours": 24, "min_posts": 3},
    "coordination": {"window_hours": 6, "min_score": 0.3, "min_members": 3},
    "source_silent": {"silent_hours": 6, "lookback_days": 3},
}
# Kinds whose answer changes with the clock alone (checked by the scheduler every minute).
CLOCK_KINDS = ("source_silent",)
_CLOSED = ("selesai", "diabaikan")


def check_params(kind: str, params: Mapping[str, object]) -> dict:
    """The rule's parameters with defaults filled in; unknown names and bad values refused."""
    if kind not in KINDS:
        raise PantauError(f"jenis aturan tidak dikenal: {kind!r} (pilih {', '.join(KINDS)})")
    defaults = DEFAULTS[kind]
    unknown = set(params) - set(defaults)
    if unknown:
        raise PantauError(
            f"parameter tidak dikenal untuk aturan {kind}: {', '.join(sorted(unknown))}"
        )
    out = dict(defaults)
    for key, value in params.items():
        if value is None:
            continue
        if key == "min_priority":
            cleaned = str(value).strip().lower().replace("_", " ")
            if cleaned not in PRIORITIES:
                raise PantauError(
                    f"prioritas tidak dikenal: {value!r} (pilih {', '.join(PRIORITIES)})"
                )
            out[key] = cleaned
        elif key == "topic_id":
            out[key] = int(value)  # type: ignore[call-overload]  # params come from JSON: int() raising is the check
        else:
            number = float(value)  # type: ignore[arg-type]  # params come from JSON: float() raising is the check
            if number <= 0 and key != "min_score":
                raise PantauError(f"{key} harus lebih dari 0")
            out[key] = int(number) if isinstance(defaults[key], int) else number
    return out


@dataclass(slots=True)
class Detected:
    dedup_key: str
    kind: str
    title: str
    body: str
    urgent: bool = False
    link: str | None = None
    details: dict = field(default_factory=dict)
    # (title, body) made on demand: detectors that see many already-alerted things (issues)
    # leave title and body empty and format only the ones that turn out to be new
    compose: Callable[[], tuple[str, str]] | None = None

    def texts(self) -> tuple[str, str]:
        return self.compose() if self.compose is not None else (self.title, self.body)


@dataclass(frozen=True, slots=True)
class Context:
    """What every detector needs: the workspace, the clock, the newest data, the dashboard."""

    engine: Engine
    workspace: Workspace
    now: datetime  # naive UTC wall clock (quiet hours, silence)
    data_end: datetime | None  # end of the newest rolled-up hour, at most ``now``
    dashboard_url: str | None

    def local_day(self, at: datetime) -> str:
        return to_local(at, self.workspace.timezone).date().isoformat()

    def when(self, at: datetime) -> str:
        return fmt_datetime(at, self.workspace.timezone, "id")

    def issue_link(self, issue_id: int) -> str | None:
        if not self.dashboard_url:
            return None
        return f"{self.dashboard_url.rstrip('/')}/w/{self.workspace.slug}/isu/{issue_id}"


def _n(value: object) -> str:
    return fmt_int(value, "id")  # type: ignore[arg-type]  # counts from checked params are numbers


def _pct(share: float) -> str:
    return f"{_n(round(100 * share))}%"


def _ratio(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")


def _decimal(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def detect(ctx: Context, rule: Mapping[str, object], cache: dict) -> list[Detected]:
    """Everything ``rule`` sees now (already-stored dedup keys are filtered later)."""
    kind = str(rule["kind"])
    params = check_params(kind, rule["params"])  # type: ignore[arg-type]  # stored params are a JSON object
    prefix = f"r{rule['id']}:"
    found = _DETECTORS[kind](ctx, params, cache)
    for d in found:
        d.dedup_key = prefix + d.dedup_key
    return found


# --- issues ---------------------------------------------------------------------------------


def _issues(ctx: Context, params: dict, cache: dict) -> list[Detected]:
    if ctx.data_end is None:
        return []
    since = ctx.data_end - timedelta(hours=float(params["max_age_hours"]))
    rows = _recent_issues(ctx, since, cache)
    limit = PRIORITIES.index(str(params["min_priority"]))
    found = []
    for row in rows:
        if row["merged_into"] is not None or row["status"] in _CLOSED:
            continue
        if row["priority"] not in PRIORITIES or PRIORITIES.index(row["priority"]) > limit:
            continue
        found.append(
            Detected(
                dedup_key=f"issue:{row['id']}:{row['priority']}",
                kind="issue",
                title="",
                body="",
                urgent=row["priority"] == "segera",
                link=ctx.issue_link(row["id"]),
                details={"issue_id": row["id"], "priority": row["priority"], "stage": row["stage"]},
                compose=partial(_issue_texts, ctx, row),
            )
        )
    return found


def _issue_texts(ctx: Context, row: dict) -> tuple[str, str]:
    lines = [
        f"Isu #{row['id']}: {row['label']}",
        *([row["summary"]] if row.get("summary") else []),
        f"Prioritas: {row['priority']} · tahap: {row['stage']} · "
        f"skor {_decimal(row['priority_score'])}",
        f"Mengapa: {row['why']}",
        f"Post: {_n(row['posts'] or 0)} dari {_n(row['unique_authors'] or 0)} akun"
        f" · negatif {_pct(float(row['negative_share'] or 0.0))}",
        f"Saran respons: {row['suggested_response']}",
        f"Pertama terdeteksi: {ctx.when(row['first_seen'])}",
    ]
    return f"Isu prioritas {row['priority']}: {row['label']}", "\n".join(lines)


def _recent_issues(ctx: Context, since: datetime, cache: dict) -> list[dict]:
    key = ("issues", since)
    if key not in cache:
        with ctx.engine.connect() as conn:
            cache[key] = store.recent_issues(conn, ctx.workspace.id, since)
    return cache[key]


# --- topic volume and sentiment -------------------------------------------------------------


def _topic_name(cache: dict, topic_id: int) -> str:
    if topic_id == 0:
        return "semua post"
    return f"topik «{cache.get('topic_names', {}).get(topic_id, topic_id)}»"


def _windows(
    ctx: Context, params: dict, cache: dict
) -> tuple[dict[int, tuple[dict, dict, float]], float]:
    """Per topic: (window counts by sentiment, baseline counts by sentiment, baseline hours
    actually covered by data). Summed in the database, cached across rules."""
    assert ctx.data_end is not None
    window = float(params["window_hours"])
    baseline = float(params["baseline_hours"])
    cut = ctx.data_end - timedelta(hours=window)
    start = cut - timedelta(hours=baseline)
    key = ("windows", window, baseline)
    if key not in cache:
        with ctx.engine.connect() as conn:
            sums = store.window_sums(conn, ctx.workspace.id, start, cut, ctx.data_end)
            if "first_hours" not in cache:
                cache["first_hours"] = store.first_rollup_hours(conn, ctx.workspace.id)
                cache["topic_names"] = store.topic_names(conn, ctx.workspace.id)
        cache[key] = sums
    wanted = params.get("topic_id")
    current: dict[int, dict[str, int]] = defaultdict(dict)
    before: dict[int, dict[str, int]] = defaultdict(dict)
    for topic_id, sentiment, now_posts, before_posts in cache[key]:
        if wanted is not None and topic_id != wanted:
            continue
        if now_posts:
            current[topic_id][sentiment] = now_posts
        if before_posts:
            before[topic_id][sentiment] = before_posts
    out = {}
    for topic_id, counts in current.items():
        first = cache["first_hours"].get(topic_id, cut)
        covered = (cut - max(first, start)).total_seconds() / 3600
        out[topic_id] = (counts, before.get(topic_id, {}), covered)
    return out, window


def _volume_spike(ctx: Context, params: dict, cache: dict) -> list[Detected]:
    if ctx.data_end is None:
        return []
    found = []
    windows, window = _windows(ctx, params, cache)
    for topic_id, (counts, before, covered) in sorted(windows.items()):
        if covered < window:
            continue  # not enough history to call anything a spike
        now_posts = sum(counts.values())
        usual = sum(before.values()) / (covered / window)
        ratio = now_posts / max(usual, 1.0)
        if now_posts < int(params["min_posts"]) or ratio < float(params["factor"]):
            continue
        name = _topic_name(cache, topic_id)
        body = (
            f"{_n(now_posts)} post tentang {name} dalam {_n(window)} jam "
            f"terakhir, {_ratio(ratio)}× dari biasanya (rata-rata {_ratio(usual)} post per "
            f"{_n(window)} jam)."
        )
        found.append(
            Detected(
                dedup_key=f"spike:{topic_id}:{ctx.local_day(ctx.data_end)}",
                kind="volume_spike",
                title=f"Lonjakan volume: {name} naik {_ratio(ratio)}×",
                body=body,
                details={"topic_id": topic_id, "posts": now_posts, "usual": round(usual, 2)},
            )
        )
    return found


def _negative_surge(ctx: Context, params: dict, cache: dict) -> list[Detected]:
    if ctx.data_end is None:
        return []
    found = []
    windows, window = _windows(ctx, params, cache)
    for topic_id, (counts, before, _) in sorted(windows.items()):
        negative = counts.get("negative", 0)
        known = sum(n for s, n in counts.items() if s != "unknown")
        base_known = sum(n for s, n in before.items() if s != "unknown")
        if not known or negative < int(params["min_negative"]):
            continue
        share = negative / known
        base_share = before.get("negative", 0) / base_known if base_known else 0.0
        if share < float(params["min_share"]) or share - base_share < float(params["min_rise"]):
            continue
        name = _topic_name(cache, topic_id)
        body = (
            f"{_pct(share)} post tentang {name} dalam {_n(window)} jam terakhir "
            f"bernada negatif ({_n(negative)} dari {_n(known)}); "
            f"sebelumnya {_pct(base_share)}."
        )
        found.append(
            Detected(
                dedup_key=f"negative:{topic_id}:{ctx.local_day(ctx.data_end)}",
                kind="negative_surge",
                title=f"Sentimen negatif melonjak: {name} ({_pct(share)})",
                body=body,
                details={
                    "topic_id": topic_id,
                    "share": round(share, 3),
                    "before": round(base_share, 3),
                },
            )
        )
    return found


# --- hoaxes and coordination ----------------------------------------------------------------


def _hoax(ctx: Context, params: dict, cache: dict) -> list[Detected]:
    if ctx.data_end is None:
        return []
    start = ctx.data_end - timedelta(hours=float(params["window_hours"]))
    with ctx.engine.connect() as conn:
        counts = store.false_claim_counts(conn, ctx.workspace.id, start, ctx.data_end)
    found = []
    for claim_id, claim, verdict, clarification, n in counts:
        if n < int(params["min_posts"]):
            continue
        hours = _n(params["window_hours"])
        body = f"{_n(n)} post dalam {hours} jam terakhir membawa klaim {verdict}: «{claim}»."
        if clarification:
            body += f"\nKlarifikasi: {clarification}"
        found.append(
            Detected(
                dedup_key=f"hoax:claim:{claim_id}:{ctx.local_day(ctx.data_end)}",
                kind="hoax",
                title=f"Hoaks beredar: {claim[:120]}",
                body=body,
                details={"claim_id": claim_id, "posts": n, "verdict": verdict},
            )
        )
    for row in _recent_issues(ctx, start, cache):
        if not row["hoax_claim"] or row["merged_into"] is not None or row["status"] in _CLOSED:
            continue
        found.append(
            Detected(
                dedup_key=f"hoax:issue:{row['id']}",
                kind="hoax",
                title=f"Isu #{row['id']} membawa hoaks: {row['label']}",
                body=(
                    f"{_n(row['hoax_posts'] or 0)} post isu «{row['label']}» membawa "
                    f"hoaks yang dikenal: «{row['hoax_claim']}».\n"
                    f"Prioritas: {row['priority']} · saran respons: {row['suggested_response']}"
                ),
                urgent=row["priority"] == "segera",
                link=ctx.issue_link(row["id"]),
                details={"issue_id": row["id"], "claim": row["hoax_claim"]},
            )
        )
    return found


def _coordination(ctx: Context, params: dict, cache: dict) -> list[Detected]:
    if ctx.data_end is None:
        return []

    start = ctx.data_end - timedelta(hours=float(params["window_hours"]))
    result = workspace_coordination(ctx.engine, ctx.workspace, since=start, until=ctx.data_end)
    found = []
    for group in result.groups:
        if group.score < float(params["min_score"]) or len(group.members) < int(
            params["min_members"]
        ):
            continue
        handles = [f"{p}:{h}" for p, h in group.members]
        digest = hashlib.sha256("\n".join(handles).encode()).hexdigest()[:16]
        shown = ", ".join(f"@{h}" for _, h in group.members[:8])
        more = len(group.members) - 8
        if more > 0:
            shown += f" dan {_n(more)} akun lain"
        found.append(
            Detected(
                dedup_key=f"coord:{ctx.local_day(ctx.data_end)}:{digest}",
                kind="coordination",
                title=f"Indikasi kampanye terkoordinasi: {_n(len(group.members))} akun",
                body=(
                    f"{_n(len(group.members))} akun bergerak serempak dalam "
                    f"{_n(params['window_hours'])} jam terakhir (skor {_decimal(group.score)}, "
                    f"{_n(group.coactions)} aksi bersamaan, {_n(group.posts)} post): "
                    f"{shown}."
                ),
                details={"members": handles[:50], "score": group.score},
            )
        )
    return found


# --- silent sources -------------------------------------------------------------------------


def _source_silent(ctx: Context, params: dict, cache: dict) -> list[Detected]:
    silent = timedelta(hours=float(params["silent_hours"]))
    since = ctx.now - timedelta(days=float(params["lookback_days"]))
    with ctx.engine.connect() as conn:
        platforms = store.platform_activity(conn, ctx.workspace.id, since)
        feeds = store.source_activity(conn, ctx.workspace.id, since)
    found = []
    hours = fmt_int(params["silent_hours"], "id")
    for platform, last in sorted(platforms.items()):
        if last > ctx.now - silent:
            continue
        found.append(
            Detected(
                dedup_key=f"silent:platform:{platform}:{last.isoformat()}",
                kind="source_silent",
                title=f"Tidak ada post baru dari {platform} selama {hours} jam",
                body=(
                    f"Post terakhir dari {platform}: {ctx.when(last)}. Periksa pengumpulan atau "
                    "impor data untuk platform ini."
                ),
                details={"platform": platform, "last": last.isoformat()},
            )
        )
    for src in feeds:
        last = src["last_seen_at"]
        if isinstance(last, str):
            last = datetime.fromisoformat(last)
        if last > ctx.now - silent:
            continue
        found.append(
            Detected(
                dedup_key=f"silent:source:{src['id']}:{last.isoformat()}",
                kind="source_silent",
                title=f"Sumber «{src['name']}» diam selama {hours} jam",
                body=f"Data terakhir dari sumber «{src['name']}» ({src['kind']}): "
                f"{ctx.when(last)}.",
                details={"source_id": src["id"], "last": last.isoformat()},
            )
        )
    return found


_DETECTORS = {
    "issue": _issues,
    "volume_spike": _volume_spike,
    "negative_surge": _negative_surge,
    "hoax": _hoax,
    "coordination": _coordination,
    "source_silent": _source_silent,
}
