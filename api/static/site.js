// The search box on every page: suggestions from /search as you type, arrow keys and
// Enter to pick one. Without JavaScript the box still submits to /search.
(() => {
  const box = document.getElementById("site-search");
  const list = document.getElementById("suggestions");
  if (!box || !list) return;
  const href = (iri) => iri.replace("https://w3id.org/govties/id/", "/id/");
  let current = -1, asked = 0;
  const items = () => [...list.querySelectorAll("li")];
  const select = (i) => {
    current = i;
    items().forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
  };
  const show = (results) => {
    list.replaceChildren(...results.map((r) => {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      const a = document.createElement("a");
      a.href = href(r.iri);
      a.textContent = r.label;
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = ` ${r.class || r.kind}`;
      a.append(kind);
      li.append(a);
      return li;
    }));
    list.hidden = results.length === 0;
    select(-1);
  };
  box.addEventListener("input", async () => {
    const q = box.value.trim();
    const ticket = ++asked;
    if (!q) return show([]);
    const answer = await fetch(`/search?q=${encodeURIComponent(q)}&limit=8`,
      { headers: { Accept: "application/json" } });
    if (ticket !== asked || !answer.ok) return;  // a later keystroke has asked again
    show((await answer.json()).results);
  });
  box.addEventListener("keydown", (event) => {
    const all = items();
    if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      select((current + 1) % all.length);
    } else if (event.key === "ArrowUp" && all.length) {
      event.preventDefault();
      select((current - 1 + all.length) % all.length);
    } else if (event.key === "Enter" && current >= 0) {
      event.preventDefault();
      window.location.href = all[current].querySelector("a").href;
    } else if (event.key === "Escape") {
      show([]);
    }
  });
  document.addEventListener("click", (event) => {
    if (!list.contains(event.target) && event.target !== box) list.hidden = true;
  });
})();
