// Labels for the graph explorer that never overlap, drawn on sigma's label canvas after
// each frame. sigma's own label grid caps labels per cell but lets labels of neighbouring
// cells collide, so placement is ours: the most important first (the caller's rank, then
// the biggest disc), each tried right, left, above and below its disc and kept only where
// it meets no label drawn before it and no other disc (the ranked and the HUBS biggest
// may cover discs: in a crowded drawing the hubs' names matter most).
window.govtiesLabels = (() => {
  "use strict";
  const SIZE = 12, CELL = 64, HUBS = 12;
  const FONT = `${SIZE}px system-ui, -apple-system, "Segoe UI", sans-serif`;
  const widths = new Map();

  const overlaps = (a, b) => a.id !== b.id
    && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

  // boxes already placed, by the grid cells they cover: a check looks at its cells only
  function grid() {
    const cells = new Map();
    const keys = (box) => {
      const found = [];
      for (let x = Math.floor(box.x / CELL); x <= Math.floor((box.x + box.w) / CELL); x++)
        for (let y = Math.floor(box.y / CELL); y <= Math.floor((box.y + box.h) / CELL); y++)
          found.push(`${x},${y}`);
      return found;
    };
    return {
      put: (box) => keys(box).forEach((k) => cells.set(k, [...(cells.get(k) || []), box])),
      hits: (box, blocks) => keys(box).some((k) => (cells.get(k) || [])
        .some((other) => blocks(other) && overlaps(box, other))),
    };
  }

  // shown: nodes drawn (their discs block labels); wanted: nodes that may get a label;
  // walls: boxes (viewport pixels) over the drawing, such as an open panel, no label enters
  function draw(renderer, graph, shown, wanted, rank, walls = []) {
    const context = renderer.getCanvases().labels.getContext("2d");
    const { width, height } = renderer.getDimensions();
    context.font = FONT;
    const placed = grid(), screen = new Map();
    walls.forEach((wall, i) => placed.put({ ...wall, id: `wall ${i}`, label: true }));
    for (const node of shown) {
      const display = renderer.getNodeDisplayData(node);
      if (!display || display.hidden) continue;
      const { x, y } = renderer.framedGraphToViewport(display);
      const size = renderer.scaleSize(display.size);
      screen.set(node, { x, y, size, label: display.label });
      placed.put({ id: node, x: x - size, y: y - size, w: 2 * size, h: 2 * size });
    }
    const order = wanted.filter((n) => screen.has(n)).sort((a, b) => rank(b) - rank(a)
      || screen.get(b).size - screen.get(a).size || (a < b ? -1 : 1));
    const inside = (b) => b.x >= 0 && b.y >= 0 && b.x + b.w <= width && b.y + b.h <= height;
    const boxes = [];
    for (const [i, node] of order.entries()) {
      const { x, y, size, label } = screen.get(node);
      if (!widths.has(label)) widths.set(label, context.measureText(label).width);
      const w = widths.get(label), h = SIZE * 1.3;
      const important = i < HUBS || rank(node) > 0;
      const blocks = (other) => other.label || !important;
      const box = [[x + size + 3, y - h / 2], [x - size - 3 - w, y - h / 2],
        [x - w / 2, y - size - 2 - h], [x - w / 2, y + size + 2]]
        .map(([bx, by]) => ({ id: node, x: bx, y: by, w, h, label: true }))
        .find((b) => inside(b) && !placed.hits(b, blocks));
      if (!box) continue;
      placed.put(box);
      boxes.push(box);
    }
    context.lineWidth = 3;
    context.strokeStyle = "rgba(255, 255, 255, 0.9)";
    context.fillStyle = "#1f2933";
    context.textBaseline = "alphabetic";
    for (const box of boxes) {
      const text = graph.getNodeAttribute(box.id, "label");
      context.strokeText(text, box.x, box.y + SIZE);
      context.fillText(text, box.x, box.y + SIZE);
    }
    return boxes;
  }

  return { SIZE, draw };
})();
