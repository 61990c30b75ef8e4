// Name completion for the explorer's focus and path-end boxes: ranked matches from /search
// as one types, arrow keys and Enter or a click to pick one. A picked name keeps its IRI
// (data-iri, in the short form the view's parameters accept), so two entities sharing a
// name are never confused; typing over it falls back to the text.
window.govtiesPick = (input, short) => {
  "use strict";
  const list = input.parentElement.querySelector(".suggestions");
  let current = -1, asked = 0;
  const items = () => [...list.querySelectorAll("li")];
  const mark = (i) => {
    current = i;
    items().forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
  };
  const pick = (li) => {
    input.value = input.dataset.picked = li.dataset.label;
    input.dataset.iri = li.dataset.iri;
    list.hidden = true;
  };
  input.addEventListener("input", async () => {
    const q = input.value.trim();
    const ticket = ++asked;
    if (!q) { list.hidden = true; return; }
    const answer = await fetch(`/search?q=${encodeURIComponent(q)}&limit=8`,
      { headers: { Accept: "application/json" } });
    if (ticket !== asked || !answer.ok) return;  // a later keystroke has asked again
    const { results } = await answer.json();
    list.replaceChildren(...results.map((r) => {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      const kind = Object.assign(document.createElement("span"),
        { className: "kind", textContent: ` ${r.class || r.kind}` });
      li.append(r.label, kind);
      Object.assign(li.dataset, { iri: short(r.iri), label: r.label });
      li.addEventListener("mousedown", (event) => { event.preventDefault(); pick(li); });
      return li;
    }));
    list.hidden = !results.length;
    mark(-1);
  });
  input.addEventListener("keydown", (event) => {
    const all = items();
    if (list.hidden || !all.length) return;
    if (event.key === "ArrowDown") { event.preventDefault(); mark((current + 1) % all.length); }
    else if (event.key === "ArrowUp") { event.preventDefault(); mark((current - 1 + all.length) % all.length); }
    else if (event.key === "Enter" && current >= 0) { event.preventDefault(); pick(all[current]); }
    else if (event.key === "Escape") list.hidden = true;
  });
  input.addEventListener("blur", () => { list.hidden = true; });
};
