// The article with every fact's evidence marked, and the list of the proposal's facts.
// A fact and its spans point at each other: hovering or clicking a fact lights its spans
// and scrolls to the first; clicking a span lights the facts it states. Offsets are
// characters of the article as pasted (docs/EXTRACT.md: text[start:end] == evidence.text).

const ROLE = {
  parties: "party", signatories: "signatory", witnesses: "witness",
  facilitators: "facilitator", funders: "funder", signed_on: "signed on",
  signed_at: "signed at", type: "type", topics: "topic", renews: "renews",
  builds_on: "builds on", led_by: "led by", part_of: "part of",
};

// Characters of JS strings are UTF-16 units; the server's offsets count code points.
function codePointIndex(text) {
  const units = [0];
  let unit = 0;
  for (const ch of text) {
    unit += ch.length;
    units.push(unit);
  }
  return (point) => units[Math.min(point, units.length - 1)];
}

export function renderText(box, text, facts, onPick) {
  const unit = codePointIndex(text);
  const cuts = new Set([0, text.length]);
  const spans = [];
  facts.forEach((fact, i) => {
    for (const ev of fact.evidence || []) {
      const start = unit(ev.start), end = unit(ev.end);
      if (end > start) {
        spans.push({ start, end, fact: i });
        cuts.add(start).add(end);
      }
    }
  });
  const edges = [...cuts].sort((a, b) => a - b);
  const parts = [];
  for (let k = 0; k + 1 < edges.length; k += 1) {
    const [from, to] = [edges[k], edges[k + 1]];
    const covering = [...new Set(spans.filter((s) => s.start <= from && s.end >= to).map((s) => s.fact))];
    const piece = text.slice(from, to);
    if (!covering.length) {
      parts.push(document.createTextNode(piece));
      continue;
    }
    const mark = document.createElement("mark");
    mark.className = "ev";
    mark.dataset.facts = covering.join(" ");
    mark.dataset.start = String(from);
    mark.textContent = piece;
    mark.title = "click: the facts this sentence states";
    mark.addEventListener("click", () => onPick(covering));
    parts.push(mark);
  }
  box.replaceChildren(...parts);
}

// Light the spans of fact i (null: none) and bring the first into view.
export function lightFact(box, i, scroll) {
  let first = null;
  for (const mark of box.querySelectorAll("mark.ev")) {
    const on = i !== null && mark.dataset.facts.split(" ").includes(String(i));
    mark.classList.toggle("on", on);
    if (on && !first) first = mark;
  }
  if (first && scroll) first.scrollIntoView({ block: "center" });
}

// A literal fact as a person reads it: a topic by its label, ids inside a value (a post is
// "person: title, org") by their entities' labels.
function named(text, model) {
  const topic = model.schema.topics.find((t) => t.slug === text);
  if (topic) return topic.label;
  const kinds = Object.values(model.schema.sections);
  return text.replace(/[a-z0-9][a-z0-9-]*[a-z0-9]/g, (id) => {
    const kind = kinds.find((k) => model.find(k, model.current(k, id)));
    return kind ? model.label(model.current(kind, id), [kind]) : id;
  });
}

// What a fact says, and whether the record still says it (a curator may have changed it).
function reading(fact, model, agreementId) {
  const kinds = model.kindsOf("agreements", fact.field);
  const value = kinds.length ? model.current(kinds[0], fact.value) : fact.value;
  const shown = kinds.length ? model.label(value, kinds) : named(String(fact.value), model);
  const id = model.current("agreement", fact.agreement || agreementId);
  const agreement = model.find("agreement", id);
  if (!agreement || !(fact.field in ROLE)) return { shown, state: "other" };
  const now = agreement[fact.field];
  const kept = Array.isArray(now) ? now.includes(value) : now === value;
  return { shown, state: kept ? "kept" : "changed" };
}

export function renderFacts(list, facts, model, agreementId, hooks) {
  list.replaceChildren(...facts.map((fact, i) => {
    const li = document.createElement("li");
    li.dataset.fact = String(i);
    const { shown, state } = reading(fact, model, agreementId);
    li.className = `fact ${state}`;
    const role = document.createElement("span");
    role.className = "role";
    role.textContent = ROLE[fact.field] || fact.field.replace(/_/g, " ");
    const value = document.createElement("strong");
    value.textContent = shown;
    const count = document.createElement("span");
    const n = (fact.evidence || []).length;
    count.className = "count";
    count.textContent = state === "changed" ? `${n} ¶ · edited since` : `${n} ¶`;
    li.append(role, " ", value, " ", count);
    if (fact.agreement && model.entities("agreements").length > 1) { // which one it is about
      const about = document.createElement("span");
      about.className = "about";
      about.textContent = model.label(model.current("agreement", fact.agreement), ["agreement"]);
      li.append(about);
    }
    li.addEventListener("mouseenter", () => hooks.light(i, false));
    li.addEventListener("mouseleave", () => hooks.light(hooks.picked(), false));
    li.addEventListener("click", () => hooks.pick(i));
    return li;
  }));
}

export function markPicked(list, indices) {
  let first = null;
  for (const li of list.querySelectorAll("li.fact")) {
    const on = indices.includes(Number(li.dataset.fact));
    li.classList.toggle("picked", on);
    if (on && !first) first = li;
  }
  if (first) first.scrollIntoView({ block: "nearest" });
}
