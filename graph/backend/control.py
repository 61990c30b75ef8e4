"""The control graph of a remote store: which version is live, what each version holds,
and the removal of versions nobody reads any more.

<urn:govties:control> holds, for each version V a build has started, the public IRIs of
its graphs (written before any data, so a killed build's graphs can be found again)
and, once V is loaded and counted, its manifest; and the pointer
<urn:govties:store> ctl:live V. Switching is one INSERT DATA of the new pointer
followed by the deletion of the older ones: every reader sees a complete version
before, during and after, taking the newest pointer when it sees two. The live version
and the one before it are kept (readers may be answering from it); every other version,
complete or abandoned by a killed build, is dropped by the next build, graph by graph,
its record last, so a build killed while dropping leaves a record the next one finishes.
"""

import json
from collections.abc import Iterable, Sequence
from typing import Any

from graph.backend.client import JSON_RESULTS, EngineClient
from graph.backend.scope import CONTROL, VERSION_NS, VersionNames
from graph.build.ntriples import quoted

CTL = "urn:govties:control#"
STORE = "urn:govties:store"
BATCH = 500  # graph IRIs per update request


def _rows(client: EngineClient, query: str) -> list[dict[str, str]]:
    body, _ = client.query(query, JSON_RESULTS)
    bindings = json.loads(body)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def live(client: EngineClient) -> tuple[VersionNames, dict[str, Any]] | None:
    """The live version and its manifest, or None if no build has finished on this store."""
    rows = _rows(
        client,
        f"SELECT ?v ?m WHERE {{ GRAPH <{CONTROL}> {{ <{STORE}> <{CTL}live> ?v . "
        f"?v <{CTL}manifest> ?m }} }} ORDER BY DESC(STR(?v)) LIMIT 1",
    )
    if not rows:
        return None
    return VersionNames.of(rows[0]["v"]), json.loads(rows[0]["m"])


def graphs(client: EngineClient, names: VersionNames) -> list[str]:
    """The public IRIs of the version's named graphs, sorted."""
    rows = _rows(
        client, f"SELECT ?g WHERE {{ GRAPH <{CONTROL}> {{ <{names.iri}> <{CTL}graph> ?g }} }}"
    )
    return sorted(row["g"] for row in rows)


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    return (items[i : i + BATCH] for i in range(0, len(items), BATCH))


def register(client: EngineClient, names: VersionNames, public: Sequence[str]) -> None:
    """Record a new version's graphs before its data is written (a record with no
    manifest is a version being loaded, or one a killed build left)."""
    for part in _chunks(public):
        objects = ", ".join(f"<{g}>" for g in part)
        client.update(
            f"INSERT DATA {{ GRAPH <{CONTROL}> {{ <{names.iri}> <{CTL}graph> {objects} }} }}"
        )


def complete(client: EngineClient, names: VersionNames, manifest: dict[str, Any]) -> None:
    text = quoted(json.dumps(manifest, ensure_ascii=True))
    client.update(f"INSERT DATA {{ GRAPH <{CONTROL}> {{ <{names.iri}> <{CTL}manifest> {text} }} }}")


def switch(client: EngineClient, names: VersionNames) -> None:
    """Make the version live: add its pointer, then remove the older pointers."""
    client.update(f"INSERT DATA {{ GRAPH <{CONTROL}> {{ <{STORE}> <{CTL}live> <{names.iri}> }} }}")
    client.update(
        f"DELETE {{ GRAPH <{CONTROL}> {{ <{STORE}> <{CTL}live> ?old }} }} "
        f"WHERE {{ GRAPH <{CONTROL}> {{ <{STORE}> <{CTL}live> ?old }} "
        f"FILTER(?old != <{names.iri}>) }}"
    )


def versions(client: EngineClient) -> list[tuple[VersionNames, bool]]:
    """Every version with a record, oldest first, and whether it was completed."""
    rows = _rows(
        client,
        f"SELECT DISTINCT ?v ?m WHERE {{ GRAPH <{CONTROL}> {{ ?v <{CTL}graph> ?g "
        f'OPTIONAL {{ ?v <{CTL}manifest> ?m }} }} FILTER(STRSTARTS(STR(?v), "{VERSION_NS}")) }}',
    )
    found = {row["v"]: "m" in row for row in rows}
    return [(VersionNames.of(v), done) for v, done in sorted(found.items())]


def stale(client: EngineClient) -> list[VersionNames]:
    """Versions to drop: all but the live one and the newest complete one before it."""
    current = live(client)
    if current is None:
        return [n for n, _ in versions(client)]
    known = versions(client)
    previous = [n for n, done in known if done and n.id < current[0].id]
    keep = {current[0].iri, *(n.iri for n in previous[-1:])}
    return [n for n, _ in known if n.iri not in keep]


def drop(client: EngineClient, names: VersionNames) -> None:
    """Drop a version's graphs, then its record."""
    iris = [names.graph(g) for g in graphs(client, names)] + [names.iri, names.map]
    for part in _chunks(iris):
        client.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in part))
    client.update(f"DELETE WHERE {{ GRAPH <{CONTROL}> {{ <{names.iri}> ?p ?o }} }}")


def collect(client: EngineClient) -> list[VersionNames]:
    """Drop every stale version (see stale); return those dropped."""
    dropped = stale(client)
    for names in dropped:
        drop(client, names)
    return dropped


def quads(client: EngineClient, names: VersionNames) -> int:
    """How many quads the engine holds in the version's graphs."""
    rows = _rows(
        client,
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
        f'FILTER(?g = <{names.iri}> || STRSTARTS(STR(?g), "{names.iri}:")) }}',
    )
    return int(rows[0]["n"]) if rows else 0
