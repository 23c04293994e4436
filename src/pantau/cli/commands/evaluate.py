"""``pantau eval``: accuracy of the analytics on real labelled data, as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pantau.cli.context import print_json
from pantau.factcheck.evaluate import run_claim_evaluation
from pantau.monitor.evaluate import run_detection_evaluation
from pantau.network.evaluate import run_coordination_evaluation
from pantau.text.evaluate import run_evaluation


def evaluate_command(
    shared_dir: Annotated[
        Path, typer.Option(help="Folder data evaluasi berlabel (SmSA, EmoT).")
    ] = Path("../shared/data"),
) -> None:
    """Ukur akurasi analitik pada data berlabel nyata; dilewati bila datanya tidak ada. JSON."""
    print_json(
        {
            "text": run_evaluation(shared_dir),
            "detection": run_detection_evaluation(shared_dir),
            "coordination": run_coordination_evaluation(shared_dir),
            "claims": run_claim_evaluation().as_dict(),
        }
    )
