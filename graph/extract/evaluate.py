"""Precision and recall of `govties extract` per fact type, against hand-made gold records.

Two corpora:
- the seeds: data/sources/*.txt against their curated records. By default
  the gazetteer is the graph WITHOUT the article's own record (held out), so
  the extractor must find its entities as a reviewer would meet a new
  article; `--linked` keeps it (every entity already known).
- tests/extract_corpus/*.txt (fictional articles) against the gold record of
  the same name, with the gazetteer of the whole of data/.
Blind sets, scored on their own with `--blind [ROUND]`: articles written from
real agreements and frozen before the rules were tuned on them, against the
gold record of the same name; the data/records/ file each gold's header names
as its source is held out of the gazetteer unless `--linked`. Round 1
(tests/extract_real/) has been scored at every checkpoint of two rounds of
rules; round 2 (tests/extract_blind2/) was written by other sessions, to the
gold conventions in tests/extract_corpus/README.md, and frozen before the
third round's rules were run on anything; round 3 (tests/extract_blind3/, the
default) the same way, before the fourth round's.
How a proposal is compared with its gold record (entities by name, agreements
paired, posts, topics, renewals) is in graph.extract.scoring.

    python -m graph.extract.evaluate [--linked] [--blind [1|2|3] [--with-overlap]] [--verbose]
"""

import argparse
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from graph import dates
from graph.build.records import LoadedRecord, load_record, load_records
from graph.extract.gazetteer import Gazetteer, gazetteer_from_records
from graph.extract.nlp import build_pipeline
from graph.extract.propose import propose
from graph.extract.scoring import Report, Score, score_case

ROOT = Path(__file__).resolve().parents[2]
BLIND_SETS = {
    "1": Path("tests") / "extract_real",
    "2": Path("tests") / "extract_blind2",
    "3": Path("tests") / "extract_blind3",
}
LATEST = "3"
SOURCE_RECORD = re.compile(r"data/records/([\w.-]+\.yaml)")
__all__ = ["BLIND_SETS", "LATEST", "SOURCE_RECORD", "Report", "main", "score_case", "source_record"]


@dataclass
class Case:
    name: str
    text: Path
    gold: LoadedRecord
    gazetteer_records: list[LoadedRecord]


def cases(root: Path = ROOT, linked: bool = False) -> Iterator[Case]:
    records = load_records(root / "data")
    for gold in records:
        doc = gold.record.source.document
        if doc and (root / "data" / "sources" / doc).is_file():
            known = records if linked else [r for r in records if r is not gold]
            yield Case(gold.record.source.id, root / "data" / "sources" / doc, gold, known)
    yield from _corpus(root / "tests" / "extract_corpus", records, linked)


def _corpus(folder: Path, records: list[LoadedRecord], linked: bool) -> Iterator[Case]:
    """Articles with a gold beside each; a gold whose header names the data/records/ file its
    facts come from has that record held out of the gazetteer unless linked."""
    for text in sorted(folder.glob("*.txt")):
        gold_path = text.with_suffix(".yaml")
        source = None if linked else source_record(gold_path)
        known = [r for r in records if r.path.name != source]
        yield Case(text.stem, text, load_record(gold_path), known)


def source_record(gold: Path) -> str | None:
    """The data/records/ file a gold's header (the comments above `source:`) names as the
    source of its facts, if it names one."""
    found = SOURCE_RECORD.search(gold.read_text(encoding="utf-8").split("\nsource:")[0])
    return found.group(1) if found else None


def source_records(folder: Path) -> dict[str, str]:
    """Article name -> the data/records/ file its gold's header names as its source."""
    named = {gold.stem: source_record(gold) for gold in sorted(folder.glob("*.yaml"))}
    return {name: source for name, source in named.items() if source}


def overlapping(root: Path = ROOT, round_: str = LATEST) -> list[str]:
    """Blind articles about an agreement a tuning article also reports (the same source
    record): the rules were developed on that agreement's facts, so its score is not blind."""
    tuned = set(source_records(root / "tests" / "extract_corpus").values())
    blind = source_records(root / BLIND_SETS[round_])
    return [name for name, source in blind.items() if source in tuned]


def blind_cases(
    root: Path = ROOT, linked: bool = False, with_overlap: bool = False, round_: str = LATEST
) -> Iterator[Case]:
    """A blind set: each gold's header names its data/records/ source, held out unless linked;
    the articles overlapping the tuned corpus left out unless with_overlap."""
    left_out = set() if with_overlap else set(overlapping(root, round_))
    for case in _corpus(root / BLIND_SETS[round_], load_records(root / "data"), linked):
        if case.name not in left_out:
            yield case


def evaluate(
    root: Path = ROOT, linked: bool = False, blind: str | None = None, with_overlap: bool = False
) -> Report:
    """Run the extractor over the seeds and tuning corpus (or a blind set) and add up."""
    report = Report()
    pipelines: dict[tuple[str, ...], tuple[Gazetteer, Any]] = {}
    chosen = blind_cases(root, linked, with_overlap, blind) if blind else cases(root, linked)
    for case in chosen:
        key = tuple(r.record.source.id for r in case.gazetteer_records)
        if key not in pipelines:
            gaz = gazetteer_from_records(case.gazetteer_records)
            pipelines[key] = (gaz, build_pipeline(gaz))
        gazetteer, nlp = pipelines[key]
        issued = case.gold.record.source.issued  # some blind articles show no date
        published: date | None = dates.day(issued) if issued else None
        proposal = propose(
            case.text.read_text(encoding="utf-8"),
            gazetteer,
            nlp,
            source_id=case.name,
            published=published,
        )
        score_case(proposal, case.gold, gazetteer, report, case.name)
        report.articles += 1
    return report


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{value * 100:4.0f}"


def format_report(report: Report) -> str:
    lines = [f"{'fact':<13}{'gold':>5}{'found':>6}{'right':>6}{'P%':>6}{'R%':>6}"]
    total = Score()
    for fact, s in report.scores.items():
        lines.append(
            f"{fact:<13}{s.tp + s.fn:>5}{s.tp + s.fp:>6}{s.tp:>6}"
            f"{_pct(s.precision):>6}{_pct(s.recall):>6}"
        )
        total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
    lines.append(
        f"{'all':<13}{total.tp + total.fn:>5}{total.tp + total.fp:>6}{total.tp:>6}"
        f"{_pct(total.precision):>6}{_pct(total.recall):>6}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--linked",
        action="store_true",
        help="seeds and blind set: keep each article's own record in the gazetteer",
    )
    parser.add_argument(
        "--blind",
        nargs="?",
        const=LATEST,
        choices=sorted(BLIND_SETS),
        help="score only a blind set of real agreements: "
        + ", ".join(f"{k} = {v.as_posix()}/" for k, v in BLIND_SETS.items())
        + f" (default {LATEST})",
    )
    parser.add_argument(
        "--with-overlap",
        action="store_true",
        help="--blind: also score the articles about agreements the tuned corpus reports",
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    report = evaluate(linked=args.linked, blind=args.blind, with_overlap=args.with_overlap)
    mode = "linked" if args.linked else "held-out"
    corpus = f"blind set {args.blind} of real agreements" if args.blind else "seeds"
    print(f"govties extract over {report.articles} articles ({corpus}: {mode} gazetteer)")
    if args.blind and not args.with_overlap and (left := overlapping(round_=args.blind)):
        print(f"left out, their agreements are in the tuned corpus too: {', '.join(left)}")
    print(format_report(report))
    if args.verbose:
        print("\n".join(report.misses) or "no misses")
    return 0


if __name__ == "__main__":
    sys.exit(main())
