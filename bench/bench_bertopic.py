"""Emerging-issue detection beside BERTopic on the same posts, printed as JSON.

Data: N posts (default 100,000) over a 24-hour window (``--days`` for longer). The background
is real chatter, the tweets of ``../shared/data/emot`` (``train.csv`` + ``valid.csv``, read at
run time, never stored): each tweet is used once, then drawn again with a seeded generator
until the background is full, every further copy losing one random word (so the repeats are
near-duplicates, not identical strings); they are spread over the window with the daily
rhythm of :func:`pantau.monitor.evaluate.spread_background`. Without those files the
background falls back to the synthetic window of ``bench_monitor.py``. A few invented bursts
(:mod:`pantau.monitor.bursts`, 5 by default, from the 13th hour on so the detector's warm-up
has passed) are injected; the total is N posts, written once to one JSON Lines file that both
systems read.

Each system runs in its own child process, pinned to one CPU core and one thread
(``threadpool_limits(1)``, ``OMP_NUM_THREADS=1``, ``NUMBA_NUM_THREADS=1``), so its peak
resident memory (``getrusage(RUSAGE_SELF).ru_maxrss``) is its own; the count is restarted
(``/proc/self/clear_refs``) once the posts file has been read and, for BERTopic, after the
warm-up below, so ``peak_rss_mb`` covers the measured work (plus the libraries loaded):

* ``pantau``: import into SQLite in a temporary folder, enrichment, then one
  the monitoring stage over the whole window. Times: import, enrichment (loading the models
  included), monitoring; peak memory also per phase.
* ``bertopic``: BERTopic 0.17 with no downloaded model. Embeddings are TF-IDF
  (``TfidfVectorizer()``) reduced by ``TruncatedSVD(100)`` and L2-normalised, the same
  pipeline BERTopic picks by itself when sentence-transformers is absent, passed as
  ``embeddings=`` to ``fit_transform``; then BERTopic's default UMAP (15 neighbours, 5
  components, min_dist 0, cosine; seeded, which also makes it single-threaded) and HDBSCAN
  (``min_cluster_size = min_topic_size``, euclidean, eom, prediction data;
  ``core_dist_n_jobs=1``), the default ``CountVectorizer`` and c-TF-IDF representation,
  ``calculate_probabilities=False``. ``min_topic_size`` is ``max(10, N // 1000)`` (100 for
  100,000 posts; the smallest injected burst has more than 100 posts). Time counts the
  vectorising. Before the timed fit a small warm-up fit (up to 5,000 posts) compiles UMAP's
  and pynndescent's numba code; its time is reported apart and not counted.

Installing BERTopic: its package metadata requires sentence-transformers, which pulls in
PyTorch (with CUDA, gigabytes). BERTopic itself only imports sentence-transformers when asked
to embed text, so ``make bench`` installs it with ``pip install --no-deps bertopic`` beside its
light dependencies (umap-learn, hdbscan, and numpy, pandas, plotly, scikit-learn, tqdm,
PyYAML that Pantau already has); ``from bertopic import BERTopic`` then works without torch.

Scoring, the same for both (as in :mod:`pantau.monitor.evaluate`): a cluster (a Pantau issue,
or a BERTopic topic other than the outlier topic -1) belongs to a burst when more than half
of its posts come from that burst; a burst is found when a cluster belongs to it. Clusters
with more than half background posts are false issues for Pantau; for BERTopic they are just
topics, since BERTopic groups every post and does not tell what is emerging.

Usage: python bench/bench_bertopic.py [--posts N] [--bursts K] [--days D] [--seed S]
                                      [--min-topic-size M] [--only pantau,bertopic]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
START = datetime(2026, 11, 16)  # naive UTC
SVD_DIMS = 100
WARMUP_POSTS = 5_000
THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMBA_NUM_THREADS": "1",
}


def match_clusters(
    clusters: Mapping[Any, Sequence[int | None]], burst_sizes: Mapping[int, int]
) -> dict[str, Any]:
    """Which bursts the clusters find. ``clusters`` maps a cluster to the source of each of
    its posts (a burst index, or None for background); ``burst_sizes`` gives each burst's
    number of posts. A cluster belongs to a burst when more than half of its posts come
    from it, is background when more than half are background, and is mixed otherwise."""
    owned: dict[int, list[int]] = {b: [] for b in burst_sizes}  # posts of each owned cluster
    background = mixed = counted = 0
    for sources in clusters.values():
        if not sources:
            continue
        counted += 1
        source, count = Counter(sources).most_common(1)[0]
        if count * 2 <= len(sources):
            mixed += 1
        elif source is None:
            background += 1
        else:
            owned.setdefault(source, []).append(count)
    per_burst = [
        {
            "burst": b,
            "posts": burst_sizes.get(b, 0),
            "clusters": len(owned[b]),
            "posts_in_its_clusters": sum(owned[b]),
        }
        for b in sorted(owned)
    ]
    found = sum(1 for b in owned if owned[b])
    return {
        "clusters": counted,
        "bursts_found": found,
        "bursts": len(burst_sizes),
        "found": f"{found}/{len(burst_sizes)}",
        "background_clusters": background,
        "mixed_clusters": mixed,
        "per_burst": per_burst,
    }


def _mostly_background(sources: Sequence[int | None]) -> bool:
    if not sources:
        return False
    source, count = Counter(sources).most_common(1)[0]
    return source is None and count * 2 > len(sources)


def resample_texts(texts: Sequence[str], n: int, rnd: random.Random) -> list[str]:
    """``n`` background texts: every text once in a shuffled order, then seeded draws, each
    further copy losing one random word when it has more than five."""
    out: list[str] = []
    first = list(texts)
    rnd.shuffle(first)
    out.extend(first[:n])
    while len(out) < n:
        words = rnd.choice(texts).split()
        if len(words) > 5:
            del words[rnd.randrange(len(words))]
        out.append(" ".join(words))
    return out


def _canonical(external_id: str, when: datetime, author: str, text: str, followers: int) -> dict:
    return {
        "platform": "x",
        "id": external_id,
        "created_at": when.isoformat() + "+00:00",
        "text": text,
        "author": author,
        "author_followers": followers,
    }


def build_posts(
    path: Path, posts: int, bursts: int, days: int, seed: int, shared: Path
) -> dict[str, Any]:
    """Write the benchmark's posts to ``path`` (JSON Lines); returns what went in."""
    from pantau.monitor.bursts import generate_bursts
    from pantau.monitor.evaluate import read_tweets, spread_background

    injected = generate_bursts(
        START - timedelta(hours=1),
        START + timedelta(days=days),
        bursts,
        seed=seed,
        size=4.0,
        earliest=timedelta(hours=13),
    )
    burst_posts = [
        _canonical(p.external_id, p.created_at, p.author, p.text, p.followers)
        for burst in injected
        for p in burst.posts
    ]
    n_background = max(posts - len(burst_posts), 0)
    rnd = random.Random(seed)
    emot = shared / "emot"
    if (emot / "train.csv").exists():
        texts = read_tweets(emot / "train.csv")
        if (emot / "valid.csv").exists():
            texts += read_tweets(emot / "valid.csv")
        source = f"EmoT tweets ({len(texts)} distinct) resampled to {n_background}"
        background = spread_background(resample_texts(texts, n_background, rnd), START, days, rnd)
    else:
        sys.path.insert(0, str(HERE))
        from bench_monitor import write_window

        source = "synthetic (bench_monitor.write_window): EmoT tweets not found"
        window = path.with_suffix(".window.jsonl")
        write_window(window, n_background, START, 24 * days, seed, "w")
        background = [orjson.loads(line) for line in window.read_bytes().splitlines()]
        window.unlink()
    everything = background + burst_posts
    everything.sort(key=lambda p: p["created_at"])
    path.write_bytes(b"\n".join(orjson.dumps(p) for p in everything) + b"\n")
    return {
        "posts": len(everything),
        "background_posts": len(background),
        "burst_posts": len(burst_posts),
        "background": source,
        "days": days,
        "bursts": [
            {
                "burst": b.index,
                "topic": b.topic.name,
                "start": b.start.isoformat(),
                "posts": len(b.posts),
            }
            for b in injected
        ],
    }


