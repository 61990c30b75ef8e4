// The govties query page: runs SPARQL through /sparql (JSON or Turtle back) and shows it.
"use strict";

const examples = JSON.parse(document.getElementById("examples-data").textContent);
const prefixes = JSON.parse(document.getElementById("prefixes-data").textContent);
const editor = document.getElementById("query");
const picker = document.getElementById("example");
const runButton = document.getElementById("run");
const statusLine = document.getElementById("status");
const results = document.getElementById("results");
const downloads = document.getElementById("downloads");

for (const [index, example] of examples.entries()) {
  const option = document.createElement("option");
  option.value = String(index);
  option.textContent = example.title;
  picker.append(option);
}
picker.addEventListener("change", () => {
  if (picker.value !== "") editor.value = examples[Number(picker.value)].query;
});

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
  return `<${iri}>`;
}

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  const page = term.type === "uri" ? pageOf(term.value) : null;
  const span = document.createElement(page ? "a" : "span");
  if (page) span.href = page;
  if (term.type === "uri") {
    span.className = "iri";
    span.textContent = shorten(term.value);
    span.title = term.value;
  } else if (term.type === "bnode") {
    span.textContent = `_:${term.value}`;
  } else {
    span.textContent = term.value;
  }
  td.append(span);
  const meta = term["xml:lang"] ? `@${term["xml:lang"]}` : term.datatype ? shorten(term.datatype) : "";
  if (meta && !term.datatype?.endsWith("#integer")) {
    const small = document.createElement("span");
    small.className = "meta";
    small.textContent = ` ${meta}`;
    td.append(small);
  }
  return td;
}

function table(doc) {
  const vars = doc.head.vars;
  const tableEl = document.createElement("table");
  const head = tableEl.createTHead().insertRow();
  for (const name of vars) {
    const th = document.createElement("th");
    th.textContent = name;
    head.append(th);
  }
  const body = tableEl.createTBody();
  for (const binding of doc.results.bindings) {
    const row = body.insertRow();
    for (const name of vars) row.append(cell(binding[name]));
  }
  return tableEl;
}

function setStatus(text, isError = false) {
  statusLine.textContent = text;
  statusLine.className = isError ? "error" : "";
}

async function run() {
  const query = editor.value;
  runButton.disabled = true;
  setStatus("running…");
  results.replaceChildren();
  const started = performance.now();
  try {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/sparql-results+json, text/turtle;q=0.9",
      },
      body: new URLSearchParams({ query }),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const type = response.headers.get("content-type") || "";
    if (!response.ok) {
      const text = await response.text();
      let message = text;
      try { message = JSON.parse(text).message ?? text; } catch { /* plain text */ }
      setStatus(`${response.status}: ${message}`, true);
      return;
    }
    if (type.startsWith("application/sparql-results+json")) {
      const doc = await response.json();
      if ("boolean" in doc) {
        setStatus(`ASK → ${doc.boolean} (${seconds} s)`);
      } else {
        setStatus(`${doc.results.bindings.length} row(s) in ${seconds} s`);
        results.append(table(doc));
      }
    } else {
      const pre = document.createElement("pre");
      pre.textContent = await response.text();
      setStatus(`graph (${type.split(";")[0]}) in ${seconds} s`);
      results.append(pre);
    }
    const form = type.startsWith("application/sparql-results") ? "results" : "graph";
    for (const group of downloads.querySelectorAll("[data-form]")) {
      group.hidden = group.dataset.form !== form;
    }
    downloads.hidden = false;
  } catch (error) {
    setStatus(`request failed: ${error}`, true);
  } finally {
    runButton.disabled = false;
  }
}

for (const link of downloads.querySelectorAll("a[data-format]")) {
  link.addEventListener("click", () => {
    const params = new URLSearchParams({ query: editor.value, format: link.dataset.format });
    link.href = `/sparql?${params}`;
  });
}
runButton.addEventListener("click", run);
editor.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    run();
  }
});

// /?query=... opens the page with that query and runs it (shareable links).
const initial = new URLSearchParams(window.location.search).get("query");
if (initial) {
  editor.value = initial;
  run();
}
