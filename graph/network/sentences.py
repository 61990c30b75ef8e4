"""A path as sentences a person reads: "A and B are parties to M (signed 2022-07-08) [source: ...]".

Each hop becomes a clause phrased for its predicate and for the direction it
is walked (forward = subject -> object along the path). Two consecutive hops
through one middle node by the same predicate read better as one sentence
("A and B are parties to M", "A and B are both based in Singapore"), so they
are merged when a phrase exists for that shape. An agreement or event is
dated on first mention; every sentence ends with the titles of the sources
that state it, or says the fact is derived.
"""

import networkx as nx

from graph.network.filters import best_date, disputed_dates
from graph.network.projection import MEMBER_OF
from graph.network.search import Hop, Path
from ontology import GT, ORG, SCHEMA

# predicate -> (forward, backward); {a} is where the hop starts, {b} where it ends.
PHRASES: dict[str, tuple[str, str]] = {
    str(GT.party): ("{a} has {b} as a party", "{a} is a party to {b}"),
    str(GT.facilitator): ("{a} was facilitated by {b}", "{a} facilitated {b}"),
    str(GT.signatory): ("{a} was signed by {b}", "{a} signed {b}"),
    str(GT.witness): ("{a} was witnessed by {b}", "{a} witnessed {b}"),
    str(GT.ledBy): ("{a} is led by {b}", "{a} leads {b}"),
    str(GT.signedAt): ("{a} was signed at {b}", "{a} is where {b} was signed"),
    str(GT.country): ("{a} is based in {b}", "{a} is home to {b}"),
    str(ORG.subOrganizationOf): ("{a} is part of {b}", "{a} includes {b}"),
    str(GT.partOf): ("{a} is part of {b}", "{a} includes {b}"),
    str(GT.renews): ("{a} renews {b}", "{a} is renewed by {b}"),
    str(GT.buildsOn): ("{a} builds on {b}", "{a} is built on by {b}"),
    str(GT.tiedWith): ("{a} is tied with {b}", "{a} is tied with {b}"),
    str(GT.leadAgency): ("{a} has {b} as lead agency", "{a} is the lead agency of {b}"),
    str(GT.launchedBy): ("{a} was launched by {b}", "{a} launched {b}"),
    str(GT.participant): ("{a} has {b} as a participant", "{a} took part in {b}"),
    str(GT.organizer): ("{a} was organised by {b}", "{a} organised {b}"),
    str(GT.location): ("{a} took place at {b}", "{a} was the venue of {b}"),
    str(SCHEMA.containedInPlace): ("{a} is within {b}", "{a} contains {b}"),
    MEMBER_OF: ("{a} is {title} of {b}", "{a} has {b} as {title}"),
}

# Two hops a - m - b by one predicate, m being both triples' subject / object.
SHARED_SUBJECT: dict[str, str] = {
    str(GT.party): "{a} and {b} are parties to {m}",
    str(GT.facilitator): "{a} and {b} facilitated {m}",
    str(GT.signatory): "{a} and {b} signed {m}",
    str(GT.witness): "{a} and {b} witnessed {m}",
    str(GT.participant): "{a} and {b} took part in {m}",
    str(GT.organizer): "{a} and {b} organised {m}",
}
SHARED_OBJECT: dict[str, str] = {
    str(GT.country): "{a} and {b} are both based in {m}",
    str(ORG.subOrganizationOf): "{a} and {b} are both part of {m}",
    MEMBER_OF: "{a} and {b} are both members of {m}",
    str(GT.partOf): "{a} and {b} are both part of {m}",
}


class _Namer:
    """Labels, dated the first time an agreement or event is named."""

    def __init__(self, graph: nx.DiGraph) -> None:
        self.graph = graph
        self.seen: set[str] = set()

    def __call__(self, iri: str) -> str:
        data = self.graph.nodes[iri]
        label = data["label"]
        if iri in self.seen:
            return label
        self.seen.add(iri)
        when = best_date(data)
        disputed = disputed_dates(data)
        if disputed:
            titles = self.graph.graph.get("sources", {})
            readings = "; ".join(
                f"{value} per {', '.join(titles.get(s, s) for s in sorted(sources))}"
                for value, sources in disputed.items()
            )
            verb = "signed" if data["kind"] == "agreement" else "dated"
            return f"{label} ({verb} {when}; sources disagree: {readings})"
        if when and data["kind"] == "agreement":
            return f"{label} (signed {when})"
        if when and data["kind"] in ("event", "programme"):
            return f"{label} ({when})"
        return label