def _read_posts(path: Path) -> tuple[list[str], list[int | None]]:
    """Texts of the posts file and the burst each comes from (None for background)."""
    from pantau.monitor.bursts import burst_of_author

    texts, sources = [], []
    for line in path.read_bytes().splitlines():
        post = orjson.loads(line)
        texts.append(post["text"])
        sources.append(burst_of_author(post.get("author")))
    return texts, sources


def _burst_sizes(sources: Sequence[int | None]) -> dict[int, int]:
    return dict(sorted(Counter(s for s in sources if s is not None).items()))


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _reset_peak_rss() -> bool:
    """Start the peak-memory count afresh from the current size (Linux ``clear_refs``), so
    the preparation before a measurement is not counted; False where unsupported."""
    import gc

    gc.collect()
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def run_pantau(data: Path, folder: Path) -> dict[str, Any]:
    """Import, enrichment and one monitoring run over the window, in this process."""
    from pantau.ingest.importer import import_file
    from pantau.monitor.bursts import burst_of_author
    from pantau.monitor.run import RunSummary
    from pantau.pipeline import run_pipeline
    from pantau.store import monitor as store
    from pantau.store import open_database
    from pantau.store.workspaces import create_workspace

    _, sources = _read_posts(data)
    sizes = _burst_sizes(sources)
    del sources
    phase_rss: dict[str, float | None] = {}
    reset = _reset_peak_rss()
    engine = open_database(f"sqlite:///{folder / 'pantau.db'}")
    workspace = create_workspace(engine, "bench", "Bench", "pemda", "Asia/Jakarta")
    t = time.perf_counter()
    imported = import_file(engine, workspace, data, rejects_dir=folder / "rejects")
    import_s = time.perf_counter() - t
    phase_rss["import"] = _peak_rss_mb()
    peak = phase_rss["import"]
    reset = reset and _reset_peak_rss()
    t = time.perf_counter()
    run_pipeline(engine, workspace, folder, stages=["enrich"])
    enrich_s = time.perf_counter() - t
    phase_rss["enrich"] = _peak_rss_mb()
    peak = max(peak, phase_rss["enrich"])
    reset = reset and _reset_peak_rss()
    t = time.perf_counter()
    summary = run_pipeline(engine, workspace, folder, stages=["issues"]).output(
        "issues", RunSummary
    )
    monitoring_s = time.perf_counter() - t
    phase_rss["monitoring"] = _peak_rss_mb()
    peak = max(peak, phase_rss["monitoring"])
    with engine.connect() as conn:
        rows = [r for r in store.issue_rows(conn, workspace.id) if r["merged_into"] is None]
        members = store.issue_post_ids(conn, workspace.id, [r["id"] for r in rows])
        ids = sorted({p for m in members.values() for p in m})
        authors = {p.id: p.author for p in store.posts_by_id(conn, workspace.id, ids)}
    engine.dispose()
    clusters = {
        issue: [burst_of_author(authors.get(p)) for p in post_ids]
        for issue, post_ids in members.items()
    }
    scored = match_clusters(clusters, sizes)
    false_labels = [
        f"{r['label']} ({len(members.get(r['id'], ()))} posts)"
        for r in rows
        if _mostly_background(clusters.get(r["id"], []))
    ]
    return {
        "posts": imported.new,
        "import_s": round(import_s, 2),
        "enrich_s": round(enrich_s, 2),
        "monitoring_s": round(monitoring_s, 2),
        "enrich_plus_monitoring_s": round(enrich_s + monitoring_s, 2),
        "evaluated_hours": summary.evaluated_hours,
        "flagged_keys": summary.flagged_keys,
        "issues": len(rows),
        "bursts_found": scored["found"],
        "false_issues": scored["background_clusters"],
        "mixed_issues": scored["mixed_clusters"],
        "per_burst": scored["per_burst"],
        "false_issue_labels": false_labels[:20],
        "peak_rss_mb": peak,
        "peak_rss_by_phase_mb": phase_rss if reset else None,
    }


