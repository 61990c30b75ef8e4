"""The layout holds: graph/ knows nothing of HTTP, modules stay small, and the package
installed from a wheel (no checkout around it) still serves the query page's examples."""

import ast
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from api.pages import example_files
from tests.support import ROOT

PACKAGES = ("api", "graph", "ontology")
MAX_LINES = 320  # "under ~300": a little slack, no more


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_nothing_under_graph_imports_api():
    offenders = {
        str(path.relative_to(ROOT)): sorted(n for n in imported(path) if n.split(".")[0] == "api")
        for path in modules("graph")
    }
    assert not {k: v for k, v in offenders.items() if v}


def test_the_check_sees_an_import_of_api(tmp_path):
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("def f():\n    from api.app import create_app\n    return create_app\n")
    assert "api.app" in imported(sneaky)


@pytest.mark.parametrize("package", PACKAGES)
def test_modules_stay_small(package):
    long = {
        str(p.relative_to(ROOT)): n
        for p in modules(package)
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these modules: {long}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of what a clone holds (tracked and new files; nothing ignored or stale)."""
    clone, out = tmp_path_factory.mktemp("clone"), tmp_path_factory.mktemp("wheel")
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.split("\0")  # fmt: skip
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(out), str(clone)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return next(out.glob("govties-*.whl"))


def test_the_wheel_carries_its_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in example_files():
        assert f"api/examples/{path.name}" in names
    for needed in (
        "graph/view/templates/view.html.j2",
        "api/static/index.html",
        "api/static/vendor/yasgui/yasgui.min.js",
        "api/static/vendor/yasgui/yasgui.min.css",
        "api/static/vendor/yasgui/LICENSE",
        "ontology/govties.ttl",
        "ontology/shapes.ttl",
    ):
        assert needed in names


def test_installed_package_serves_the_examples_without_a_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
         str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    probe = (
        "import api, sys\n"
        "from fastapi.testclient import TestClient\n"
        "from api.app import create_app\n"
        "page = TestClient(create_app()).get('/')\n"
        "print(api.__file__)\n"
        "print(page.status_code)\n"
        "print(page.text)\n"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=elsewhere, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    where, status, page = done.stdout.split("\n", 2)
    assert where.startswith(str(site)), "the wheel's copy, not the checkout's"
    assert status == "200"
    first = example_files()[0].read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    assert first in page
