// The map of ties: world-atlas 1:50m shapes (keyed by ISO 3166-1 numeric code) drawn with
// d3-geo, shaded by /map.json's agreements per country, with a great-circle arc per tied
// pair (d3-geo draws a LineString's segments as great arcs). A country too small to see at
// this size (Singapore, Malta...) also gets a dot at its centre, shaded and clickable like
// its shape; one the atlas has no shape for is listed beside the map, never left out.
(() => {
  const { el, start } = window.govtiesOverview;
  const svg = document.getElementById("map");
  const tooltip = document.getElementById("tooltip");
  const WIDTH = 1100, HEIGHT = 600, LEGEND = 48; // the legend sits below the land
  // Shades double per step: tie counts range from 1 to a few dozen per country.
  const STEPS = [1, 2, 4, 8, 16, 32, 64];
  const SHADES = ["#dbe8f6", "#b5d0ec", "#86b2de", "#5993cc", "#3473b5", "#1d5596", "#0f3a6e"];
  const NONE = "#eef0f3";
  const TINY = 12; // square pixels: below this a shape cannot be seen or clicked
  const ALPHA_2 = JSON.parse(document.getElementById("iso-numeric").textContent);
  const step = (n) => STEPS.findLastIndex((s) => n >= s);
  const shade = (n) => (n > 0 ? SHADES[step(n)] : NONE);

  const atlasLoaded = fetch("/static/query/vendor/world-atlas/countries-50m.json").then((r) => r.json());
  let world = null; // {features, projection, path, byNumeric, centre}

  const setUpWorld = (topology) => {
    const features = topojson.feature(topology, topology.objects.countries).features
      .filter((f) => f.id !== "010"); // Antarctica: no government ties, a third of the height
    const projection = d3.geoNaturalEarth1()
      .fitExtent([[4, 4], [WIDTH - 4, HEIGHT - LEGEND]], { type: "FeatureCollection", features });
    const path = d3.geoPath(projection);
    const dotPath = d3.geoPath(projection).pointRadius(3.5);
    // An arc starts at the centre of a country's largest landmass (France's, not the
    // middle of the Atlantic between Paris and French Guiana).
    const centre = (f) => {
      if (f.geometry.type !== "MultiPolygon") return d3.geoCentroid(f);
      const parts = f.geometry.coordinates.map((c) => ({ type: "Polygon", coordinates: c }));
      return d3.geoCentroid(parts.reduce((a, b) => (d3.geoArea(a) >= d3.geoArea(b) ? a : b)));
    };
    svg.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
    const sphere = el("svg:path", { class: "sphere", d: path({ type: "Sphere" }) });
    const countries = el("svg:g", { class: "countries" });
    const byNumeric = new Map();
    for (const f of features) {
      const shape = el("svg:path", { d: path(f), "data-numeric": f.id ?? "", "data-name": f.properties.name });
      countries.append(shape);
      if (!f.id) continue;
      byNumeric.set(f.id, { shape, centre: centre(f) });
      if (path.area(f) < TINY) {
        const dot = dotPath({ type: "Point", coordinates: byNumeric.get(f.id).centre });
        countries.append(el("svg:path", {
          class: "dot", d: dot, "data-numeric": f.id, "data-name": f.properties.name,
        }));
      }
    }
    const arcs = el("svg:g", { class: "arcs" });
    const legend = el("svg:g", { class: "legend", transform: `translate(16 ${HEIGHT - 30})` });
    svg.replaceChildren(sphere, countries, arcs, legend);
    return { path, byNumeric, arcs, legend };
  };

  const shadeBy = document.getElementById("shade-by");
  const MEASURES = { agreements: "agreements tying the country", partners: "countries it is tied to" };
  const legendFor = (max) => {
    world.legend.replaceChildren(el("svg:text", { x: 0, y: -6 }, MEASURES[shadeBy.value]));
    const shown = STEPS.filter((s) => s <= Math.max(max, 1));
    shown.forEach((s, i) => {
      const next = STEPS[i + 1] ? STEPS[i + 1] - 1 : null;
      const text = next === null || next > max ? (s === max ? `${s}` : `${s}+`) : next === s ? `${s}` : `${s}–${next}`;
      world.legend.append(
        el("svg:rect", { x: i * 58, y: 0, width: 56, height: 12, fill: SHADES[i], "data-step": s }),
        el("svg:text", { x: i * 58, y: 26 }, text),
      );
    });
    world.legend.append(
      el("svg:rect", { x: shown.length * 58 + 12, y: 0, width: 56, height: 12, fill: NONE, class: "none" }),
      el("svg:text", { x: shown.length * 58 + 12, y: 26 }, "none"),
    );
  };

  const tip = (event, text) => {
    tooltip.textContent = text;
    tooltip.hidden = false;
    const frame = svg.parentElement.getBoundingClientRect();
    tooltip.style.left = `${event.clientX - frame.left + 14}px`;
    tooltip.style.top = `${event.clientY - frame.top + 10}px`;
  };

  const describe = (c) =>
    `${c.label}: ${c.agreements} agreement${c.agreements === 1 ? "" : "s"} with ${c.partners} ` +
    `countr${c.partners === 1 ? "y" : "ies"}`;

  const draw = (data) => {
    const byCode = new Map(data.countries.map((c) => [c.code, c]));
    const byNumeric = new Map(data.countries.filter((c) => c.numeric).map((c) => [c.numeric, c]));
    for (const shape of svg.querySelectorAll(".countries path")) {
      const c = byNumeric.get(shape.dataset.numeric);
      shape.setAttribute("fill", shade(c ? c[shadeBy.value] : 0));
      shape.dataset.agreements = c ? c.agreements : 0;
      shape.dataset.partners = c ? c.partners : 0;
      shape.dataset.code = c ? c.code : "";
      shape.classList.toggle("tied", !!c);
      shape.classList.toggle("linkable", shape.dataset.numeric in ALPHA_2);
      shape.onmousemove = (e) => tip(e, c ? describe(c) : `${shape.dataset.name}: no agreements shown`);
      shape.onmouseleave = () => { tooltip.hidden = true; highlight(null); };
      shape.onmouseenter = () => highlight(c ? c.code : null);
      shape.onclick = () => { // every country with an ISO code has a page, tied or not
        const code = ALPHA_2[shape.dataset.numeric];
        if (code) location.href = `/id/country/${code}`;
      };
    }
    const max = Math.max(0, ...data.countries.map((c) => c[shadeBy.value]));
    legendFor(max);
    const arcs = [];
    for (const pair of data.pairs) {
      const [a, b] = pair.countries.map((code) => world.byNumeric.get(byCode.get(code).numeric));
      if (!a || !b) continue;
      const d = world.path({ type: "LineString", coordinates: [a.centre, b.centre] });
      arcs.push(el("svg:path", {
        d, "data-pair": pair.countries.join("-"), "data-agreements": pair.agreements,
        "stroke-width": (0.6 + Math.sqrt(pair.agreements) * 0.9).toFixed(2),
      }));
    }
    world.arcs.replaceChildren(...arcs);
    const small = data.countries.filter((c) => !world.byNumeric.has(c.numeric));
    document.getElementById("small-states").replaceChildren(...small.map((c) => {
      const li = el("li", { "data-code": c.code });
      li.append(
        el("span", { class: "swatch", style: `background:${shade(c[shadeBy.value])}` }),
        el("a", { href: `/id/country/${c.code}` }, c.label),
        document.createTextNode(
          ` — ${c.agreements} agreement${c.agreements === 1 ? "" : "s"}, ` +
          `${c.partners} partner countr${c.partners === 1 ? "y" : "ies"}`),
      );
      li.onmouseenter = () => highlight(c.code);
      li.onmouseleave = () => highlight(null);
      return li;
    }));
    document.getElementById("not-drawn").hidden = small.length === 0;
    document.getElementById("pairs").replaceChildren(...data.pairs.slice(0, 10).map((p) => {
      const li = el("li");
      p.countries.forEach((code, i) => {
        if (i) li.append(document.createTextNode(" – "));
        li.append(el("a", { href: `/id/country/${code}` }, byCode.get(code).label));
      });
      li.append(document.createTextNode(`: ${p.agreements}`));
      return li;
    }));
    document.getElementById("top-countries").replaceChildren(...data.countries.slice(0, 10).map((c) => {
      const li = el("li");
      li.append(el("a", { href: `/id/country/${c.code}` }, c.label), document.createTextNode(`: ${c.agreements}`));
      return li;
    }));
    const undated = data.undated ? `, ${data.undated} of them dated by no source` : "";
    document.getElementById("summary").textContent =
      `${data.agreements} agreement${data.agreements === 1 ? "" : "s"} tie ${data.countries.length} ` +
      `countries in ${data.pairs.length} pairs${undated}; ${arcs.length} arcs drawn.`;
    svg.dataset.arcs = String(arcs.length);
  };

  // Hovering a country (on the map or in the list) shows its arcs and partners alone.
  let partnersOf = new Map();
  const highlight = (code) => {
    svg.classList.toggle("focused", !!code);
    const partners = partnersOf.get(code) || new Set();
    for (const arc of world.arcs.children) {
      arc.classList.toggle("on", !!code && arc.dataset.pair.split("-").includes(code));
    }
    for (const shape of svg.querySelectorAll(".countries path")) {
      shape.classList.toggle("partner", partners.has(shape.dataset.code));
      shape.classList.toggle("on", !!code && shape.dataset.code === code);
    }
  };

  let last = null;
  atlasLoaded.then((topology) => {
    world = setUpWorld(topology);
    // The measure is the page's choice, not a filter: it redraws the answer it has.
    shadeBy.addEventListener("change", () => last && draw(last));
    start("/map.json", (data) => {
      last = data;
      partnersOf = new Map();
      for (const p of data.pairs) {
        const [a, b] = p.countries;
        if (!partnersOf.has(a)) partnersOf.set(a, new Set());
        if (!partnersOf.has(b)) partnersOf.set(b, new Set());
        partnersOf.get(a).add(b);
        partnersOf.get(b).add(a);
      }
      draw(data);
    });
  });
})();
