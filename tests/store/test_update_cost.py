"""A small change costs the change, not the store (issue #17, 3).

The new version is a checkpoint of the old one: its table files are hard links to the
old version's, the old version's files are untouched and a reader holding it keeps its
answers. The result must be what copying the whole store and re-deriving the union
gave (the reference below), with the derived graph as a build would derive it and the
manifest's counts right.
"""

import hashlib
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.build.derived_graph import Facts, derive_ties, derive_types
from graph.errors import Refused
from graph.sparql import update
from graph.sparql.derived import DERIVED, ONTOLOGY, TIED, TYPE
from graph.sparql.touched import EVERYTHING, update_touches
from graph.store.versions import live_version, read_manifest, versions_dir
from ontology import PREFIXES

ID = "https://w3id.org/govties/id/"
SOURCE = f"{ID}source/business-times-sg-uk-2019"
OTHER = f"{ID}source/bench-other"
GDS = f"{ID}org/gds"
NOTE = "http://www.w3.org/2004/02/skos/core#note"
DEFAULT = ox.DefaultGraph()
INSERT_ONE = f'INSERT DATA {{ GRAPH <{SOURCE}> {{ <{GDS}> <{NOTE}> "one more" }} }}'


def _files(version: Path) -> dict[str, tuple[int, int, str]]:
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in version.iterdir()
        if p.is_file()
    }


def _sst_bytes(version: Path, shared_with: set[int]) -> tuple[int, int]:
    """Bytes of the version's table files: (shared with the inodes given, its own)."""
    shared = own = 0
    for p in version.glob("*.sst"):
        if p.stat().st_ino in shared_with:
            shared += p.stat().st_size
        else:
            own += p.stat().st_size
    return shared, own


