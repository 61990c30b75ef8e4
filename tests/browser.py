"""Headless Chromium for the page tests: Debian's chromium, driven over the DevTools
protocol, with every host but localhost unreachable, and the app served on loopback.

Chromium comes from `make browser` (apt); without it these tests fail, they never skip.
"""

import base64
import json
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from websockets.sync.client import connect

from api.app import create_app
from api.settings import Settings
from tests.support import ROOT

ARTIFACTS = ROOT / "test-artifacts"
SIZE = (1400, 900)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--mute-audio",
    # WebGL (the graph explorer's sigma.js) on the CPU, which Chromium is phasing out as an
    # automatic fallback
    "--enable-unsafe-swiftshader",
    # nothing but loopback resolves, and anything not bypassed goes to a dead proxy
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>;127.0.0.1;localhost",
    f"--window-size={SIZE[0]},{SIZE[1]}",
    "--remote-debugging-port=0",
]
LOADED = "document.readyState === 'complete'"
CTRL = 2  # the Control key in Input.dispatchKeyEvent modifiers
RECORD_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.blockedURI));
"""


class Chromium:
    """A page in headless Chromium over the DevTools protocol; keeps every event it sees."""

    def __init__(self, binary: str, profile: Path) -> None:
        self.process = subprocess.Popen(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                pytest.fail("Chromium did not start (no DevToolsActivePort)")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
            page = next(t for t in json.load(answer) if t["type"] == "page")
        self.ws = connect(page["webSocketDebuggerUrl"], max_size=None, open_timeout=10)
        self.last_id = 0
        self.events: list[dict] = []
        for domain in ("Page", "Network", "Runtime"):
            self.call(f"{domain}.enable")
        width, height = SIZE
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        self.call("Page.addScriptToEvaluateOnNewDocument", source=RECORD_CSP)

    def call(self, method: str, **params: object) -> dict:
        self.last_id += 1
        self.ws.send(json.dumps({"id": self.last_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=60))
            if message.get("id") == self.last_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]
            self.events.append(message)

    def js(self, expression: str) -> object:
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str, ready: str = LOADED, timeout: float = 60) -> float:
        """Navigate and wait until `ready` (a JS expression) holds; seconds it took."""
        self.events.clear()
        started = time.monotonic()
        self.call("Page.navigate", url=url)
        self.wait(ready, timeout, url)
        return time.monotonic() - started

    def wait(self, ready: str, timeout: float = 30, what: str = "") -> None:
        started = time.monotonic()
        while not self.js(f"!!({ready})"):
            if time.monotonic() - started > timeout:
                pytest.fail(f"{what}: {ready} not true within {timeout}s; {self.errors()}")
            time.sleep(0.05)

    def requested(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e.get("method") == "Network.requestWillBeSent"
        ]

    def errors(self) -> list[dict]:
        return [e["params"] for e in self.events if e.get("method") == "Runtime.exceptionThrown"]

    def screenshot(self, path: Path) -> bytes:
        png = base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
        return png

    def close(self) -> None:
        if hasattr(self, "ws"):
            self.ws.close()
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def click(chromium, selector: str, dy: float | None = None) -> None:
    """A real mouse click in the middle of the element (or `dy` px below its top)."""
    x, y = chromium.js(f"""(() => {{
        const el = document.querySelector({json.dumps(selector)});
        el.scrollIntoView({{block: "center"}});
        const r = el.getBoundingClientRect(), dy = {json.dumps(dy)};
        return [r.x + r.width / 2, r.y + (dy === null ? r.height / 2 : dy)];
    }})()""")
    for kind in ("mousePressed", "mouseReleased"):
        chromium.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


def click_at(chromium: Chromium, x: float, y: float) -> None:
    """A left click at viewport coordinates, the pointer moved there first: a canvas (the
    graph explorer's sigma.js) knows what is under the pointer from its moves."""
    chromium.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
    for kind in ("mousePressed", "mouseReleased"):
        chromium.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


def press(chromium, key: str, code: str, vk: int, modifiers: int = 0) -> None:
    for kind in ("rawKeyDown", "keyUp"):
        chromium.call(
            "Input.dispatchKeyEvent",
            type=kind,
            key=key,
            code=code,
            windowsVirtualKeyCode=vk,
            nativeVirtualKeyCode=vk,
            modifiers=modifiers,
        )


def serve(store: Path, **options: Any) -> Iterator[str]:
    """The app on a free 127.0.0.1 port, served by uvicorn in a thread; options are further
    Settings (update_token, data...)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(Settings(store=store, **options))
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    app_server = uvicorn.Server(config)
    thread = threading.Thread(target=app_server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not app_server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    app_server.should_exit = True
    thread.join(10)
    sock.close()


def assert_stayed_local(chromium: Chromium, allowed: tuple[str, ...]) -> list[str]:
    urls = chromium.requested()
    assert urls, "no request was recorded"
    outside = [u for u in urls if not u.startswith((*allowed, "data:", "blob:"))]
    assert outside == [], f"requests left the host: {outside}"
    assert chromium.js("window.__csp") == []
    assert chromium.errors() == []
    return urls
