// What the map and the timeline share: the filter form kept in step with the address bar
// (a filtered view is a link to share), the topic list, the JSON fetch, links to pages.
// Each page calls govtiesOverview.start(jsonPath, draw) and draws every answer it gets.
window.govtiesOverview = (() => {
  const form = document.getElementById("filters");
  const idBase = form.dataset.idBase;
  const from = document.getElementById("from-year");
  const to = document.getElementById("to-year");
  const undated = document.getElementById("undated");
  const summary = document.getElementById("summary");
  const selects = [...form.querySelectorAll("select")];
  let years = { first: null, last: null };
  let asked = 0;

  const href = (iri) => (iri.startsWith(idBase) ? "/id/" + iri.slice(idBase.length) : iri);
  const el = (tag, attrs = {}, text = "") => {
    const node = tag.startsWith("svg:")
      ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4))
      : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text) node.textContent = text;
    return node;
  };

  // A select's options; the current choice stays offered even when it matches nothing now.
  const fill = (select, options, current) => {
    const first = select.options[0];
    const shown = options.some((o) => o.value === current) || !current
      ? options : [{ value: current, label: current }, ...options];
    select.replaceChildren(first, ...shown.map((o) => {
      const option = el("option", { value: o.value }, o.label);
      option.selected = o.value === current;
      return option;
    }));
  };

  // Only what differs from "everything": the address bar stays short and readable.
  // Parameters the form has no control for (the timeline's limit) stay as they were.
  const params = () => {
    const fields = new Set([...form.elements].map((e) => e.name).filter(Boolean));
    const p = new URLSearchParams([...new URLSearchParams(location.search)].filter(([k]) => !fields.has(k)));
    if (years.first !== null && Number(from.value) > years.first) p.set("from_year", from.value);
    if (years.last !== null && Number(to.value) < years.last) p.set("to_year", to.value);
    for (const s of selects) if (s.value) p.set(s.name, s.value);
    if (!undated.checked) p.set("undated", "false");
    return p;
  };

  // A filter the address sets and this page has no control for (the map has no country
  // list) still filters: say so, so the drawing is never read as everything.
  const showAddressFilters = () => {
    const fields = new Set([...form.elements].map((e) => e.name).filter(Boolean));
    const extra = [...new URLSearchParams(location.search)].filter(([k]) => !fields.has(k) && k !== "limit");
    const note = document.getElementById("address-filters");
    note.hidden = extra.length === 0;
    note.textContent = `Also filtered by the address: ${extra.map(([k, v]) => `${k} ${v}`).join(", ")}` +
      " (Reset shows everything).";
  };

  const showYears = () => {
    document.getElementById("from-year-shown").textContent = from.value;
    document.getElementById("to-year-shown").textContent = to.value;
  };

  const setUp = (data) => {
    years = data.years;
    const f = data.filters;
    for (const slider of [from, to]) {
      slider.min = years.first ?? 0;
      slider.max = years.last ?? 0;
    }
    form.querySelector(".years").hidden = years.first === null;
    from.value = f.from_year ?? years.first;
    to.value = f.to_year ?? years.last;
    undated.checked = f.undated;
    const topics = data.topics.map((t) => ({
      value: t.iri.slice((idBase + "topic/").length),
      label: "\u00a0\u00a0".repeat(t.depth) + t.label,
    }));
    fill(document.getElementById("topic"), topics, f.topic ? f.topic.slice((idBase + "topic/").length) : "");
    showYears();
  };

  const start = (path, draw) => {
    // Each change takes a ticket as it happens (before any delay), so "drawn === asked"
    // holds only once the answer to the latest change is drawn.
    const ticket = () => {
      document.body.dataset.asked = String(++asked);
      return asked;
    };
    const load = async (query, first, mine = ticket()) => {
      document.getElementById("as-json").href = path + (query.size ? "?" + query : "");
      const answer = await fetch(path + (query.size ? "?" + query : ""), { headers: { Accept: "application/json" } });
      const data = await answer.json();
      if (mine !== asked) return; // a later change is already on its way
      if (!answer.ok) {
        summary.textContent = data.message || `error ${answer.status}`;
        summary.classList.add("error");
        return;
      }
      summary.classList.remove("error");
      if (first) setUp(data);
      draw(data);
      showAddressFilters();
      document.body.dataset.drawn = String(mine); // tests wait for the answer they caused
    };
    let timer = 0;
    const changed = (event) => {
      if (event.target === from && Number(from.value) > Number(to.value)) to.value = from.value;
      if (event.target === to && Number(to.value) < Number(from.value)) from.value = to.value;
      showYears();
      const query = params();
      history.replaceState(null, "", location.pathname + (query.size ? "?" + query : ""));
      clearTimeout(timer);
      const mine = ticket();
      timer = setTimeout(() => load(query, false, mine), event.type === "input" ? 120 : 0);
    };
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", (e) => e.preventDefault());
    document.getElementById("reset").addEventListener("click", () => {
      history.replaceState(null, "", location.pathname);
      selects.forEach((s) => (s.value = ""));
      load(new URLSearchParams(), true);
    });
    load(new URLSearchParams(location.search), true);
  };

  return { href, el, fill, start };
})();
