"""What the map and timeline page tests share: waiting for a redraw, picking from a list."""

from tests.browser import Chromium, click, press

# The page has drawn the answer to the last request it sent (api/static/overview.js counts).
DRAWN = (
    "document.body?.dataset.drawn && document.body.dataset.drawn === document.body.dataset.asked"
)


def settle(chromium: Chromium) -> None:
    chromium.wait(DRAWN, 30, "redrawn")


def choose(chromium: Chromium, selector: str, text: str) -> None:
    """Click a drop-down list, type the start of an option, Enter: as a person picks one."""
    click(chromium, selector)
    for ch in text:
        chromium.call("Input.dispatchKeyEvent", type="char", text=ch)
    press(chromium, "Enter", "Enter", 13)
    settle(chromium)


def mouse(chromium: Chromium, x: float, y: float, kinds: tuple[str, ...]) -> None:
    for kind in kinds:
        chromium.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
