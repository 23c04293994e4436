from __future__ import annotations

import random
from pathlib import Path

from pantau.monitor.bursts import burst_of_author, generate_bursts
from pantau.monitor.evaluate import WEEK_START, evaluate_detection, run_detection_evaluation

WORDS = (  # noqa: SIM905 (readable as one string)
    "saya kamu makan pagi siang malam kerja kantor rumah hujan panas macet jalan kopi teh "
    "nonton bola film lagu senang sedih capek libur besok kemarin teman keluarga kucing"
).split()


def _chatter(n: int, seed: int = 1) -> list[str]:
    rnd = random.Random(seed)
    return [" ".join(rnd.choices(WORDS, k=rnd.randint(5, 14))) for _ in range(n)]


def test_skips_cleanly_without_the_shared_data(tmp_path: Path) -> None:
    report = run_detection_evaluation(tmp_path / "absent")
    assert set(report) == {"skipped"} and "absent" in report["skipped"]


def test_bursts_are_seeded_distinct_and_labelled_by_author() -> None:
    end = WEEK_START.replace(day=WEEK_START.day + 7)
    a = generate_bursts(WEEK_START, end, 10, seed=3)
    b = generate_bursts(WEEK_START, end, 10, seed=3)
    assert [p.text for x in a for p in x.posts] == [p.text for x in b for p in x.posts]
    assert len({x.topic.name for x in a}) == 10
    starts = [x.start for x in a]
    assert starts == sorted(starts) and starts[0] >= WEEK_START.replace(day=WEEK_START.day + 1)
    for burst in a:
        assert burst.hourly[0] < max(burst.hourly)  # grows
        assert {burst_of_author(p.author) for p in burst.posts} == {burst.index}
        assert len({p.text for p in burst.posts}) > len(burst.posts) // 2  # varied phrasing
    assert burst_of_author("akun12") is None


def test_finds_an_obvious_burst_in_invented_chatter() -> None:
    report = evaluate_detection(_chatter(1200), days=2, bursts=1, enrich=False, burst_size=3)
    assert report["recall"] == 1.0, report
    assert report["false_issues"] == 0 and report["mixed_issues"] == 0
    assert report["median_delay_buckets"] is not None and report["median_delay_buckets"] <= 2
    assert report["meets_target"]["recall"] is True
    assert report["imported"] == report["background_posts"] + report["burst_posts"]
    assert report["runs"] == 48 and report["mode"] == "hourly"
