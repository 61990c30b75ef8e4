// The timeline: /timeline.json's agreements on one time axis, as precise as their sources.
// A day is a point; a month or a year is a bar from its first day to the end of its last
// day, so a bar's width is the period's length on the axis. Items are packed into lanes
// so none covers another; hovering shows the label, clicking opens the agreement's page.
(() => {
  const { el, fill, href, start } = window.govtiesOverview;
  const svg = document.getElementById("timeline");
  const tooltip = document.getElementById("tooltip");
  const DAY = 86400000, LANE = 18, TOP = 36, SIDE = 14, R = 5, MAX_LANES = 24;
  const COUNTRY_BASE = document.getElementById("filters").dataset.idBase + "country/";
  const time = (iso) => Date.parse(iso + "T00:00:00Z");
  const WORDS = { day: "on", month: "in the month", year: "in the year" };
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  const dateText = (a) => {
    const [y, m, d] = a.date.split("-");
    if (a.precision === "year") return y;
    if (a.precision === "month") return `${MONTHS[m - 1]} ${y}`;
    return `${Number(d)} ${MONTHS[m - 1]} ${y}`;
  };

  const tip = (event, a) => {
    const parties = a.parties.map((p) => p.label).join("; ");
    const disputed = a.readings.length ? `\nsources disagree: ${a.readings.join(", ")}` : "";
    tooltip.textContent = `${a.label}\nsigned ${WORDS[a.precision]} ${dateText(a)}\n${parties}${disputed}`;
    tooltip.hidden = false;
    const frame = svg.parentElement.getBoundingClientRect();
    const left = Math.min(event.clientX - frame.left + 14, frame.width - 330);
    tooltip.style.left = `${Math.max(0, left)}px`;
    tooltip.style.top = `${event.clientY - frame.top + 12}px`;
  };

  const draw = (data) => {
    const items = data.agreements;
    const f = data.filters;
    const firstYear = f.from_year ?? (items.length ? Number(items[0].date.slice(0, 4)) : data.years.first);
    const lastYear = f.to_year ?? Math.max(...items.map((a) => Number(a.date.slice(0, 4))), firstYear);
    const width = Math.max(svg.parentElement.clientWidth - 2, 700);
    const t0 = Date.UTC(firstYear, 0, 1), t1 = Date.UTC(lastYear + 1, 0, 1);
    const x = (t) => SIDE + ((t - t0) / (t1 - t0)) * (width - 2 * SIDE);
    const measure = el("svg:text", { class: "label" });
    svg.replaceChildren(measure);
    const labelWidth = (text) => ((measure.textContent = text), measure.getComputedTextLength());
    const spans = items.map((a) => {
      const x0 = x(time(a.start)), x1 = x(time(a.end) + DAY);
      const point = a.precision === "day";
      const cx = (x0 + x1) / 2;
      const [from, to] = point ? [cx - R - 1, cx + R + 1] : [x0 - 1, Math.max(x1, x0 + 2) + 1];
      return { a, x0, x1, cx, point, from, to };
    });
    // Greedy lanes: each item goes in the first lane free at its left end. A label goes
    // inside a bar wide enough, else after the item, else before it, else only in the
    // tooltip; if labels would take more than MAX_LANES lanes, marks go alone.
    const pack = (withLabels) => {
      const lanes = []; // right end of the last item in each lane
      const placed = spans.map((s) => {
        let [from, to, label] = [s.from, s.to, null];
        if (withLabels) {
          const w = labelWidth(s.a.label);
          if (!s.point && s.x1 - s.x0 >= w + 10) label = { x: s.x0 + 5, anchor: "start", inside: true };
          else if (s.to + w + 6 <= width) [to, label] = [s.to + w + 6, { x: s.to + 4, anchor: "start" }];
          else if (s.from - w - 6 >= 0) [from, label] = [s.from - w - 6, { x: s.from - 4, anchor: "end" }];
        }
        let lane = lanes.findIndex((right) => right <= from);
        if (lane < 0) lane = lanes.push(to) - 1;
        lanes[lane] = to;
        return { ...s, lane, label };
      });
      return { lanes, placed };
    };
    let { lanes, placed } = pack(true);
    if (lanes.length > MAX_LANES) ({ lanes, placed } = pack(false));
    const height = TOP + Math.max(lanes.length, 1) * LANE + 8;
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    const axis = el("svg:g", { class: "axis" });
    const yearWidth = x(Date.UTC(firstYear + 1, 0, 1)) - x(t0);
    const every = yearWidth >= 34 ? 1 : yearWidth >= 14 ? 2 : 5;
    for (let y = firstYear; y <= lastYear + 1; y++) {
      const tx = x(Date.UTC(y, 0, 1));
      const tick = el("svg:g", { class: "tick", "data-year": y, "data-x": tx.toFixed(3) });
      tick.append(el("svg:line", { x1: tx, x2: tx, y1: TOP - 16, y2: height }));
      if (y <= lastYear && y % every === 0) {
        tick.append(el("svg:text", { x: tx + yearWidth / 2, y: TOP - 20, "text-anchor": "middle" }, String(y)));
      }
      axis.append(tick);
      if (y <= lastYear && yearWidth >= 360) {
        for (let m = 1; m < 12; m++) {
          const mx = x(Date.UTC(y, m, 1));
          axis.append(el("svg:line", { x1: mx, x2: mx, y1: TOP - 14, y2: height, class: "month-tick" }));
        }
        for (let m = 0; m < 12; m++) {
          const mid = (x(Date.UTC(y, m, 1)) + x(Date.UTC(y, m + 1, 1))) / 2;
          const name = { x: mid, y: TOP - 5, "text-anchor": "middle", class: "month-name" };
          axis.append(el("svg:text", name, MONTHS[m].slice(0, 3)));
        }
      }
    }
    const marks = el("svg:g", { class: "items" });
    for (const { a, x0, x1, cx, point, lane, label } of placed) {
      const link = el("svg:a", {
        href: href(a.iri), "data-iri": a.iri, "data-date": a.date, "data-precision": a.precision,
        "aria-label": `${a.label}, ${dateText(a)}`,
      });
      const y = TOP + lane * LANE + LANE / 2;
      const cls = a.precision + (a.readings.length ? " disputed" : "");
      link.append(point
        ? el("svg:circle", { cx, cy: y, r: R, class: cls })
        : el("svg:rect", { x: x0, y: y - 6, width: Math.max(x1 - x0, 2), height: 12, rx: 2, class: cls }));
      if (label) {
        const cls = `label${label.inside ? ` inside-${a.precision}` : ""}`;
        link.append(el("svg:text", { x: label.x, y: y + 4, "text-anchor": label.anchor, class: cls }, a.label));
      }
      link.addEventListener("mousemove", (e) => tip(e, a));
      link.addEventListener("mouseleave", () => (tooltip.hidden = true));
      marks.append(link);
    }
    svg.replaceChildren(axis, marks);

    document.getElementById("dated").replaceChildren(...items.map((a) => {
      const li = el("li");
      li.append(el("time", { datetime: a.date }, dateText(a)), el("a", { href: href(a.iri) }, a.label));
      li.append(el("span", { class: "role" }, ` ${a.parties.map((p) => p.label).join("; ")}`));
      return li;
    }));
    document.getElementById("undated-list").replaceChildren(...data.undated.map((a) => {
      const li = el("li");
      li.append(el("a", { href: href(a.iri) }, a.label));
      return li;
    }));
    document.getElementById("undated-section").hidden = data.undated.length === 0;
    document.getElementById("undated-capped").textContent = data.undated_total > data.undated.length
      ? ` The first ${data.undated.length} of ${data.undated_total}.` : "";
    const country = f.country ? f.country.slice(COUNTRY_BASE.length) : "";
    fill(document.getElementById("country"),
      data.facets.countries.map((c) => ({ value: c.code, label: `${c.label} (${c.agreements})` })), country);
    fill(document.getElementById("party"),
      data.facets.parties.map((p) => ({ value: p.iri, label: `${p.label} (${p.agreements})` })), f.party || "");
    const undated = data.undated_total ? `, ${data.undated_total} more no source dates` : "";
    const capped = data.dated_total > items.length
      ? ` Showing the ${items.length} most recent: narrow the years, a topic or a country to see the rest.` : "";
    document.getElementById("summary").textContent =
      `${data.dated_total} dated agreement${data.dated_total === 1 ? "" : "s"}, ` +
      `${firstYear === lastYear ? `in ${firstYear}` : `${firstYear}–${lastYear}`}${undated}.${capped}`;
  };

  start("/timeline.json", draw);
})();