def test_a_one_triple_insert_links_the_old_tables_and_leaves_the_old_version_as_it_was(fresh):
    old = live_version(fresh)
    reader = ox.Store.read_only(str(old))
    ask = f'ASK {{ GRAPH <{SOURCE}> {{ <{GDS}> <{NOTE}> "one more" }} }}'
    before_files, before_len = _files(old), len(reader)
    assert not reader.query(ask)

    update.apply_update(str(fresh), INSERT_ONE)

    new = live_version(fresh)
    assert new != old
    inodes = {p.stat().st_ino for p in old.glob("*.sst")}
    shared, own = _sst_bytes(new, inodes)
    assert shared > 0, "the new version copied the old one's tables instead of linking them"
    assert own <= max(64_000, shared // 10), (shared, own)
    assert _files(old) == before_files  # not a byte of the live version was written
    assert not reader.query(ask) and len(reader) == before_len  # a reader keeps its answers
    assert ox.Store.read_only(str(new)).query(ask)
    assert ox.Store.read_only(str(new)).query(ask.replace(f"GRAPH <{SOURCE}>", ""))
    assert _unlocked(new), "the writer still holds the new version open"


def _unlocked(version: Path) -> bool:
    """Whether no process holds RocksDB's lock on the version (tried from another process:
    POSIX record locks never conflict within one)."""
    probe = (
        "import fcntl, sys\n"
        "fh = open(sys.argv[1], 'r+')\n"
        "try:\n    fcntl.lockf(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
        "except OSError:\n    sys.exit(1)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(version / "LOCK")], timeout=60)
    return done.returncode == 0


def _reference(store: ox.Store, mutate: Callable[[ox.Store], None]) -> ox.Store:
    """What the whole-store copy did: mutate a copy, then rebuild the default graph."""
    work = ox.Store()
    work.extend(store.quads_for_pattern(None, None, None, None))
    default = ox.DefaultGraph()
    before = {q.triple for q in work.quads_for_pattern(None, None, None, default)}
    mutate(work)
    after = {q.triple for q in work.quads_for_pattern(None, None, None, default)}
    named = [q for q in work.quads_for_pattern(None, None, None, None) if q.graph_name != default]
    retracted = before - after
    out = ox.Store()
    out.extend(q for q in named if q.triple not in retracted)
    out.extend(ox.Quad(*q.triple) for q in named if q.triple not in retracted)
    # ... and the derived graph derived anew from the facts, as a build would
    have, want = derived_of(out), derived_by_build(out)
    for line in have ^ want:
        triple = next(ox.parse(f"{line} .".encode(), format=ox.RdfFormat.N_TRIPLES)).triple
        (out.add if line in want else out.remove)(ox.Quad(*triple, DERIVED))
        if not any(q.graph_name != default for q in out.quads_for_pattern(*triple)):
            out.remove(ox.Quad(*triple))
        elif line in want:
            out.add(ox.Quad(*triple))
    return out


def derived_by_build(store: ox.Store) -> set[str]:
    """What a build derives (ties and superclass types) from the store's stated facts."""
    facts = Facts()
    for quad in store:
        if quad.graph_name not in (ox.DefaultGraph(), DERIVED):
            facts.see(str(quad.subject), str(quad.predicate), str(quad.object))
    ontology = [str(q.triple) for q in store.quads_for_pattern(None, None, None, ONTOLOGY)]
    return set(derive_ties(facts)) | set(derive_types(facts, ontology))


def derived_of(store: ox.Store) -> set[str]:
    """The ties and superclass types the store's derived graph states."""
    return {
        str(q.triple)
        for q in store.quads_for_pattern(None, None, None, DERIVED)
        if q.predicate in (TIED, TYPE) and q.subject != DERIVED
    }


def _quads(store: ox.Store) -> list[str]:
    """The quads as text, blank node labels blanked (the whole-store copy renamed them)."""
    return sorted(re.sub(r"_:\w+", "_:", str(q)) for q in store)


CHANGES = {
    "insert a new fact": INSERT_ONE,
    "insert what another source states": (
        f"INSERT {{ GRAPH <{OTHER}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{SOURCE}> {{ ?s ?p ?o }} }}"
    ),
    "delete from one of two sources": (
        f"INSERT {{ GRAPH <{OTHER}> {{ <{GDS}> ?p ?o }} }} WHERE {{ GRAPH <{SOURCE}> "
        f"{{ <{GDS}> ?p ?o }} }} ; DELETE WHERE {{ GRAPH <{SOURCE}> {{ <{GDS}> ?p ?o }} }}"
    ),
    "delete from the union": f"DELETE WHERE {{ <{GDS}> ?p ?o }}",
    "relabel in every graph": (
        f"DELETE {{ GRAPH ?g {{ ?s rdfs:label ?l }} }} INSERT {{ GRAPH ?g {{ ?s rdfs:label "
        f'"GDS"@EN }} }} WHERE {{ GRAPH ?g {{ ?s rdfs:label ?l }} FILTER(?s = <{GDS}>) }}'
    ),
    "typed literals written two ways": (
        f'INSERT DATA {{ GRAPH <{SOURCE}> {{ <{GDS}> <{NOTE}> "01"^^xsd:integer, 2.0e0 }} }} ; '
        f'DELETE DATA {{ GRAPH <{SOURCE}> {{ <{GDS}> <{NOTE}> "1"^^xsd:integer }} }}'
    ),
    "with a default template graph": (
        f"WITH <{OTHER}> INSERT {{ <{GDS}> <{NOTE}> ?l }} WHERE {{ GRAPH ?g {{ <{GDS}> "
        "rdfs:label ?l } }"
    ),
    "drop a source": f"DROP GRAPH <{SOURCE}>",
    "copy then clear": f"COPY <{SOURCE}> TO <{OTHER}> ; CLEAR GRAPH <{SOURCE}>",
    "move": f"MOVE <{SOURCE}> TO <{OTHER}>",
    "clear the default graph": "CLEAR DEFAULT",
    "empty a source": f"DELETE WHERE {{ GRAPH <{SOURCE}> {{ ?s ?p ?o }} }}",
}


@pytest.mark.parametrize("bounded", [True, False], ids=["by its templates", "one pass"])
@pytest.mark.parametrize("text", CHANGES.values(), ids=CHANGES.keys())
def test_an_update_gives_what_the_whole_store_copy_gave_with_right_counts(
    fresh, text, bounded, monkeypatch
):
    if not bounded:  # as for text rdflib cannot read: the whole store, in one pass
        monkeypatch.setattr(update, "update_touches", lambda *_: EVERYTHING)
    old = ox.Store.read_only(str(live_version(fresh)))
    expected = _reference(old, lambda work: work.update(text, prefixes=PREFIXES))
    result = update.apply_update(str(fresh), text)
    new_version = live_version(fresh)
    new = ox.Store.read_only(str(new_version))
    assert _quads(new) == _quads(expected)
    assert set(new.named_graphs()) == set(expected.named_graphs())
    manifest = read_manifest(new_version)
    assert manifest["quads"] == len(new) == result["quads"]
    assert manifest["graphs"] == sum(1 for _ in new.named_graphs())
    assert manifest["updates"] == 1


def test_graph_store_writes_give_what_the_whole_store_copy_gave(fresh):
    payload = f'<{GDS}> <{NOTE}> "uploaded" .\n<{GDS}> <{NOTE}> "again" .\n'.encode()
    steps = [
        (lambda: update.write_graph(str(fresh), OTHER, [(payload, "application/n-triples")], True)),
        (
            lambda: update.write_graph(
                str(fresh), SOURCE, [(payload, "application/n-triples")], False
            )
        ),
        (
            lambda: update.write_graph(
                str(fresh), SOURCE, [(payload, "application/n-triples")], True
            )
        ),
        (lambda: update.drop_graph(str(fresh), OTHER)),
    ]
    texts = [
        f'INSERT DATA {{ GRAPH <{OTHER}> {{ <{GDS}> <{NOTE}> "uploaded", "again" }} }}',
        f'INSERT DATA {{ GRAPH <{SOURCE}> {{ <{GDS}> <{NOTE}> "uploaded", "again" }} }}',
        f"CLEAR GRAPH <{SOURCE}> ; INSERT DATA {{ GRAPH <{SOURCE}> {{ <{GDS}> <{NOTE}> "
        '"uploaded", "again" } }',
        f"DROP GRAPH <{OTHER}>",
    ]
    for step, text in zip(steps, texts, strict=True):
        old = ox.Store.read_only(str(live_version(fresh)))
        expected = _reference(old, lambda work, text=text: work.update(text))
        step()
        version = live_version(fresh)
        new = ox.Store.read_only(str(version))
        assert _quads(new) == _quads(expected), text
        assert read_manifest(version)["quads"] == len(new)
        assert read_manifest(version)["graphs"] == sum(1 for _ in new.named_graphs())


def test_a_fact_only_in_the_union_is_refused_and_nothing_changes(fresh):
    old = live_version(fresh)
    with pytest.raises(Refused, match="GRAPH <source-iri>"):
        update.apply_update(str(fresh), f'INSERT DATA {{ <{GDS}> <{NOTE}> "nowhere" }}')
    assert live_version(fresh) == old
    assert [p.name for p in versions_dir(fresh).iterdir()] == ["v1"]


def test_the_change_is_bounded_by_its_templates_not_the_store():
    one = update_touches(INSERT_ONE, PREFIXES, None)
    assert one.patterns == (
        (ox.NamedNode(GDS), ox.NamedNode(NOTE), ox.Literal("one more"), ox.NamedNode(SOURCE)),
    )
    relabel = update_touches(CHANGES["relabel in every graph"], PREFIXES, None)
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    gds_label = ox.Literal("GDS", language="en")
    assert set(relabel.patterns) == {(None, label, None, None), (None, label, gds_label, None)}
    assert update_touches("INSERT DATA { GRAPH <g> { <a> <b> <c> ", PREFIXES, None) == EVERYTHING
    drop = update_touches(f"DROP GRAPH <{SOURCE}> ; CLEAR DEFAULT", PREFIXES, None)
    assert drop.patterns == ((None, None, None, ox.NamedNode(SOURCE)), (None, None, None, DEFAULT))
    modify = update_touches(f"DELETE {{ <{GDS}> ?p ?o }} WHERE {{ <{GDS}> ?p ?o }}", PREFIXES, None)
    assert modify.patterns == ((ox.NamedNode(GDS), None, None, DEFAULT),)  # no WITH: the default
    many = " ".join(f'<{GDS}> <{NOTE}> "{i}" .' for i in range(500))
    bulk = f"INSERT DATA {{ GRAPH <{SOURCE}> {{ {many} }} }}"
    assert update_touches(bulk, PREFIXES, None) == EVERYTHING  # one pass beats rdflib's parse


TRICKY = [
    "INSERT DATA { GRAPH <http://g> { <http://ex/\\u00e9> <http://p> <http://ex/\\U0001F600> } }",
    "PREFIX ex: <http://ex/> INSERT DATA { GRAPH ex:g { ex:a\\-b ex:p ex:c\\.d } }",
    "BASE <http://base/x/> INSERT DATA { GRAPH <g> { <../a> <p> <#c> } }",
    'INSERT DATA { GRAPH <http://g> { <http://a> a <http://C> ; <http://p> "x\\u00e9\\t"@EN-us, '
    "'''multi\nline''', 1.0e0, \"01\"^^xsd:integer, true } }",
    "INSERT DATA { GRAPH <../../../a> { <//host/x> <?q> <>, <#f>, <a/./b/../c>, <./g:h> } }",
]


@pytest.mark.parametrize("text", TRICKY)
def test_the_patterns_cover_what_the_engine_writes_however_terms_are_spelled(text):
    """rdflib reads the templates, the engine applies them: a term the two spell apart
    would leave a written triple outside every pattern, and the union wrong."""
    base = "http://127.0.0.1:8000/sparql"
    written = ox.Store()
    written.update(text, prefixes=PREFIXES, base_iri=base)
    patterns = update_touches(text, PREFIXES, base).patterns
    for quad in written:
        terms = (quad.subject, quad.predicate, quad.object, quad.graph_name)
        assert any(
            all(c is None or c == t for c, t in zip(p, terms, strict=True)) for p in patterns
        ), quad