def _fit_bertopic(
    texts: Sequence[str], seed: int, min_topic_size: int
) -> tuple[list[int], float, float]:
    """BERTopic over ``texts`` with TF-IDF + SVD embeddings; topics, vectorise and fit secs."""
    from bertopic import BERTopic
    from hdbscan import HDBSCAN
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.preprocessing import normalize
    from umap import UMAP

    t = time.perf_counter()
    matrix = TfidfVectorizer().fit_transform(texts)
    dims = min(SVD_DIMS, matrix.shape[1] - 1)
    embeddings = normalize(TruncatedSVD(dims, random_state=seed).fit_transform(matrix))
    del matrix
    vectorise_s = time.perf_counter() - t
    t = time.perf_counter()
    model = BERTopic(
        umap_model=UMAP(
            n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed
        ),
        hdbscan_model=HDBSCAN(
            min_cluster_size=min_topic_size,
            metric="euclidean",
            cluster_selection_method="eom",
            prediction_data=True,
            core_dist_n_jobs=1,
        ),
        vectorizer_model=CountVectorizer(),
        min_topic_size=min_topic_size,
        calculate_probabilities=False,
        verbose=False,
    )
    topics, _ = model.fit_transform(list(texts), embeddings=embeddings)
    fit_s = time.perf_counter() - t
    return [int(x) for x in topics], vectorise_s, fit_s


