// The govties query page: YASGUI (vendored in /static/query/vendor/yasgui/, see VENDORED.md)
// talking to this server's /sparql, and to nothing else.
//
// What is configured here, and why:
// - the endpoint is this origin's /sparql; the endpoint box is hidden (this page queries this store);
// - autocompletion never leaves the server: prefixes are this app's own plus YASQE's bundled list
//   (prefix.cc is never asked), properties and classes come from the store (the LOV look-ups
//   YASQE ships are switched off), entities after `id:` come from /search;
// - the table links every govties IRI to its page here (/id/..., /ontology#...);
// - CONSTRUCT and DESCRIBE results are drawn as a graph (vis-network, served by this app);
// - the query goes into the address bar when it runs (/?query=...), so a link reopens and reruns it;
// - the download links ask /sparql for every format it speaks.
"use strict";

(async () => {
  const examples = JSON.parse(document.getElementById("examples-data").textContent);
  const prefixes = JSON.parse(document.getElementById("prefixes-data").textContent);
  const ENDPOINT = `${window.location.origin}/sparql`;
  const { Yasqe, Yasr } = Yasgui;

  // The page of an IRI on this server: govties entities and vocabulary terms have one.
  function pageOf(iri) {
    if (iri.startsWith("https://w3id.org/govties/id/")) return iri.replace("https://w3id.org/govties/id/", "/id/");
    if (iri.startsWith("https://w3id.org/govties/ontology#")) return iri.replace("https://w3id.org/govties/ontology#", "/ontology#");
    return null;
  }

  // An IRI as prefix:local when a known namespace covers it.
  function shorten(iri) {
    for (const [prefix, ns] of Object.entries(prefixes)) {
      if (iri.startsWith(ns) && iri.length > ns.length) return `${prefix}:${iri.slice(ns.length)}`;
    }
    return iri;
  }

  // Rows of a SELECT on this store ([] if it fails: completion and labels are a nicety).
  async function storeRows(query) {
    try {
      const answer = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
        body: new URLSearchParams({ query }),
      });
      if (!answer.ok) return [];
      return (await answer.json()).results.bindings;
    } catch {
      return [];
    }
  }
  async function storeColumn(query) {
    return (await storeRows(query)).filter((b) => b.x && b.x.type === "uri").map((b) => b.x.value);
  }

  // --- autocompletion, all of it from this server --------------------------------------------
  const [bundled, properties, classes] = await Promise.all([
    Promise.resolve(Yasqe.Autocompleters.prefixes.get({ config: { prefixCcApi: null } })).catch(() => []),
    storeColumn("SELECT DISTINCT ?x WHERE { ?s ?x ?o } LIMIT 5000"),
    storeColumn("SELECT DISTINCT ?x WHERE { ?s a ?x } LIMIT 5000"),
  ]);
  const ours = Object.entries(prefixes).map(([p, ns]) => `${p}: <${ns}>`);
  const taken = new Set(Object.keys(prefixes));
  const prefixList = [...ours, ...bundled.filter((s) => !taken.has(s.split(":")[0]))];
  Yasqe.forkAutocompleter("prefixes", { name: "govtiesPrefixes", get: prefixList, persistenceId: "govties_prefixes" }, false);
  // `id:` starts an entity (below), never a property or a class.
  const notEntity = (name) => (yasqe) =>
    !/^id:/.test(yasqe.getCompleteToken().string) && Yasqe.Autocompleters[name].isValidCompletionPosition(yasqe);
  Yasqe.forkAutocompleter("property", {
    name: "govtiesProperties", bulk: true, get: properties, persistenceId: "govties_properties",
    isValidCompletionPosition: notEntity("property"),
  }, false);
  Yasqe.forkAutocompleter("class", {
    name: "govtiesClasses", bulk: true, get: classes, persistenceId: "govties_classes",
    isValidCompletionPosition: notEntity("class"),
  }, false);

  // Entities: type id: and part of a name (id:gds, id:singap); pick one and its full IRI goes in.
  const described = new Map();
  Yasqe.registerAutocompleter({
    name: "govtiesEntities",
    bulk: false,
    autoShow: true,
    isValidCompletionPosition(yasqe) {
      return /^id:[^\s]+$/.test(yasqe.getCompleteToken().string);
    },
    async get(_yasqe, token) {
      const text = token.string.slice(3).replace(/[-_/.]+/g, " ").trim();
      if (!text) return [];
      try {
        const answer = await fetch(`/search?q=${encodeURIComponent(text)}&limit=15`, { headers: { Accept: "application/json" } });
        if (!answer.ok) return [];
        const { results } = await answer.json();
        for (const r of results) described.set(`<${r.iri}>`, `${r.label} · ${r.class || r.kind}`);
        return results.map((r) => `<${r.iri}>`);
      } catch {
        return [];
      }
    },
    postprocessHints(_yasqe, hints) {
      return hints.map((h) => ({ ...h, displayText: `${described.get(h.text) || ""}  ${shorten(h.text.slice(1, -1))}` }));
    },
  }, false);
  // Only these: YASQE's own "property" and "class" completers ask lov.linkeddata.es.
  const completers = ["govtiesPrefixes", "variables", "govtiesEntities", "govtiesProperties", "govtiesClasses"];
  for (const defaults of new Set([Yasqe.defaults, Yasgui.defaults.yasqe])) {
    defaults.autocompleters.splice(0, defaults.autocompleters.length, ...completers);
  }

  // --- results -------------------------------------------------------------------------------
  // The table, with govties IRIs linked to their pages on this server (same tab).
  class Table extends Yasr.plugins.table {
    getUriLinkFromBinding(binding, shown) {
      const html = super.getUriLinkFromBinding(binding, shown);
      const page = pageOf(binding.value);
      if (!page) return html;
      return html
        .replace(/\starget=(["'])[^"']*\1/, "")
        .replace(/\sre[fl]=(["'])[^"']*\1/, "")
        .replace(/href=(["'])[^"']*\1/, `href="${encodeURI(page).replace(/"/g, "%22")}"`);
    }
  }
  Yasr.registerPlugin("table", Table);

  let visReady = null;
  function loadVis() {
    if (!visReady) {
      visReady = new Promise((resolve, reject) => {
        const css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = "/static/vis/vis-network.css";
        document.head.append(css);
        const script = document.createElement("script");
        script.src = "/static/vis/vis-network.min.js";
        script.onload = resolve;
        script.onerror = () => reject(new Error("vis-network did not load"));
        document.head.append(script);
      });
    }
    return visReady;
  }

  const DRAWN = 1500; // triples drawn at most; the table and the downloads have them all
  const LABEL = "http://www.w3.org/2000/01/rdf-schema#label";
  // CONSTRUCT / DESCRIBE as a graph: resources are dots (labelled by rdfs:label when the result
  // has one), literals are boxes; double-click a govties resource to open its page.
  class Graph {
    constructor(yasr) {
      this.yasr = yasr;
      this.label = "Graph";
      this.priority = 20;
    }
    canHandleResults() {
      const results = this.yasr.results;
      return !!results && results.getType && results.getType() === "ttl" && (results.getStatements() || []).length > 0;
    }
    getIcon() {
      const icon = document.createElement("span");
      icon.className = "govties-graph-icon";
      icon.textContent = "◉";
      return icon;
    }
    async draw() {
      const box = document.createElement("div");
      box.className = "govties-graph";
      const note = document.createElement("p");
      note.className = "govties-graph-note";
      box.append(note);
      const canvas = document.createElement("div");
      canvas.className = "govties-graph-canvas";
      box.append(canvas);
      this.yasr.resultsEl.appendChild(box);
      const quads = this.yasr.results.getStatements() || [];
      const labels = new Map();
      for (const q of quads) {
        if (q.predicate.value === LABEL && q.object.termType === "Literal" && !labels.has(q.subject.value)) {
          labels.set(q.subject.value, q.object.value);
        }
      }
      const nodes = new Map();
      const edges = [];
      const node = (term, key) => {
        const id = term.termType === "Literal" ? key : term.value;
        if (!nodes.has(id)) {
          if (term.termType === "Literal") {
            const text = term.value.length > 40 ? `${term.value.slice(0, 39)}…` : term.value;
            nodes.set(id, { id, label: text, title: term.value, shape: "box", color: { background: "#fff7e6", border: "#d9a441" }, font: { size: 11 } });
          } else {
            const name = labels.get(term.value) || (term.termType === "BlankNode" ? `_:${term.value}` : shorten(term.value));
            nodes.set(id, { id, label: name, title: term.value, shape: "dot", size: 9, color: pageOf(term.value) ? "#1f6feb" : "#8a919c" });
          }
        }
        return id;
      };
      const drawn = quads.filter((q) => !(q.predicate.value === LABEL && labels.get(q.subject.value) === q.object.value)).slice(0, DRAWN);
      drawn.forEach((q, i) => {
        edges.push({ from: node(q.subject), to: node(q.object, `literal-${i}`), label: shorten(q.predicate.value), arrows: "to" });
      });
      note.textContent = `${nodes.size} nodes, ${edges.length} edges` +
        (drawn.length < quads.length ? ` (labels folded into the nodes; first ${DRAWN} triples drawn)` : "") +
        " · double-click a blue node to open its page";
      // Names for the resources the result itself does not label, from the store (one query).
      const unnamed = [...nodes.values()].filter((n) => n.shape === "dot" && !labels.has(n.id) && /^https?:/.test(n.id));
      if (unnamed.length) {
        const values = unnamed.slice(0, 500).map((n) => `<${n.id.replace(/[<>"{}|\\^`\s]/g, "")}>`).join(" ");
        const named = await storeRows(`SELECT ?x ?label WHERE { VALUES ?x { ${values} } ?x <${LABEL}> ?label }`);
        for (const row of named) {
          const n = nodes.get(row.x?.value);
          if (n && row.label && !labels.has(n.id)) {
            labels.set(n.id, row.label.value);
            n.label = row.label.value;
          }
        }
      }
      try {
        await loadVis();
      } catch (error) {
        note.textContent = String(error);
        return;
      }
      const network = new vis.Network(canvas, { nodes: [...nodes.values()], edges }, {
        layout: { randomSeed: 7 },
        physics: { stabilization: { iterations: 250 }, barnesHut: { springLength: 140 } },
        edges: { font: { size: 9, align: "middle", color: "#5a6270" }, color: "#b8c0cc", smooth: false },
        interaction: { hover: true },
      });
      network.on("doubleClick", (params) => {
        const page = params.nodes.length ? pageOf(String(params.nodes[0])) : null;
        if (page) window.location.assign(page);
      });
      this.network = network;
    }
    destroy() {
      if (this.network) this.network.destroy();
      this.network = undefined;
    }
    download() {
      const results = this.yasr.results;
      if (!results) return undefined;
      return { contentType: "text/turtle", getData: () => results.getOriginalResponseAsString(), filename: "result.ttl", title: "Download result (Turtle)" };
    }
  }
  Yasr.registerPlugin("graph", Graph);

  // The endpoint's refusals are JSON ({"error": "malformed", "message": "..."}): show the message.
  Yasr.defaults.errorRenderers = [
    async (error) => {
      let body;
      try {
        body = JSON.parse(error.text);
      } catch {
        return undefined;
      }
      if (!body || typeof body.message !== "string") return undefined;
      const box = document.createElement("div");
      box.className = "govties-error";
      const kind = document.createElement("strong");
      kind.textContent = `${String(body.error || "error").replace(/_/g, " ")}: `;
      const message = document.createElement("span");
      message.textContent = body.message;
      box.append(kind, message);
      return box;
    },
    ...(Yasr.defaults.errorRenderers || []),
  ];
  Yasr.defaults.pluginOrder = ["table", "graph", "response"];

  // --- the editor ----------------------------------------------------------------------------
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: {
      endpoint: ENDPOINT,
      method: "POST",
      acceptHeaderGraph: "text/turtle,*/*;q=0.9",
      acceptHeaderSelect: "application/sparql-results+json,*/*;q=0.9",
    },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: ENDPOINT }], keys: [] },
    populateFromUrl: true,
    persistenceId: "govties_query",
    yasqe: {
      value: "PREFIX gt: <https://w3id.org/govties/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" +
        "SELECT ?agreement ?label WHERE {\n  ?agreement a gt:Agreement ; rdfs:label ?label .\n}\nLIMIT 20\n",
      editorHeight: "280px",
    },
    yasr: { prefixes },
  });
  window.govtiesYasgui = yasgui; // for people poking at the page, and the browser tests

  // Every tab asks this server, whatever an old stored tab says.
  for (const id of Object.keys(yasgui._tabs)) {
    const tab = yasgui.getTab(id);
    if (tab && tab.getEndpoint() !== ENDPOINT) tab.setEndpoint(ENDPOINT);
  }

  const picker = document.getElementById("example");
  for (const [index, example] of examples.entries()) {
    const option = document.createElement("option");
    option.value = String(index);
    option.textContent = example.title;
    picker.append(option);
  }
  picker.addEventListener("change", () => {
    if (picker.value === "") return;
    const tab = yasgui.getTab();
    tab.setQuery(examples[Number(picker.value)].query);
    tab.getYasqe().focus();
  });

  // The downloads follow the query's form: result sets for SELECT/ASK, RDF for CONSTRUCT/DESCRIBE.
  const downloads = document.getElementById("downloads");
  function queryForm() {
    const yasqe = yasgui.getTab()?.getYasqe();
    const type = yasqe ? String(yasqe.getQueryType() || "").toUpperCase() : "SELECT";
    return type === "CONSTRUCT" || type === "DESCRIBE" ? "graph" : "results";
  }
  function showDownloads() {
    const form = queryForm();
    for (const group of downloads.querySelectorAll("[data-form]")) group.hidden = group.dataset.form !== form;
  }
  for (const link of downloads.querySelectorAll("a[data-format]")) {
    link.addEventListener("click", () => {
      const params = new URLSearchParams({ query: yasgui.getTab().getQuery(), format: link.dataset.format });
      link.href = `/sparql?${params}`;
    });
  }
  yasgui.on("tabChange", showDownloads);
  yasgui.on("tabSelect", () => setTimeout(showDownloads));

  // Running a query puts it in the address bar: the link reopens the page with it, and runs it.
  yasgui.on("query", (_yasgui, tab) => {
    const url = new URL(window.location.href);
    url.search = new URLSearchParams({ query: tab.getQuery() }).toString();
    url.hash = "";
    window.history.replaceState(null, "", url);
    showDownloads();
  });
  // A graph query shows the graph first, a SELECT the table (the others are a click away).
  // Chosen as the query starts, so YASR draws the answer once, with that plugin.
  function choosePlugin(tab) {
    const yasr = tab && tab.getYasr();
    if (!yasr) return;
    const current = yasr.getSelectedPluginName();
    const wanted = queryForm() === "graph" ? "graph" : current === "graph" ? "table" : current;
    if (wanted !== current) {
      yasr.selectedPlugin = wanted;
      yasr.storeConfig();
    }
  }
  yasgui.on("queryBefore", (_yasgui, tab) => choosePlugin(tab));
  choosePlugin(yasgui.getTab()); // a link with ?query= started its query before this listener
  showDownloads();
})();
