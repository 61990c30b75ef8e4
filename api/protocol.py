"""HTTP plumbing of the SPARQL 1.1 Protocol: content negotiation, parameters, bodies.

Negotiation follows RFC 9110: each Accept range carries a q-value (default
1, q=0 = "not this"); for each format on offer (graph.sparql.formats), the
most specific matching range (type/subtype > alias > type/* > */*) gives
its q; the highest q wins, ties go to the type the client named explicitly,
then to the table's order of preference. A `format` (or `output`)
parameter overrides Accept, as Fuseki and Virtuoso do; SPARQLWrapper sends
both, sometimes with two values (a short name and a media type): the first
value we recognise wins.
"""

from collections.abc import Mapping, Sequence
from urllib.parse import parse_qsl

from fastapi import Request

from graph.errors import Malformed, NotAcceptable, TooLarge
from graph.sparql.formats import Format, names

Params = Mapping[str, Sequence[str]]
HTML = "text/html"


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Accept as (media range, q) pairs, lower-cased; malformed entries are skipped."""
    ranges = []
    for part in (header or "").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if media.count("/") != 1:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    return ranges


def _quality(offer: Format, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    return _quality_of(offer.media_type, offer.aliases, ranges)


def _quality_of(
    media_type: str, aliases: Sequence[str], ranges: list[tuple[str, float]]
) -> tuple[float, int]:
    """(q, specificity) of the most specific range that matches the media type."""
    major = media_type.split("/")[0]
    best = (-1, 0.0)
    for media, q in ranges:
        if media == media_type:
            rank = 3
        elif media in aliases:
            rank = 2
        elif media == f"{major}/*":
            rank = 1
        elif media == "*/*":
            rank = 0
        else:
            continue
        best = max(best, (rank, q), key=lambda pair: pair[0])
    return best[1], best[0]


def negotiate(
    offers: Sequence[Format], accept: str | None, formats: Sequence[str] = ()
) -> str | None:
    """The media type to answer with, or None if nothing acceptable is on offer."""
    if formats:
        for value in formats:
            for offer in offers:
                if offer.matches(value):
                    return offer.media_type
        return None
    ranges = parse_accept(accept) or [("*/*", 1.0)]
    scored = [
        ((q, rank, -index), offer.media_type)
        for index, offer in enumerate(offers)
        for q, rank in [_quality(offer, ranges)]
        if q > 0
    ]
    return max(scored)[1] if scored else None


def _html_quality(ranges: list[tuple[str, float]]) -> tuple[float, int]:
    return _quality_of(HTML, ("application/xhtml+xml",), ranges)


def prefers_html(accept: str | None) -> bool:
    """A browser: names text/html and likes it at least as much as JSON. API clients
    (curl's */*, SPARQL clients, JSON clients) keep their JSON errors and answers."""
    if not accept or "html" not in accept:
        return False
    ranges = parse_accept(accept)
    html = _html_quality(ranges)
    return html[1] >= 2 and html >= _quality_of("application/json", (), ranges)


def negotiate_page(offers: Sequence[Format], accept: str | None, formats: Sequence[str]) -> str:
    """HTML or one of `offers` for a linked-data page: HTML wins ties, so a browser and a
    bare `*/*` get the page and an RDF client naming its format gets the RDF. Among the
    offers the rule is negotiate()'s: q, then specificity, then the table's order."""
    if any(value.strip().lower() == "html" for value in formats):
        return HTML
    if formats:
        return negotiated(offers, "this page", accept, formats)
    ranges = parse_accept(accept) or [("*/*", 1.0)]
    candidates = [(*_html_quality(ranges), 1, 0, HTML)] + [
        (*_quality(offer, ranges), 0, -index, offer.media_type)
        for index, offer in enumerate(offers)
    ]
    best = max((c for c in candidates if c[0] > 0), default=None)
    if best is None:
        raise not_acceptable(offers, "this page", accept, formats)
    return best[-1]


def negotiated(
    offers: Sequence[Format], what: str, accept: str | None, formats: Sequence[str]
) -> str:
    """The media type to answer `what` with; NotAcceptable listing what is on offer."""
    media = negotiate(offers, accept, formats)
    if media is None:
        raise not_acceptable(offers, what, accept, formats)
    return media


def not_acceptable(
    offers: Sequence[Format], what: str, accept: str | None, formats: Sequence[str]
) -> NotAcceptable:
    asked = f"format={','.join(formats)}" if formats else f"Accept: {accept or '*/*'}"
    available = ", ".join(o.media_type for o in offers)
    return NotAcceptable(
        f"cannot answer {what} as {asked}; available: {available} (or format={names(offers)})"
    )


def formats(params: Params) -> list[str]:
    """Values of the format= / output= override, in order."""
    return [*params.get("format", ()), *params.get("output", ())]


def single(params: Params, name: str) -> str | None:
    values = params.get(name, ())
    if len(values) > 1:
        raise Malformed(f"give one {name} parameter, not {len(values)}")
    return values[0] if values else None


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to exceed limit bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"request body of {declared} bytes exceeds the limit of {limit}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"request body exceeds the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Malformed(f"{what} is not UTF-8: {exc}") from exc


def form_params(body: bytes) -> dict[str, list[str]]:
    """An application/x-www-form-urlencoded body as a multi-dict."""
    params: dict[str, list[str]] = {}
    for key, value in parse_qsl(decode(body, "form body"), keep_blank_values=True):
        params.setdefault(key, []).append(value)
    return params


def query_params(request: Request) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    return params


def media_type(request: Request) -> str:
    """The request's Content-Type without parameters, lower-cased."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()
