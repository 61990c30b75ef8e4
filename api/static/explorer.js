// The graph explorer at /view: draws /view.json with sigma.js (WebGL) over graphology.
// Positions come from the server (seeded, so a graph always looks the same); this script
// only filters, colours and places labels. Filters (class or country, dates, source,
// search, paths) decide which nodes and ties are visible once per change; sigma's node and
// edge reducers read that decision on every frame. Labels are placed after each frame by
// explorer-labels.js; names are completed by explorer-pick.js; the legend and counts are
// explorer-legend.js; an expanded node's answer joins the drawing through explorer-merge.js.
(() => {
  "use strict";
  const ID = "https://w3id.org/govties/id/";
  const DIM = "#e3e6ea", DIM_EDGE = "#eef0f3", EDGE = "#b9c1cc";
  const $ = (id) => document.getElementById(id);
  const form = $("controls");
  const short = (iri) => (iri.startsWith(ID) ? iri.slice(ID.length) : iri);
  const pageOf = (iri) => (iri.startsWith(ID) ? "/id/" + iri.slice(ID.length) : iri);
  const fold = (text) => text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };

  // Everything a test or a person may want to inspect lives here.
  const state = {
    data: null, graph: null, renderer: null, colourBy: "class",
    hidden: { class: new Set(), country: new Set() }, pathsOff: new Set(),
    search: "", source: null, years: null, visibleNodes: new Set(), visibleEdges: new Set(),
    matches: new Set(), selected: null, expanded: new Set(), labels: [], draws: 0, rendered: 0,
    scale: 1,
    loads: 0, error: null, countryOf: new Map(),
  };
  window.govtiesExplorer = state;
  const { legendKey, colourOf, showCounts, showLegend } = govtiesLegend(state, el, () => refilter());

  // --- loading -------------------------------------------------------------------------

  function formQuery() {
    const data = new FormData(form);
    const mode = data.get("mode");
    const query = new URLSearchParams();
    const picked = (name) => {
      const input = form.elements[name];
      return input.dataset.picked === input.value && input.dataset.iri
        ? input.dataset.iri : input.value.trim();
    };
    if (mode === "focus") query.set("focus", picked("focus"));
    if (mode === "path") {
      query.set("from", picked("from"));
      query.set("to", picked("to"));
      query.set("k", data.get("k"));
      query.set("max_hops", data.get("max_hops"));
    }
    if (mode !== "all") query.set("depth", data.get("depth"));
    for (const name of ["via", "exclude", "as_of"]) {
      const value = String(data.get(name) || "").trim();
      if (value) query.set(name, value);
    }
    return query;
  }

  // Ties come with their ends as indices into the nodes: name them by IRI here, once.
  function normalise(data) {
    for (const edge of data.edges) {
      edge.source = data.nodes[edge.source].id;
      edge.target = data.nodes[edge.target].id;
      edge.id = `${edge.source} ${edge.target}`;
    }
    return data;
  }

  async function load(query, push) {
    const ticket = ++state.loads;
    $("status").textContent = "Loading…";
    performance.mark("explorer:asked");
    const answer = await fetch(`/view.json?${query}`, { headers: { Accept: "application/json" } });
    const body = await answer.json();
    performance.mark("explorer:answered");  // bench/explorer.py reads these marks
    if (ticket !== state.loads) return;  // a newer request has been made meanwhile
    if (push) history.pushState(null, "", `/view${query.size ? "?" + query : ""}`);
    if (!answer.ok) return showError(body);
    state.error = null;
    $("error").hidden = true;
    $("status").textContent = "";
    draw(normalise(body));
  }

  function showError(body) {
    state.error = body;
    const box = $("error");
    box.replaceChildren(el("p", { textContent: body.message }));
    if (body.candidates && body.candidates.length) {
      box.append(el("p", { textContent: "Did you mean: " }, ...body.candidates.flatMap((c, i) => [
        i ? ", " : "", el("a", { href: `/view?focus=${encodeURIComponent(short(c.iri))}`,
          textContent: c.label })])));
    }
    box.hidden = false;
    $("status").textContent = "";
  }

  // --- the drawing -----------------------------------------------------------------------

  // Sizes follow degree; a crowded drawing scales them all down alike, so discs stay apart.
  function addNode(graph, info) {
    const size = info.size * state.scale;
    graph.addNode(info.id, { x: info.x, y: info.y, size, label: info.label, info });
  }

  function addEdge(graph, info) {
    if (!graph.hasEdge(info.id) && graph.hasNode(info.source) && graph.hasNode(info.target)) {
      graph.addEdgeWithKey(info.id, info.source, info.target, { size: 1, info });
    }
  }

  function draw(data) {
    state.draws += 1;
    state.data = data;
    state.scale = Math.min(1, Math.sqrt(300 / Math.max(data.nodes.length, 1)));
    state.hidden = { class: new Set(), country: new Set() };
    state.pathsOff = new Set();
    state.expanded = new Set();
    state.source = null;
    state.selected = null;
    $("panel").hidden = true;
    const graph = new graphology.Graph({ type: "directed", allowSelfLoops: false });
    data.nodes.forEach((n) => addNode(graph, n));
    data.edges.forEach((e) => addEdge(graph, e));
    state.graph = graph;
    if (state.renderer) state.renderer.kill();
    state.renderer = new Sigma(graph, $("graph"), {
      renderLabels: false,  // drawLabels below
      defaultEdgeType: data.edges.length > 3000 ? "line" : "arrow",
      zIndex: true,
      stagePadding: 40,
      labelFont: "system-ui, sans-serif",
      labelSize: govtiesLabels.SIZE,
      nodeReducer,
      edgeReducer,
    });
    const renderer = state.renderer;
    renderer.on("afterRender", drawLabels);
    renderer.on("clickNode", ({ node }) => select(node));
    renderer.on("clickStage", () => select(null));
    renderer.on("enterNode", () => { $("graph").style.cursor = "pointer"; });
    renderer.on("leaveNode", () => { $("graph").style.cursor = ""; });
    buildControls();
    refilter();
  }

  function nodeReducer(node, attrs) {
    if (!state.visibleNodes.has(node)) return { ...attrs, hidden: true };
    const out = { ...attrs, color: colourOf(attrs.info), zIndex: 1 };
    if (state.search && !state.matches.has(node)) Object.assign(out, { color: DIM, zIndex: 0 });
    if (node === state.selected) Object.assign(out, { highlighted: true, zIndex: 2 });
    return out;
  }

  function edgeReducer(edge, attrs) {
    if (!state.visibleEdges.has(edge)) return { ...attrs, hidden: true };
    const path = attrs.info.paths.find((i) => !state.pathsOff.has(i));
    const out = path === undefined
      ? { ...attrs, color: EDGE, size: 1, zIndex: 0 }
      : { ...attrs, color: state.data.paths[path].colour, size: 4, zIndex: 2 };
    const ends = state.graph.extremities(edge);
    if (state.search && !ends.some((n) => state.matches.has(n))) out.color = DIM_EDGE;
    if (state.selected && ends.includes(state.selected) && path === undefined) {
      Object.assign(out, { color: "#4a5563", size: 2, zIndex: 1 });
    }
    return out;
  }

  // Labels that never overlap: most important first, each kept only if its box is free.
  function drawLabels() {
    const rank = (node) => (node === state.selected ? 3 : state.matches.has(node) ? 2 : 0)
      + (state.graph.getNodeAttribute(node, "info").seed ? 1 : 0);
    const shown = [...state.visibleNodes];
    const panel = $("panel"), stage = $("graph").getBoundingClientRect();
    const covered = panel.hidden ? [] : [panel.getBoundingClientRect()].map((r) => (
      { x: r.x - stage.x, y: r.y - stage.y, w: r.width, h: r.height }));
    state.labels = govtiesLabels.draw(state.renderer, state.graph, shown,
      // the selected node is highlighted by sigma, its label in a box of its own
      shown.filter((n) => n !== state.selected && (!state.search || state.matches.has(n))),
      rank, covered);
    if (state.rendered !== state.draws) performance.mark("explorer:drawn");
    state.rendered = state.draws;  // the latest load is on screen
  }

  // --- filters, counts and the legend ----------------------------------------------------

  const yearOf = (date) => Number(date.slice(0, 4));

  function refilter() {
    const graph = state.graph;
    const hidden = state.hidden[state.colourBy];
    const nodes = new Set(), edges = new Set();
    graph.forEachNode((node, { info }) => {
      if (hidden.has(legendKey(info))) return;
      if (state.years && info.start
          && (yearOf(info.end) < state.years[0] || yearOf(info.start) > state.years[1])) return;
      nodes.add(node);
    });
    graph.forEachEdge((edge, { info }, s, t) => {
      if (!nodes.has(s) || !nodes.has(t)) return;
      if (state.source !== null && !info.sources.includes(state.source)) return;
      edges.add(edge);
    });
    if (state.source !== null) {  // only what the source states: ties, and the nodes they join
      const joined = new Set();
      edges.forEach((e) => graph.extremities(e).forEach((n) => joined.add(n)));
      for (const node of [...nodes]) if (!joined.has(node)) nodes.delete(node);
    }
    state.visibleNodes = nodes;
    state.visibleEdges = edges;
    const query = fold(state.search.trim());
    state.matches = new Set();
    if (query) {
      nodes.forEach((node) => {
        const info = graph.getNodeAttribute(node, "info");
        if ([info.label, ...info.aliases].some((name) => fold(name).includes(query))) {
          state.matches.add(node);
        }
      });
    }
    showCounts();
    showLegend();
    state.renderer.refresh();
  }

  function buildControls() {
    const data = state.data;
    $("heading").textContent = data.heading;
    document.title = `${data.heading} — govties`;
    state.countryOf = new Map(data.countries.flatMap((e) => e.members.map((m) => [m, e.key])));
    if (data.focus) {
      const input = form.elements.focus;
      input.value = input.dataset.picked = data.focus.label;
      input.dataset.iri = short(data.focus.iri);
    }
    // paths: one colour each, each with its own toggle
    $("paths-box").hidden = !data.paths.length && !data.message;
    $("path-message").textContent = data.message || "";
    $("paths").replaceChildren(...data.paths.map((path) => {
      const box = el("input", { type: "checkbox", checked: true, value: String(path.index) });
      box.addEventListener("change", () => {
        if (box.checked) state.pathsOff.delete(path.index); else state.pathsOff.add(path.index);
        refilter();
      });
      const swatch = el("span", { className: "swatch line" });
      swatch.style.background = path.colour;
      return el("li", { className: "path" }, el("label", {}, box, swatch, ` ${path.summary}`),
        el("details", {}, el("summary", { textContent: "as sentences" }),
          el("p", { className: "sentences", textContent: path.text })));
    }));
    // the date range, in whole years, over the dated agreements and events in the view
    const years = data.nodes.filter((n) => n.start).flatMap((n) => [yearOf(n.start), yearOf(n.end)]);
    $("dates-box").hidden = !years.length;
    if (years.length) {
      const low = Math.min(...years), high = Math.max(...years);
      state.years = [low, high];
      for (const [id, value] of [["year-from", low], ["year-to", high]]) {
        Object.assign($(id), { min: low, max: high, value, disabled: low === high });
      }
    } else {
      state.years = null;
    }
    showYears();
    fillSources();
    const query = window.location.search;
    $("graphml").href = `/view.graphml${query}`;
    $("standalone").href = `/view.html${query}`;
  }

  // The source filter offers every source stating a tie in the drawing; the choice stays.
  function fillSources() {
    const chosen = $("source").value;
    $("source").replaceChildren(el("option", { value: "", textContent: "Every source" }),
      ...state.data.sources.map((s, i) => el("option", { value: String(i), textContent: s.title })));
    $("source").value = chosen;
  }

  function showYears() {
    $("years").textContent = state.years ? `${state.years[0]} – ${state.years[1]}` : "";
  }

  // --- the side panel ----------------------------------------------------------------------

  function fact(name, value) {
    return value ? [el("dt", { textContent: name }), el("dd", { textContent: value })] : [];
  }

  function select(node) {
    // Only the nodes and ties whose look changes are repainted: at 10,000 ties a whole
    // refresh would make a click wait for every tie to go through the reducers again.
    const touched = [state.selected, node].filter((n) => n && state.graph.hasNode(n));
    state.selected = node;
    const panel = $("panel");
    panel.hidden = !node;  // before the repaint: labels keep out from under the panel
    state.renderer.refresh({ partialGraph: { nodes: touched,
      edges: touched.flatMap((n) => state.graph.edges(n)) }, skipIndexation: true });
    if (!node) return;
    const info = state.graph.getNodeAttribute(node, "info");
    const classes = new Map(state.data.classes.map((c) => [c.key, c.label]));
    const country = state.data.countries.find((c) => c.members.includes(info.country));
    const dates = Object.entries(info.dates).map(([what, values]) => `${what}: ${values.join(", ")}`);
    const drawn = state.graph.degree(node);
    $("panel-title").textContent = info.label;
    $("panel-page").href = pageOf(info.id);
    $("panel-facts").replaceChildren(
      ...fact("Class", classes.get(info.class) || info.class),
      ...fact("Country", info.country === "several" ? "several" : country && country.key !== "other" ? country.label : ""),
      ...fact("Also known as", info.aliases.join(", ")),
      ...fact("Dates", dates.join("; ")),
      ...fact("Topics", info.topics.join(", ")),
      ...fact("Ties", `${info.degree} in the graph, ${drawn} drawn`),
    );
    $("panel-sources").replaceChildren(...info.sources.map((i) => state.data.sources[i]).map((s) =>
      el("li", {}, el("a", { href: pageOf(s.iri), textContent: s.title }))));
    $("panel-sources-none").hidden = info.sources.length > 0;
    $("expand").disabled = state.expanded.has(node);
    $("expand").textContent = state.expanded.has(node) ? "Expanded" : "Expand";
    // bench/explorer.py: the frame after the one showing the selection
    requestAnimationFrame(() => requestAnimationFrame(() => performance.mark("explorer:selected")));
  }

  async function expand(node) {
    const query = new URLSearchParams({ focus: short(node), depth: "1" });
    const { via, exclude, as_of: asOf } = state.data.filters;
    if (via.length) query.set("via", via.map(short).join(","));
    if (exclude.length) query.set("exclude", exclude.map(short).join(","));
    if (asOf) query.set("as_of", asOf);
    $("expand").disabled = true;
    const answer = await fetch(`/view.json?${query}`, { headers: { Accept: "application/json" } });
    const body = await answer.json();
    if (!answer.ok) { $("panel-message").textContent = body.message; return; }
    normalise(body);
    govtiesMerge(state, node, body, { addNode, addEdge });
    fillSources();
    state.expanded.add(node);
    refilter();
    select(node);
  }

  function focusHere(node) {
    const info = state.graph.getNodeAttribute(node, "info");
    form.elements.mode.value = "focus";
    showMode();
    const input = form.elements.focus;
    input.value = input.dataset.picked = info.label;
    input.dataset.iri = short(node);
    load(formQuery(), true);
  }

  // --- wiring ------------------------------------------------------------------------------

  function showMode() {
    const mode = form.elements.mode.value;
    form.dataset.mode = mode;
    for (const name of ["focus", "from", "to"]) {
      form.elements[name].required = mode === (name === "focus" ? "focus" : "path");
    }
  }

  ["focus", "from", "to"].forEach((name) => govtiesPick(form.elements[name], short));
  form.addEventListener("change", (event) => { if (event.target.name === "mode") showMode(); });
  form.addEventListener("submit", (event) => { event.preventDefault(); load(formQuery(), true); });
  $("search").addEventListener("input", (event) => { state.search = event.target.value; refilter(); });
  for (const id of ["year-from", "year-to"]) {
    $(id).addEventListener("input", () => {
      let low = Number($("year-from").value), high = Number($("year-to").value);
      if (low > high) [low, high] = id === "year-from" ? [low, low] : [high, high];
      $("year-from").value = low;
      $("year-to").value = high;
      state.years = [low, high];
      showYears();
      refilter();
    });
  }
  $("source").addEventListener("change", (event) => {
    state.source = event.target.value === "" ? null : Number(event.target.value);
    refilter();
  });
  form.closest("#explorer").querySelectorAll("input[name=colour]").forEach((radio) => {
    radio.addEventListener("change", () => { state.colourBy = radio.value; refilter(); });
  });
  $("expand").addEventListener("click", () => expand(state.selected));
  $("focus-here").addEventListener("click", () => focusHere(state.selected));
  $("panel-close").addEventListener("click", () => select(null));
  window.addEventListener("popstate", () => window.location.reload());
  showMode();
  load(new URLSearchParams(window.location.search), false);
})();
