"""Server-rendered HTML for people: the templates, and the link of every IRI to its page.

Pages are plain HTML and CSS (api/templates, api/static/site.css) that read
without JavaScript; site.js only adds the search box's suggestions. Every
govties IRI is shown as a link to its local page (/id/..., /ontology#...),
so a reader can follow any name anywhere.
"""

from pathlib import Path
from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from graph.describe.labels import is_source
from graph.network.resolve import curie
from ontology import GT, ID_BASE, ONTOLOGY_IRI

TEMPLATES = Path(__file__).resolve().parent / "templates"


def href(iri: str) -> str:
    """The page of an IRI on this server; an IRI from elsewhere links to itself."""
    if iri.startswith(ID_BASE):
        return "/id/" + iri[len(ID_BASE) :]
    if iri.startswith(str(GT)):
        return "/ontology#" + iri[len(str(GT)) :]
    if iri == str(ONTOLOGY_IRI):
        return "/ontology"
    return iri


ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.filters["href"] = href
ENV.filters["curie"] = curie
ENV.filters["by_number"] = lambda graphs, numbers: sorted(graphs, key=numbers.__getitem__)
ENV.tests["source"] = is_source


def page(template: str, status: int = 200, headers: dict[str, str] | None = None,
         **context: Any) -> HTMLResponse:  # fmt: skip
    body = ENV.get_template(template).render(**context)
    return HTMLResponse(body, status_code=status, headers=headers)
