"""Benchmark: how well the section model can do on a list's own entries, with no time shift.

Grouped 5-fold cross-validation on the latest stored README of each list: every entry is classified by a
model trained on the other folds (a paper listed under several sections is one group, right in any of
them). `tracker eval` replays real additions against the README before them, which is harder: new
topics, new sections, a README that has not seen the paper's neighbours yet. So these figures bound
what the replay can show for this model; issue 4's targets (top-1 >= 0.75, top-3 >= 0.95, >= 0.90 right
among the 60% most confident) are compared against them. Figures are printed, never asserted.

    python benchmarks/section_ceiling.py [--data ../shared/data] [--folds 5]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from tracker.classify.classifier import fit_section_model
from tracker.classify.eval_data import load_abstracts
from tracker.classify.eval_sections import BASELINE
from tracker.classify.section_model import SectionSettings
from tracker.classify.training import Example, training_examples
from tracker.listdoc.parse import read_document
from tracker.listdoc.replay import versions

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
LISTS = ("bradyfu", "yfzhang")


def cross_validate(examples: list[Example], settings: SectionSettings | None, folds: int) -> dict:
    """Top-1, top-3 and the accuracy of the 60% most confident, over every group held out once."""
    keys = [example.paper_key for example in examples]
    sections_of: dict[str, set[str]] = {}
    for example in examples:
        sections_of.setdefault(example.paper_key, set()).add(example.section)
    first = sorted({key: i for i, key in reversed(list(enumerate(keys)))}.values())  # one row per group
    top1, top3, confidence = [], [], []
    for train, test in GroupKFold(folds, shuffle=True, random_state=0).split(examples, groups=keys):
        model = fit_section_model([examples[i] for i in train], settings)
        held = [i for i in test if i in set(first)]
        probabilities = model.probabilities([examples[i].text for i in held])
        for i, row in zip(held, probabilities, strict=True):
            ranked = [model.classes[j] for j in np.argsort(-row, kind="stable")[:3]]
            wanted = sections_of[keys[i]]
            top1.append(ranked[0] in wanted)
            top3.append(bool(wanted & set(ranked)))
            confidence.append(float(row.max()))
    order = np.argsort(-np.array(confidence), kind="stable")[: round(0.6 * len(confidence))]
    return {
        "papers": len(top1),
        "top1": float(np.mean(top1)),
        "top3": float(np.mean(top3)),
        "at_60": float(np.mean(np.array(top1)[order])),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help=f"shared data folder (default {DATA})")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"skipped: {args.data} is absent", file=sys.stderr)
        return 0
    lookup = load_abstracts(args.data / "gold", []).lookup()  # every list entry's known abstract
    header = f"{'list':8} {'model':7} {'papers':>6} {'top-1':>6} {'top-3':>6}"
    print(f"{header} {'right among 60% most confident':>31}")
    for name in LISTS:
        latest = versions(args.data, name)[-1]
        examples = training_examples(read_document(latest.path), lookup)
        for label, settings in (("tracker", None), ("plain", BASELINE)):
            found = cross_validate(examples, settings, args.folds)
            print(
                f"{name:8} {label:7} {found['papers']:>6} {found['top1']:>6.3f} {found['top3']:>6.3f}"
                f" {found['at_60']:>31.3f}"
            )
        print(f"{'':8} README {latest.path.name}, {len(examples)} entries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
