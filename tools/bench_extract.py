"""Seconds `extract()` takes on long sentences and on 1 MB of words (issue #17 item 4).

    python tools/bench_extract.py [--words 500 1000 2000 4000] [--megabyte]

The texts are those of tests/extract/test_extract_bounds.py: one sentence of n words
repeating a signing phrase ("... signed with ... between ... and ... at ..."), and
999,000 characters of the fuller phrase as one sentence and as 40-word sentences.
Names are the records' in data/ (no store needed).
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.extract.service import extract, names_without_store  # noqa: E402
from tests.extract.test_extract_bounds import DENSE, PHRASE, megabyte, words  # noqa: E402


def _sentences(chars: int) -> str:
    unit, out, size = PHRASE.split(), [], 0
    while size < chars:
        sentence = " ".join(unit[(len(out) + i) % len(unit)] for i in range(40)) + "."
        out.append(sentence)
        size += len(sentence) + 1
    return "A title\n\n" + " ".join(out)[:chars]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, nargs="*", default=[500, 1000, 2000, 4000])
    parser.add_argument("--megabyte", action="store_true", help="also the two 1 MB texts")
    args = parser.parse_args()
    names = names_without_store(ROOT / "data", "benchmark")
    extract(words(100, DENSE), names)  # warm: the vocabulary learns the words once
    cases = [(f"{n} words, one sentence", words(n, DENSE)) for n in args.words]
    if args.megabyte:
        cases += [
            ("1 MB, one sentence", megabyte()),
            ("1 MB, 40-word sentences", _sentences(999_000)),
        ]
    for name, text in cases:
        started = time.perf_counter()
        proposal = extract(text, names)
        print(f"{name:<26} {time.perf_counter() - started:8.2f} s  {len(proposal.facts)} facts")


if __name__ == "__main__":
    main()