def _cite(graph: nx.DiGraph, hops: list[Hop]) -> str:
    sources = sorted({s for hop in hops for s in hop.sources})
    if not sources:
        return " [derived from agreements]"
    titles = graph.graph.get("sources", {})
    word = "source" if len(sources) == 1 else "sources"
    return f" [{word}: {'; '.join(titles.get(s, s) for s in sources)}]"


def _clause(graph: nx.DiGraph, hop: Hop, name: _Namer) -> str:
    a, b = name(hop.from_node), name(hop.to_node)
    label = graph.edges[hop.subject, hop.object]["predicates"][hop.predicate]["label"]
    forward, backward = PHRASES.get(
        hop.predicate, ("{a} " + label + " {b}", "{b} " + label + " {a}")
    )
    titles = graph.edges[hop.subject, hop.object].get("titles") or {"a member"}
    template = forward if hop.direction == "forward" else backward
    return template.format(a=a, b=b, title=" and ".join(sorted(titles)))


def _merged(hop: Hop, nxt: Hop) -> str | None:
    """The joint phrase for a - m - b when both hops share predicate and the middle's role."""
    if hop.predicate != nxt.predicate:
        return None
    if hop.direction == "backward" and nxt.direction == "forward":
        return SHARED_SUBJECT.get(hop.predicate)
    if hop.direction == "forward" and nxt.direction == "backward":
        return SHARED_OBJECT.get(hop.predicate)
    return None


def sentences(graph: nx.DiGraph, path: Path) -> list[str]:
    """One sentence per hop, or per merged pair of hops, each citing its sources."""
    name = _Namer(graph)
    hops = list(path.hops)
    out = []
    i = 0
    while i < len(hops):
        hop = hops[i]
        joint = _merged(hop, hops[i + 1]) if i + 1 < len(hops) else None
        if joint:
            a, m, b = name(hop.from_node), name(hop.to_node), name(hops[i + 1].to_node)
            text, used = joint.format(a=a, m=m, b=b), hops[i : i + 2]
            i += 2
        else:
            text, used = _clause(graph, hop, name), [hop]
            i += 1
        out.append(f"{text[0].upper()}{text[1:]}{_cite(graph, used)}.")
    return out


def render_path(graph: nx.DiGraph, path: Path, sep: str = " ") -> str:
    """The whole path as one paragraph (or one sentence a line with sep="\\n")."""
    return sep.join(sentences(graph, path))


def _titles(sources: list[dict]) -> str:
    if not sources:
        return " [derived]"
    return f" [{'; '.join(s['title'] or s['iri'] for s in sources)}]"


def neighbours_text(answer: dict) -> list[str]:
    """A /neighbours answer as lines: the nodes by distance, then each statement with sources."""
    lines = [f"{answer['of']['label']}: {len(answer['nodes']) - 1} neighbour(s)"]
    lines += [f"  {'  ' * n['depth']}{n['label']} <{n['iri']}>" for n in answer["nodes"][1:]]
    lines += [
        f"  {e['subject']['label']} —{e['predicate']['label']}→ {e['object']['label']}"
        + _titles(e["sources"])
        for e in answer["edges"]
    ]
    if answer["truncated"]:
        lines.append("  (truncated: raise the node limit to see more)")
    return lines


def ties_text(answer: dict) -> list[str]:
    """A /ties answer as lines: each partner country, then the agreements tying them."""
    home = answer["country"]["label"]
    if not answer["partners"]:
        return [f"{home}: no ties through agreements in the graph"]
    lines = []
    for partner in answer["partners"]:
        lines.append(f"{home} and {partner['label']}:")
        for agreement in partner["agreements"]:
            when = f" (signed {agreement['signed_on']})" if agreement["signed_on"] else ""
            parties = ", ".join(p["label"] for p in agreement["parties"])
            helpers = ", ".join(f["label"] for f in agreement["facilitators"])
            by = f"; facilitated by {helpers}" if helpers else ""
            lines.append(
                f"  {agreement['label']}{when}: parties {parties}{by}"
                + _titles(agreement["sources"])
            )
    return lines
