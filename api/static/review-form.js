// The record's editor: a card per entity with its fields, reference fields as choices of
// the record's own ids (the format wants every id defined in the file), and a search box
// that links a name to an entity the graph already has (/search, the site's ranking).
// Every input carries data-path, the record path the server's problems are located by.

const LITERALS = {
  source: [["id", "text"], ["title", "text"], ["publisher", "text"], ["issued", "date"],
    ["url", "text"]],
  organizations: [["type", "org_type"], ["country", "country"]],
  people: [],
  places: [["country", "country"]],
  agreements: [["type", "agreement_type"], ["signed_on", "date"], ["in_force", "date"],
    ["expires", "date"], ["duration", "text"]],
};
const LISTED = ["parties", "signatories", "witnesses", "facilitators", "funders", "led_by",
  "signed_at", "renews", "builds_on", "part_of", "parent", "within"];
const HINT = { date: "YYYY-MM-DD, YYYY-MM or YYYY", country: "ISO code, e.g. SG",
  duration: "e.g. P5Y" };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "dataset") Object.assign(node.dataset, v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function field(name, control) {
  return el("label", { class: "field" }, el("span", {}, name.replace(/_/g, " ")), control);
}

export class Editor {
  constructor(root, model, hooks) {
    this.root = root;
    this.model = model;
    this.hooks = hooks; // changed(), factsOf(entity, kind), pickFacts(indices)
    this.known = new Set(); // "kind/id" of the entities the served graph has
  }

  // Each card's badge: "in the graph" (a link to its page) or NEW, as the last check said.
  paint(known) {
    this.known = known;
    for (const badge of this.root.querySelectorAll(".badge[data-entity]")) {
      const on = known.has(badge.dataset.entity);
      badge.className = `badge ${on ? "linked" : "new"}`;
      badge.textContent = on ? "in the graph" : "NEW";
      badge.href = on ? `/id/${badge.dataset.entity}` : "";
      if (!on) badge.removeAttribute("href");
      badge.closest(".card").classList.toggle("known", on);
      badge.closest(".card").classList.toggle("fresh", !on);
    }
  }

  render() {
    const focused = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.path : null;
    const rec = this.model.record;
    rec.source = rec.source || {};
    const parts = [el("h2", {}, "Source"), this.source(rec.source)];
    const titles = { agreements: "Agreements", organizations: "Organisations", people: "People",
      places: "Places", programmes: "Programmes", events: "Events" };
    for (const section of ["agreements", "organizations", "people", "places", "programmes", "events"]) {
      const items = this.model.entities(section);
      const kind = this.model.kindOf[section];
      parts.push(el("h2", {}, titles[section], el("span", { class: "n" }, ` ${items.length}`)));
      parts.push(...items.map((entity, i) => this.card(section, kind, entity, i)));
      parts.push(el("button", { type: "button", class: "add", dataset: { add: section },
        onclick: () => this.add(section, kind) }, `+ add ${kind}`));
    }
    this.root.replaceChildren(...parts);
    this.paint(this.known);
    if (focused) {
      const again = this.root.querySelector(`[data-path="${CSS.escape(focused)}"]`);
      if (again) again.focus();
    }
  }

  later() {
    setTimeout(() => this.render(), 0); // after the focus has moved, so it can be restored
    this.hooks.changed();
  }

  text(holder, key, path, kind = "text", live = true) {
    const input = el("input", { type: "text", value: holder[key] ?? "", dataset: { path },
      placeholder: HINT[kind] || HINT[key] || "" });
    if (live) input.addEventListener("input", () => { holder[key] = input.value; this.hooks.changed(); });
    return input;
  }

  choice(holder, key, path, options, blank) {
    const select = el("select", { dataset: { path } });
    if (blank) select.append(el("option", { value: "" }, blank));
    const values = options.map((o) => (typeof o === "string" ? { id: o, label: o } : o));
    if (holder[key] && !values.some((o) => o.id === holder[key])) {
      values.push({ id: holder[key], label: `${holder[key]} (not defined in this record)` });
    }
    for (const o of values) {
      select.append(el("option", { value: o.id, selected: o.id === holder[key] },
        "\u00a0\u00a0".repeat(o.depth || 0) + o.label));
    }
    select.addEventListener("change", () => {
      if (select.value) holder[key] = select.value;
      else delete holder[key];
      this.later();
    });
    return select;
  }

  // A list of references (or topics): chips with a remove button, and a select to add one.
  chips(holder, key, path, options) {
    const chosen = holder[key] || [];
    const label = (id) => (options.find((o) => o.id === id) || { label: id }).label;
    const box = el("div", { class: "chips", dataset: { path } });
    chosen.forEach((id, j) => box.append(el("span", { class: "chip", dataset: { path: `${path}.${j}` } },
      label(id), el("button", { type: "button", title: "remove", "aria-label": `remove ${label(id)}`,
        onclick: () => { holder[key] = chosen.filter((v) => v !== id); this.later(); } }, "×"))));
    const free = options.filter((o) => !chosen.includes(o.id));
    if (free.length) {
      const add = el("select", { class: "add-chip", "aria-label": `add to ${key}` },
        el("option", { value: "" }, "+ add…"),
        ...free.map((o) => el("option", { value: o.id }, "\u00a0\u00a0".repeat(o.depth || 0) + o.label)));
      add.addEventListener("change", () => {
        if (add.value) holder[key] = [...chosen, add.value];
        this.later();
      });
      box.append(add);
    }
    return box;
  }

  literal(holder, key, path, kind) {
    if (kind === "org_type") return this.choice(holder, key, path, this.model.schema.org_types);
    if (kind === "agreement_type") {
      return this.choice(holder, key, path, this.model.schema.agreement_types);
    }
    return this.text(holder, key, path, kind);
  }

  source(source) {
    const box = el("div", { class: "card source", dataset: { path: "source" } });
    for (const [key, kind] of LITERALS.source) {
      box.append(field(key, this.literal(source, key, `source.${key}`, kind)));
    }
    return box;
  }

  card(section, kind, entity, i) {
    const path = `${section}.${i}`;
    const badge = el("a", { class: "badge", target: "_blank", dataset: { entity: `${kind}/${entity.id}` } });
    const stated = this.hooks.factsOf(entity, kind);
    const head = el("header", {},
      el("span", { class: "kind" }, kind), badge,
      stated.length ? el("button", { type: "button", class: "show",
        onclick: () => this.hooks.pickFacts(stated) }, "¶ in the text") : null,
      el("button", { type: "button", class: "remove", title: `remove this ${kind}`,
        onclick: () => { this.model.remove(kind, entity); this.later(); } }, "remove"));
    // An id is renamed when the curator leaves the box, with every reference to it.
    const id = this.text(entity, "id", `${path}.id`, "text", false);
    id.addEventListener("change", () => {
      if (id.value.trim() !== entity.id) this.model.rename(kind, entity.id, id.value.trim());
      this.later();
    });
    const label = this.text(entity, "label", `${path}.label`);
    label.addEventListener("change", () => this.later());
    const alt = el("input", { type: "text", value: (entity.alt || []).join("; "),
      dataset: { path: `${path}.alt` }, placeholder: "aliases, separated by ;" });
    alt.addEventListener("input", () => {
      entity.alt = alt.value.split(";").map((a) => a.trim()).filter(Boolean);
      this.hooks.changed();
    });
    const card = el("div", { class: "card", dataset: { path } }, head,
      el("div", { class: "grid" }, field("id", id), field("label", label),
        field("aliases", alt)));
    const grid = card.querySelector(".grid");
    for (const [key, lit] of LITERALS[section] || []) {
      grid.append(field(key, this.literal(entity, key, `${path}.${key}`, lit)));
    }
    for (const key of LISTED) {
      const kinds = this.model.kindsOf(section, key);
      if (!kinds.length) continue;
      const options = this.model.choices(kinds).filter((o) => o.id !== entity.id);
      const single = key === "signed_at" || key === "parent" || key === "within";
      if (!single && !options.length && !(entity[key] || []).length) continue; // nothing to pick
      grid.append(field(key, single
        ? this.choice(entity, key, `${path}.${key}`, options, "—")
        : this.chips(entity, key, `${path}.${key}`, options)));
    }
    if (section === "agreements" || section === "programmes" || section === "events") {
      const topics = this.model.schema.topics.map((t) => ({ id: t.slug, label: t.label, depth: t.depth }));
      grid.append(field("topics", this.chips(entity, "topics", `${path}.topics`, topics)));
    }
    if (section === "people") card.append(this.posts(entity, path));
    card.append(this.linker(kind, entity, path));
    return card;
  }

  posts(person, path) {
    person.posts = person.posts || [];
    const orgs = this.model.choices(["org"]);
    const box = el("div", { class: "posts", dataset: { path: `${path}.posts` } }, el("span", { class: "sub" }, "posts"));
    person.posts.forEach((post, j) => {
      const at = `${path}.posts.${j}`;
      const title = this.text(post, "title", `${at}.title`);
      title.placeholder = "title, e.g. Chief Executive";
      box.append(el("div", { class: "post", dataset: { path: at } },
        this.choice(post, "org", `${at}.org`, orgs, "organisation…"), title,
        el("button", { type: "button", class: "remove", onclick: () => {
          person.posts.splice(j, 1);
          this.later();
        } }, "×")));
    });
    box.append(el("button", { type: "button", class: "add", onclick: () => {
      person.posts.push({ org: orgs[0] ? orgs[0].id : "", title: "" });
      this.later();
    } }, "+ add post"));
    return box;
  }

  // Search the graph for the entity this name stands for; picking one links it.
  linker(kind, entity, path) {
    const input = el("input", { type: "search", class: "link-search", dataset: { path: `${path}.link` },
      placeholder: `link to an existing ${kind}: search the graph`, "aria-label": `link ${entity.label || entity.id} to an existing ${kind}` });
    const list = el("ul", { class: "link-results", hidden: true });
    let asked = 0;
    input.addEventListener("input", async () => {
      const q = input.value.trim();
      const ticket = ++asked;
      if (!q) { list.hidden = true; return; }
      const answer = await fetch(`/search?q=${encodeURIComponent(q)}&limit=12`,
        { headers: { Accept: "application/json" } });
      if (ticket !== asked || !answer.ok) return;
      const found = (await answer.json()).results.filter((r) => r.kind === kind);
      list.replaceChildren(...found.map((r) => el("li", {}, el("button", { type: "button",
        onclick: () => {
          const kept = this.model.link(kind, entity, r);
          this.known.add(`${kind}/${kept.id}`);
          this.later();
        } }, r.label, el("span", { class: "cls" }, ` ${r.class || kind}`),
        r.matched !== r.label ? el("span", { class: "cls" }, ` (as ${r.matched})`) : null))));
      if (!found.length) list.replaceChildren(el("li", { class: "none" }, `no ${kind} of the graph matches`));
      list.hidden = false;
    });
    return el("div", { class: "linker" }, input, list);
  }

  add(section, kind) {
    const entity = { id: this.model.freshId(kind), label: "" };
    if (section === "agreements") Object.assign(entity, { type: "MemorandumOfUnderstanding", parties: [] });
    this.model.entities(section).push(entity);
    this.later();
  }
}
