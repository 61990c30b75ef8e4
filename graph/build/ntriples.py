"""RDF terms and triples as N-Triples text ("<s> <p> <o>"), not rdflib objects.

A million-triple dataset then costs seconds and a few hundred MB instead of
minutes and gigabytes, deduplicates with plain sets and streams straight into
the store's N-Quads bulk loader.
"""

import re

import pyoxigraph as ox
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from graph import dates
from ontology import GT, ID_BASE, ORG


def iri(value: str) -> str:
    """An IRI term in N-Triples form."""
    return f"<{value}>"


# What a string literal cannot hold as it is: quotes, backslashes, control characters, and
# a backslash before u or U, which SPARQL would read as a codepoint escape (see quoted).
_ESCAPE = re.compile(r'\\[uU]|["\\\x00-\x1f]')
_ECHAR = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _escape(match: re.Match[str]) -> str:
    found = match.group()
    if len(found) == 2:  # a backslash, then its u or U as a codepoint escape
        return f"\\\\\\u{ord(found[1]):04x}"
    return _ECHAR.get(found) or f"\\u{ord(found):04x}"


def quoted(text: str) -> str:
    r"""text as a string literal that N-Triples, Turtle and SPARQL all read back as text.

    SPARQL decodes \u escapes anywhere in a query before parsing it, and engines differ on
    whether an escaped backslash protects the u after it. So a backslash followed by u is
    written \\\u0075: every reading gives a backslash and a u, and the only codepoint
    escape written is one that decodes to a letter, which graph.backend.remote lets through.
    Control characters other than tab, line breaks, backspace and form feed become \u
    escapes (N-Triples and JSON read them; a remote store refuses them in a query).
    """
    return f'"{_ESCAPE.sub(_escape, text)}"'


def literal(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal term in N-Triples form: plain (xsd:string), language-tagged or typed."""
    if lang:
        return f"{quoted(text)}@{lang}"
    if datatype and datatype != str(XSD.string):
        return f"{quoted(text)}^^<{datatype}>"
    return quoted(text)


def en(text: str) -> str:
    return literal(text, lang="en")


T_TYPE, T_LABEL, T_ALT, T_NOTE = iri(RDF.type), iri(RDFS.label), iri(SKOS.altLabel), iri(SKOS.note)
T_DERIVED_FROM, T_COUNTRY = iri(PROV.wasDerivedFrom), iri(GT.country)
T_PARENT, T_PARTY, T_FACILITATOR = iri(ORG.subOrganizationOf), iri(GT.party), iri(GT.facilitator)
T_TIED, T_SUBCLASS = iri(GT.tiedWith), iri(RDFS.subClassOf)
T_MEMBERSHIP, T_MEMBER, T_ORGANIZATION = iri(ORG.Membership), iri(ORG.member), iri(ORG.organization)
T_TITLE, T_TOPIC, T_PERSON = iri(GT.title), iri(GT.topic), iri(GT.Person)


def date_literal(text: str) -> str:
    """A date as precise as written; anything else stays a plain string for SHACL to reject."""
    return literal(text, datatype=dates.datatype(text))


def url_term(text: str) -> str:
    """A source URL as an IRI; a malformed one stays a string so SHACL (sh:nodeKind) rejects it."""
    try:
        return str(ox.NamedNode(text))
    except ValueError:
        return literal(text)


def entity(kind: str, slug: str) -> str:
    """An instance IRI term (ontology.entity_iri, as N-Triples text)."""
    return f"<{ID_BASE}{kind}/{slug}>"


def source_iri(slug: str) -> str:
    return entity("source", slug)


def topic_iri(slug: str) -> str:
    return entity("topic", slug)


def country_iri(code: str) -> str:
    return entity("country", code)


def split_triple(triple: str) -> tuple[str, str, str]:
    """Subject, predicate, object of an N-Triples line (no spaces before the object)."""
    s, p, o = triple.split(" ", 2)
    return s, p, o
