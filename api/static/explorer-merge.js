// Expanding a node in the explorer: the /view.json answer around it joins the drawing.
// The server laid out only its own answer, so the new nodes go on a ring around the
// expanded one, in the server's order. Each answer numbers its sources and predicates its
// own way, so they are renumbered into the drawing's lists; countries the drawing has no
// colour for yet share the "other countries" colour, so the legend keeps its length.
"use strict";
window.govtiesMerge = (state, node, body, { addNode, addEdge }) => {
  const graph = state.graph;
  const centre = graph.getNodeAttributes(node);
  const fresh = body.nodes.filter((n) => !graph.hasNode(n.id));
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  graph.forEachNode((_, a) => {
    minX = Math.min(minX, a.x); maxX = Math.max(maxX, a.x);
    minY = Math.min(minY, a.y); maxY = Math.max(maxY, a.y);
  });
  const radius = Math.max(maxX - minX, maxY - minY, 0.5) * 0.2;
  fresh.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / fresh.length;
    addNode(graph, { ...n, seed: false, paths: [],
      x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) });
  });
  const merge = (mine, theirs) => {
    const keys = new Set(mine.map((e) => e.key || e.iri));
    mine.push(...theirs.filter((e) => !keys.has(e.key || e.iri)));
  };
  merge(state.data.classes, body.classes);
  const renumbering = (name) => {
    merge(state.data[name], body[name]);
    const ours = new Map(state.data[name].map((x, i) => [x.iri, i]));
    const number = body[name].map((x) => ours.get(x.iri));
    return (i) => number[i];
  };
  const source = renumbering("sources"), predicate = renumbering("predicates");
  fresh.forEach((n) => {
    graph.getNodeAttribute(n.id, "info").sources = n.sources.map(source);
  });
  body.edges.forEach((e) => addEdge(graph, { ...e, paths: [], sources: e.sources.map(source),
    predicates: e.predicates.map(([p, found]) => [predicate(p), found.map(source)]) }));
  const other = state.data.countries.find((c) => c.key === "other");
  for (const entry of body.countries) {
    for (const member of entry.members) {
      if (state.countryOf.has(member)) continue;
      if (entry.key === "several" || entry.key === "none") state.data.countries.push(entry);
      else other.members.push(member);
      state.countryOf.set(member, entry.key);
    }
  }
  state.countryOf = new Map(state.data.countries.flatMap((e) => e.members.map((m) => [m, e.key])));
};
