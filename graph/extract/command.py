"""`govties extract`: the command's work, so graph/cli.py stays a thin table of commands."""

import json
from datetime import date
from pathlib import Path

from graph.extract.gazetteer import build_pipeline, load_gazetteer
from graph.extract.propose import Proposal, propose, to_yaml


def extract_file(
    article: Path,
    store: Path,
    data: Path,
    source_url: str | None = None,
    published: date | None = None,
) -> tuple[Proposal, str]:
    """Propose a record for an article file; also say where the known names came from."""
    gazetteer, origin = load_gazetteer(store, data)
    text = article.read_text(encoding="utf-8")
    proposal = propose(
        text,
        gazetteer,
        build_pipeline(gazetteer),
        source_id=article.stem,
        source_url=source_url,
        published=published,
        document=article.name,
    )
    return proposal, origin


def write_outputs(
    proposal: Proposal, article: Path, output: Path | None, evidence: Path | None
) -> str | None:
    """Write the record YAML (returned instead when output is None) and the evidence JSON."""
    text = to_yaml(proposal, article.name)
    if evidence is not None:
        evidence.write_text(
            json.dumps(proposal.as_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    if output is None:
        return text
    output.write_text(text, encoding="utf-8")
    return None
