"""The query page at / and the API docs at /docs, both working offline.

The page is HTML + JS (api/static/) around YASGUI, the SPARQL editor, vendored in
api/static/vendor/yasgui/ by tools/vendor_js.py (`make vendor-js`; version, licence and
hashes in VENDORED.md there): no CDN, no build step, and the page asks nothing of any
host but this one (api/static/app.js switches off YASGUI's outside look-ups). The
example queries are package data (api/examples/*.rq, read through
importlib.resources, so an installed wheel has them too), read at every
request (the first comment line of each file is its title), so new examples
show up without a restart. FastAPI's own /docs loads Swagger UI from a CDN; here it
is served from the swagger-ui-bundle package instead.
"""

import json
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from ontology import ID_BASE, PREFIXES

STATIC = Path(__file__).resolve().parent / "static"
EXAMPLES = files("api") / "examples"
STATIC_URL = "/static/query"  # api/static, mounted by api.app
SWAGGER_URL = "/static/swagger-ui"  # swagger_ui_bundle.swagger_ui_path, mounted by api.app

router = APIRouter(include_in_schema=False)


def example_files(folder: Traversable = EXAMPLES) -> list[Traversable]:
    """The example queries (.rq files), in name order."""
    return sorted((p for p in folder.iterdir() if p.name.endswith(".rq")), key=lambda p: p.name)


def examples(folder: Traversable = EXAMPLES) -> list[dict[str, str]]:
    """Each .rq file as {name, title, query}; the title is its first comment line."""
    found = []
    for path in example_files(folder):
        name = path.name.removesuffix(".rq")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        first = next((ln for ln in text.splitlines() if ln.strip()), "")
        title = first.lstrip("#").strip() if first.lstrip().startswith("#") else name
        found.append({"name": name, "title": title, "query": text})
    return found


def _embed(value: Any) -> str:
    """JSON safe to place inside <script type="application/json">."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


@router.get("/", response_class=HTMLResponse)
def query_page() -> HTMLResponse:
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    prefixes = {**PREFIXES, "id": ID_BASE}
    page = page.replace("{{EXAMPLES}}", _embed(examples())).replace(
        "{{PREFIXES}}", _embed(prefixes)
    )
    return HTMLResponse(page)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title} API",
        swagger_js_url=f"{SWAGGER_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{SWAGGER_URL}/swagger-ui.css",
        swagger_favicon_url=f"{SWAGGER_URL}/favicon-32x32.png",
        swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from swagger.io
    )
