"""Vendor the pages' JavaScript into api/static/vendor/, from the npm registry.

    python tools/vendor_js.py                      # every pinned package below
    python tools/vendor_js.py sigma                # one of them
    python tools/vendor_js.py sigma --version 3.0.3  # another version (then update PINNED)

The query editor is YASGUI; the graph explorer draws with sigma.js over a
graphology graph (WebGL, for thousands of nodes); the map projects world-atlas
TopoJSON (Natural Earth, public domain) with d3-geo (which needs d3-array) and
topojson-client.

`make vendor-js` runs it. It is never run at test or serve time: the vendored
files are committed, and the app serves them from its own origin (no CDN).

For each package: read the registry metadata, download the version's tarball,
check it against the registry's `dist.integrity` (SHA-512, Subresource Integrity
form), extract only the built JS and CSS, write the licence text next to them
(the tarball's own LICENSE when it has one, else the MIT text of the package's
`license` field, checked to be "MIT"), and record package, version, licence,
tarball URL, integrity and each file's SHA-256 in VENDORED.json and VENDORED.md.
"""

import argparse
import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "api" / "static" / "vendor"
REGISTRY = "https://registry.npmjs.org"
PINNED = {
    "@zazuko/yasgui": "4.6.2",
    "sigma": "3.0.3",
    "graphology": "0.26.0",
    "d3-array": "3.2.4",
    "d3-geo": "3.1.2",
    "topojson-client": "3.1.0",
    "world-atlas": "2.0.2",
}
# package -> (folder under VENDOR, {tarball member: file name})
FILES = {
    "@zazuko/yasgui": (
        "yasgui",
        {
            "package/build/yasgui.min.js": "yasgui.min.js",
            "package/build/yasgui.min.css": "yasgui.min.css",
        },
    ),
    "sigma": ("sigma", {"package/dist/sigma.min.js": "sigma.min.js"}),
    "graphology": ("graphology", {"package/dist/graphology.umd.min.js": "graphology.umd.min.js"}),
    "d3-array": ("d3-array", {"package/dist/d3-array.min.js": "d3-array.min.js"}),
    "d3-geo": ("d3-geo", {"package/dist/d3-geo.min.js": "d3-geo.min.js"}),
    "topojson-client": (
        "topojson-client",
        {"package/dist/topojson-client.min.js": "topojson-client.min.js"},
    ),
    "world-atlas": (
        "world-atlas",
        {
            "package/countries-110m.json": "countries-110m.json",
            "package/countries-50m.json": "countries-50m.json",
        },
    ),
}
LICENCE_FILES = ("license", "license.md", "license.txt", "licence")
# The tarball of @zazuko/yasgui carries no LICENSE file; its package.json says "MIT"
# and the repository's LICENSE (github.com/rdfjs/Yasgui) is this text.
MIT = """The MIT License (MIT)

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
"""


def get(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as answer:
        return answer.read()


def check_integrity(data: bytes, integrity: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    if algorithm not in ("sha512", "sha384", "sha256"):
        raise SystemExit(f"unsupported integrity algorithm {algorithm!r}")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise SystemExit(
            f"integrity mismatch: registry says {integrity}, tarball is {algorithm}-{actual}"
        )


def vendor(package: str, version: str) -> dict:
    meta = json.loads(get(f"{REGISTRY}/{package}"))
    if version not in meta["versions"]:
        raise SystemExit(
            f"{package} has no version {version}; latest is {meta['dist-tags']['latest']}"
        )
    dist = meta["versions"][version]["dist"]
    tarball = get(dist["tarball"])
    check_integrity(tarball, dist["integrity"])
    folder, wanted = FILES[package]
    out = VENDOR / folder
    out.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
        manifest = json.load(tar.extractfile("package/package.json"))
        if manifest["name"] != package or manifest["version"] != version:
            raise SystemExit(f"tarball holds {manifest['name']}@{manifest['version']}")
        names = tar.getnames()
        licence_member = next(
            (n for n in names if n.lower().removeprefix("package/") in LICENCE_FILES),
            None,
        )
        written = {}
        for member, name in wanted.items():
            data = tar.extractfile(member).read()
            (out / name).write_bytes(data)
            written[name] = hashlib.sha256(data).hexdigest()
        if licence_member:
            licence_text = tar.extractfile(licence_member).read().decode()
            licence_from = licence_member.removeprefix("package/")
        elif manifest.get("license") == "MIT":
            licence_text = MIT
            licence_from = 'package.json "license": "MIT" (the tarball has no LICENSE file)'
        else:
            raise SystemExit(f"{package}: no LICENSE file and licence {manifest.get('license')!r}")
    (out / "LICENSE").write_text(licence_text, encoding="utf-8")
    record = {
        "package": package,
        "version": version,
        "license": manifest.get("license"),
        "license_from": licence_from,
        "homepage": manifest.get("homepage"),
        "tarball": dist["tarball"],
        "integrity": dist["integrity"],
        "shasum": dist.get("shasum"),
        "files_sha256": written,
        "vendored_by": "tools/vendor_js.py (make vendor-js)",
    }
    (out / "VENDORED.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    lines = [
        f"# {package} {version}",
        "",
        "Vendored by `tools/vendor_js.py` (`make vendor-js`) from the npm registry; do not edit",
        "these files by hand, rerun the script.",
        "",
        f"- package: `{package}`",
        f"- version: `{version}`",
        f"- licence: {manifest.get('license')} (text in `LICENSE`, from {licence_from})",
        f"- homepage: {manifest.get('homepage')}",
        f"- tarball: {dist['tarball']}",
        f"- integrity (checked): `{dist['integrity']}`",
        "",
        "| file | sha256 |",
        "| --- | --- |",
        *(f"| `{name}` | `{sha}` |" for name, sha in written.items()),
        "",
    ]
    (out / "VENDORED.md").write_text("\n".join(lines), encoding="utf-8")
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", nargs="*", help=f"any of {', '.join(PINNED)} (default: all)")
    parser.add_argument("--version", help="another version of the one package named")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.packages) - set(PINNED))
    if unknown:
        parser.error(f"not a vendored package: {', '.join(unknown)}")
    if args.version and len(args.packages) != 1:
        parser.error("--version needs exactly one package")
    for package in args.packages or PINNED:
        record = vendor(package, args.version or PINNED[package])
        print(
            f"{record['package']}@{record['version']} ({record['license']}) -> api/static/vendor/"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