def run_bertopic(data: Path, seed: int, min_topic_size: int) -> dict[str, Any]:
    """BERTopic over the same posts, in this process."""
    import warnings

    warnings.filterwarnings("ignore")
    import bertopic

    texts, sources = _read_posts(data)
    sizes = _burst_sizes(sources)
    t = time.perf_counter()
    warm = random.Random(seed).sample(texts, min(WARMUP_POSTS, len(texts)))
    _fit_bertopic(warm, seed, max(10, min(min_topic_size, len(warm) // 100)))
    warmup_s = time.perf_counter() - t
    del warm
    with_warmup_mb = _peak_rss_mb()
    reset = _reset_peak_rss()
    topics, vectorise_s, fit_s = _fit_bertopic(texts, seed, min_topic_size)
    clusters: dict[int, list[int | None]] = {}
    for topic, source in zip(topics, sources, strict=True):
        if topic != -1:
            clusters.setdefault(topic, []).append(source)
    scored = match_clusters(clusters, sizes)
    peak = _peak_rss_mb()
    return {
        "version": bertopic.__version__,
        "posts": len(texts),
        "embedding": f"TfidfVectorizer() -> TruncatedSVD({SVD_DIMS}) -> L2 normalise",
        "clustering": "UMAP(15 neighbours, 5 dims, cosine) + hdbscan.HDBSCAN (BERTopic defaults)",
        "min_topic_size": min_topic_size,
        "warmup_s": round(warmup_s, 2),
        "vectorise_s": round(vectorise_s, 2),
        "fit_s": round(fit_s, 2),
        "total_s": round(vectorise_s + fit_s, 2),
        "topics": scored["clusters"],
        "outlier_posts": sum(1 for x in topics if x == -1),
        "bursts_found": scored["found"],
        "background_topics": scored["background_clusters"],
        "mixed_topics": scored["mixed_clusters"],
        "per_burst": scored["per_burst"],
        "peak_rss_mb": peak,
        "peak_rss_with_warmup_mb": max(with_warmup_mb, peak) if reset else peak,
    }


def run_child(system: str, data: Path, folder: Path, args: argparse.Namespace) -> dict:
    """One system in a child process pinned to core 0 with one thread; its JSON output."""
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        system,
        "--data",
        str(data),
        "--folder",
        str(folder),
        "--seed",
        str(args.seed),
        "--min-topic-size",
        str(args.min_topic_size),
    ]

    def pin() -> None:
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {0})

    env = {**os.environ, **THREAD_ENV}
    result = subprocess.run(
        cmd, stdout=subprocess.PIPE, text=True, env=env, preexec_fn=pin, check=False
    )
    if result.returncode != 0:
        return {"error": f"{system} exited with status {result.returncode} (see stderr)"}
    return json.loads(result.stdout)


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


NOTE = (
    "Both systems get the same posts file. Pantau flags what is rising against each key's own "
    "baseline and groups only those posts into issues; clusters of background posts are its "
    "false issues. BERTopic groups every post into topics (or the outlier topic -1) and does "
    "not say which are new or rising: a burst counts as found when one of its topics is mostly "
    "that burst's posts, and its background topics are ordinary topics, not false alarms; "
    "telling which topic is emerging would need a further step (e.g. topics over time) that "
    "is not measured here. Time ratios compare BERTopic's vectorising + fit with Pantau's "
    "enrichment + monitoring (Pantau's import into the database is reported apart, BERTopic "
    "stores nothing); BERTopic's numba warm-up is excluded. One core, one thread each."
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--bursts", type=int, default=5)
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--min-topic-size", type=int, default=None)
    parser.add_argument("--only", default="pantau,bertopic")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--child", choices=("pantau", "bertopic"), help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.min_topic_size is None:
        args.min_topic_size = max(10, args.posts // 1000)
    if args.child:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1):
            if args.child == "pantau":
                result = run_pantau(args.data, args.folder)
            else:
                result = run_bertopic(args.data, args.seed, args.min_topic_size)
        print(json.dumps(result))
        return
    chosen = set(args.only.split(","))
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="pantau-bench-bertopic-") as tmp:
        folder = Path(tmp)
        data = folder / "posts.jsonl"
        t = time.perf_counter()
        report["data"] = build_posts(
            data, args.posts, args.bursts, args.days, args.seed, args.shared
        )
        report["data"]["generate_s"] = round(time.perf_counter() - t, 2)
        for system in ("pantau", "bertopic"):
            if system in chosen:
                child_folder = folder / system
                child_folder.mkdir()
                report[system] = run_child(system, data, child_folder, args)
    pantau, other = report.get("pantau", {}), report.get("bertopic", {})
    if "error" not in pantau and "error" not in other and pantau and other:
        report["ratio_bertopic_vs_pantau"] = {
            "time_vs_enrich_plus_monitoring": _ratio(
                other["total_s"], pantau["enrich_plus_monitoring_s"]
            ),
            "time_vs_monitoring": _ratio(other["total_s"], pantau["monitoring_s"]),
            "peak_rss": _ratio(other["peak_rss_mb"], pantau["peak_rss_mb"]),
        }
    report["note"] = NOTE
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
