"""What the extractor proposes for one article, and the YAML a reviewer edits.

The proposal has two parts:
- `record`: a record in the curated format (data/README.md), valid as it
  stands for graph.build.records.load_record, so a reviewer edits it rather than
  rewrites it. Known entities keep their graph ids and labels; new ones get a
  proposed id.
- `entities` and `facts`: for each entity and each proposed statement, whether
  it is new, its IRI, and the sentences stating it as character offsets into
  the ORIGINAL text plus the sentence itself. This goes to a side file
  (`--evidence`) and, abridged, into the YAML as comments.
"""

from dataclasses import dataclass, field
from typing import Any

import yaml


@dataclass
class Proposal:
    record: dict[str, Any]
    entities: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "record": self.record,
            "entities": self.entities,
            "facts": self.facts,
            "warnings": self.warnings,
        }


def to_yaml(proposal: Proposal, article: str = "the article") -> str:
    """The record as YAML, preceded by comments a reviewer reads: what is new, and why."""
    lines = [
        f"# Proposed by `govties extract` from {article}: review before it joins data/records/.",
        "# Check every NEW entity (id, label, type, country) and every fact against its sentence;",
        "# offsets [start:end] are characters of the article. Delete these comments when done.",
    ]
    lines += [f"# warning: {w}" for w in proposal.warnings]
    lines.append("# entities:")
    for ent in proposal.entities:
        status = "NEW" if ent["new"] else f"linked {ent['iri']}"
        lines.append(f"#   {ent['kind']} {ent['id']}: {status}")
    lines.append("# evidence:")
    for fact in proposal.facts:
        for ev in fact["evidence"]:
            sentence = " ".join(ev["text"].split())
            if len(sentence) > 110:
                sentence = sentence[:107] + "..."
            lines.append(
                f"#   {fact['field']} {fact['value']} [{ev['start']}:{ev['end']}] {sentence}"
            )
    body = yaml.safe_dump(proposal.record, sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(lines) + "\n" + body
