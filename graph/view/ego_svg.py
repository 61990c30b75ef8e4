"""A small ego graph as static SVG: readable without JavaScript, the same on every load.

The centre sits in the middle and its neighbours on a circle, in a fixed
order (kind, then name), so the drawing depends only on the data. Every node
is a link to its page; every line names its statement in a tooltip.
"""

import math
from collections.abc import Callable
from html import escape

from graph.describe.context import Ego

WIDTH, HEIGHT = 780, 440
RX, RY = 190, 165  # the neighbours' ellipse; labels point outwards from it
COLOURS = {
    "country": "#4e79a7",
    "org": "#f28e2b",
    "person": "#59a14f",
    "agreement": "#e15759",
    "programme": "#b07aa1",
    "event": "#9c755f",
    "place": "#76b7b2",
}


def _short(text: str, size: int = 26) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def ego_svg(ego: Ego, link: Callable[[str], str]) -> str:
    """The drawing; `link` turns an IRI into the href of its page."""
    cx, cy = WIDTH / 2, HEIGHT / 2
    others = sorted(
        (n for n in ego.nodes if n != ego.centre), key=lambda n: (ego.nodes[n][1], ego.nodes[n][0])
    )
    place = {ego.centre: (cx, cy)}
    outward = {ego.centre: 0.0}
    for i, node in enumerate(others):
        angle = -math.pi / 2 + 2 * math.pi * (i + 0.5) / max(1, len(others))
        place[node] = (cx + RX * math.cos(angle), cy + RY * math.sin(angle))
        outward[node] = math.cos(angle)
    parts = [
        f'<svg class="ego" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(ego.nodes[ego.centre][0])} and its direct ties" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for s, o, label in ego.edges:
        (x1, y1), (x2, y2) = place[s], place[o]
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}">'
            f"<title>{escape(ego.nodes[s][0])} — {escape(label)} — "
            f"{escape(ego.nodes[o][0])}</title></line>"
        )
    for node, (x, y) in place.items():
        label, kind = ego.nodes[node]
        size = 11 if node == ego.centre else 7
        if node == ego.centre or abs(outward[node]) < 0.2:  # the centre, the top and bottom
            anchor, tx, ty = "middle", x, (y + size + 13 if y >= cy else y - size - 5)
        elif outward[node] >= 0:
            anchor, tx, ty = "start", x + size + 4, y + 4
        else:
            anchor, tx, ty = "end", x - size - 4, y + 4
        parts.append(
            f'<a href="{escape(link(node))}" data-iri="{escape(node)}">'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size}" fill="{COLOURS.get(kind, "#888")}">'
            f"<title>{escape(label)} ({escape(kind)})</title></circle>"
            f'<text x="{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}">{escape(_short(label))}</text>'
            "</a>"
        )
    parts.append("</svg>")
    return "".join(parts)
