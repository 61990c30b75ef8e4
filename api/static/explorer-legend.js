// The explorer's legend and counts. Nodes are coloured by class or by country; the legend
// has one toggle per colour present, with how many of its nodes the filters leave shown,
// and the counts line says what is drawn and why some is not (a cap, entities with no
// tie, expanded nodes). Read by explorer.js's reducers and filter on every change.
window.govtiesLegend = (state, el, refilter) => {
  "use strict";
  const $ = (id) => document.getElementById(id);

  function legendEntries() {
    return state.colourBy === "class" ? state.data.classes : state.data.countries;
  }

  function legendKey(info) {
    if (state.colourBy === "class") return info.class;
    return state.countryOf.get(info.country) || "other";
  }

  function colourOf(info) {
    const entry = legendEntries().find((e) => e.key === legendKey(info));
    return entry ? entry.colour : "#999999";
  }

  function showCounts() {
    const { counts } = state.data;
    const nodes = state.graph.order, edges = state.graph.size;
    const shown = state.visibleNodes.size, ties = state.visibleEdges.size;
    $("counts").textContent = `${shown} of ${nodes} nodes · ${ties} of ${edges} ties shown`;
    const notes = [];
    if (counts.capped) notes.push(`Capped: the view holds ${counts.nodes} of ${counts.total_nodes} nodes, the closest and best connected.`);
    if (counts.isolated_left_out) notes.push(`${counts.isolated_left_out} entities with no tie are left out.`);
    if (state.expanded.size) notes.push(`${state.expanded.size} node${state.expanded.size > 1 ? "s" : ""} expanded.`);
    $("notice").textContent = notes.join(" ");
    $("notice").hidden = !notes.length;
    $("matches").textContent = state.search.trim()
      ? `${state.matches.size} match${state.matches.size === 1 ? "" : "es"}` : "";
  }

  function showLegend() {
    const counts = new Map();
    state.visibleNodes.forEach((node) => {
      const key = legendKey(state.graph.getNodeAttribute(node, "info"));
      counts.set(key, (counts.get(key) || 0) + 1);
    });
    const present = new Set();
    state.graph.forEachNode((_, { info }) => present.add(legendKey(info)));
    const hidden = state.hidden[state.colourBy];
    $("legend").replaceChildren(...legendEntries().filter((e) => present.has(e.key)).map((entry) => {
      const box = el("input", { type: "checkbox", checked: !hidden.has(entry.key), value: entry.key });
      box.addEventListener("change", () => {
        if (box.checked) hidden.delete(entry.key); else hidden.add(entry.key);
        refilter();
      });
      const count = counts.get(entry.key) || 0;
      const item = el("li", { className: "legend-entry" + (count ? "" : " empty") },
        el("label", {}, box, el("span", { className: "swatch" }), ` ${entry.label} `,
          el("span", { className: "count", textContent: String(count) })));
      item.dataset.key = entry.key;
      item.querySelector(".swatch").style.background = entry.colour;
      return item;
    }));
  }

  return { legendKey, colourOf, showCounts, showLegend };
};
