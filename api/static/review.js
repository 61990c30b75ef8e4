// The review page: paste an article, get the extractor's proposal (POST /extract), check
// each fact against its sentence, edit the record, see `govties validate` on it as you go
// (POST /review/validate), download the YAML it answers, or save it (POST /review/save,
// with the update token). The record is the state; everything shown is drawn from it.

import { RecordModel } from "./review-record.js";
import { lightFact, markPicked, renderFacts, renderText } from "./review-text.js";
import { Editor } from "./review-form.js";

const config = JSON.parse(document.getElementById("review-config").textContent);
const $ = (id) => document.getElementById(id);
const replacing = () => Boolean($("replace") && $("replace").checked); // no box: saving is off
const state = { proposal: null, model: null, editor: null, picked: [],
  asked: 0, timer: null, stale: true, pending: null };

async function answerOf(response) {
  const body = await response.json().catch(() => ({ message: response.statusText }));
  if (!response.ok) {
    const problems = body.problems ? `\n${body.problems.join("\n")}` : "";
    throw new Error(`${response.status}: ${body.message || body.error}${problems}`);
  }
  return body;
}

function post(path, body, headers = {}) {
  return fetch(path, { method: "POST", body: JSON.stringify(body),
    headers: { "Content-Type": "application/json", Accept: "application/json", ...headers } });
}

function say(box, text, kind = "") {
  box.textContent = text;
  box.className = `status ${kind}`;
}

// --- the proposal -------------------------------------------------------------------------

async function propose(event) {
  event.preventDefault();
  const text = $("article").value;
  if (!text.trim()) return say($("status"), "paste an article first", "bad");
  const body = { text };
  if ($("source-url").value.trim()) body.source_url = $("source-url").value.trim();
  if ($("published").value) body.published = $("published").value;
  say($("status"), "reading the article…");
  $("propose").disabled = true;
  try {
    const proposal = await answerOf(await post("/extract", body));
    load(text, proposal);
    say($("status"), `${proposal.facts.length} facts proposed`, "good");
  } catch (error) {
    say($("status"), error.message, "bad");
  } finally {
    $("propose").disabled = false;
  }
}

function load(text, proposal) {
  state.proposal = proposal;
  state.model = new RecordModel(structuredClone(proposal.record), config.schema);
  state.firstAgreement = (proposal.record.agreements || [{}])[0].id;
  state.editor = new Editor($("editor"), state.model, {
    changed: () => { drawFacts(); schedule(); },
    factsOf,
    pickFacts: pick,
  });
  $("warnings").replaceChildren(...proposal.warnings.map((w) => Object.assign(
    document.createElement("li"), { textContent: w })));
  $("warnings-box").hidden = proposal.warnings.length === 0;
  state.editor.known = new Set(proposal.entities.filter((e) => !e.new).map((e) => `${e.kind}/${e.id}`));
  renderText($("text"), text, proposal.facts, pick);
  $("article-form").hidden = true;
  $("text-box").hidden = false;
  $("proposal").hidden = false;
  state.editor.render();
  drawFacts();
  schedule(0);
}

function factsOf(entity, kind) {
  return state.proposal.facts.flatMap((fact, i) => {
    const kinds = state.model.kindsOf("agreements", fact.field);
    return kinds.includes(kind) && state.model.current(kind, fact.value) === entity.id ? [i] : [];
  });
}

function drawFacts() {
  renderFacts($("facts"), state.proposal.facts, state.model, state.firstAgreement, {
    light: (i, scroll) => lightFact($("text"), i, scroll),
    picked: () => (state.picked.length ? state.picked[0] : null),
    pick: (i) => pick([i]),
  });
  markPicked($("facts"), state.picked);
}

// Facts picked (a click on a fact, on a span, or on an entity's ¶): their spans lit, the
// first brought into view, and the facts marked in the list.
function pick(indices) {
  state.picked = indices;
  const box = $("text");
  for (const mark of box.querySelectorAll("mark.ev")) {
    const facts = mark.dataset.facts.split(" ").map(Number);
    mark.classList.toggle("on", facts.some((f) => indices.includes(f)));
  }
  const first = box.querySelector("mark.ev.on");
  if (first) first.scrollIntoView({ block: "center" });
  markPicked($("facts"), indices);
  const shown = indices.map((i) => $("facts").querySelector(`li[data-fact="${i}"]`))
    .filter(Boolean).map((li) => li.innerText.replace(/\s+/g, " "));
  $("picked").textContent = shown.length ? `States: ${shown.join(" · ")}` : "";
}

// --- validation -----------------------------------------------------------------------------

function schedule(delay = 400) {
  clearTimeout(state.timer);
  state.stale = true;
  state.timer = setTimeout(check, delay);
  say($("verdict"), "checking…");
}

function check() {
  clearTimeout(state.timer);
  state.stale = false;
  const ticket = ++state.asked;
  const body = { record: state.model.record, replace: replacing() };
  state.pending = post("/review/validate", body).then(answerOf).then((answer) => {
    if (ticket === state.asked && !state.stale) show(answer); // no edit since it was asked
    return answer;
  }).catch((error) => {
    if (ticket === state.asked && !state.stale) say($("verdict"), error.message, "bad");
    return null; // shown; a download asks again
  });
  return state.pending;
}

// The latest check of the record as it is now (waiting for one under way, or asking).
function checked() {
  return state.stale || !state.pending ? check() : state.pending;
}

function problemItem(problem, kind) {
  const li = document.createElement("li");
  li.className = kind;
  const where = problem.file ? `${problem.file}:${problem.line ?? ""}` : `line ${problem.line ?? "?"}`;
  li.textContent = `${where} — ${problem.message}`;
  if (problem.path) {
    li.tabIndex = 0;
    li.addEventListener("click", () => focusProblem(problem));
  }
  return li;
}

// The input for a problem: the one at its record path, or, for a shape's problem located at
// an entity, the box in that entity's card holding the value it names.
function target(problem) {
  const { path } = problem;
  const value = (problem.message.match(/\(value: "(.*)"\)$/) || [])[1];
  for (let end = path.length; end > 0; end -= 1) {
    const found = $("editor").querySelector(`[data-path="${CSS.escape(path.slice(0, end).join("."))}"]`);
    if (!found) continue;
    const card = value !== undefined && found.closest(".card");
    const holding = card && [...card.querySelectorAll("input")].find((i) => i.value === value);
    return holding || found;
  }
  return null;
}

function focusProblem(problem) {
  const found = target(problem);
  if (!found) return;
  found.scrollIntoView({ block: "center" });
  if (found.focus) found.focus({ preventScroll: true });
}

function show(answer) {
  state.editor.paint(new Set(answer.known));
  const n = answer.problems.length;
  say($("verdict"), n ? `${n} problem${n > 1 ? "s" : ""}` : `valid (checked against ${answer.checked_against})`,
    n ? "bad" : "good");
  $("problems").replaceChildren(...answer.problems.map((p) => problemItem(p, "problem")),
    ...answer.warnings.map((p) => problemItem(p, "warning")));
  for (const node of $("editor").querySelectorAll(".has-problem")) {
    node.classList.remove("has-problem");
    node.removeAttribute("title");
  }
  for (const p of answer.problems.filter((q) => q.path)) {
    const found = target(p);
    if (found) {
      found.classList.add("has-problem");
      found.title = p.message;
    }
  }
  const bad = new Set(answer.problems.filter((p) => !p.file).map((p) => p.line));
  $("yaml").replaceChildren(...answer.yaml.split("\n").map((line, i) => {
    const row = document.createElement("span");
    row.className = bad.has(i + 1) ? "line bad" : "line";
    row.dataset.line = String(i + 1);
    row.textContent = `${line}\n`;
    return row;
  }));
  const exists = replacing() ? " (exists: saving replaces it)" : " (exists: tick “replace” to overwrite it)";
  $("file").textContent = answer.file ? `${answer.file}${answer.exists ? exists : ""}` : "";
  if (config.can_save) $("save").disabled = n > 0;
}

// --- download and save ----------------------------------------------------------------------

async function download() {
  const answer = await checked();
  if (!answer) throw new Error("the record could not be checked: see above");
  const name = `${(state.model.record.source || {}).id || "record"}.yaml`;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([answer.yaml], { type: "application/yaml" }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  say($("saved"), `downloaded ${name}${answer.valid ? "" : " (it still has problems)"}`,
    answer.valid ? "good" : "bad");
}

async function save() {
  const token = $("token").value.trim();
  if (!token) return say($("saved"), "saving needs the server's update token", "bad");
  $("save").disabled = true;
  say($("saved"), "saving and rebuilding the store…");
  try {
    const body = { record: state.model.record, replace: replacing() };
    const answer = await answerOf(await post("/review/save", body, { Authorization: `Bearer ${token}` }));
    const link = Object.assign(document.createElement("a"), { href: answer.source, textContent: "its source page" });
    $("saved").replaceChildren(`saved ${answer.saved}; store rebuilt (${answer.build.quads} quads, `
      + `${answer.build.seconds} s): `, link);
    $("saved").className = "status good";
    $("replace").checked = true; // further edits are to the file just saved
    schedule(0);
  } catch (error) {
    say($("saved"), error.message, "bad");
    $("save").disabled = false;
  }
}

$("article-form").addEventListener("submit", propose);
$("again").addEventListener("click", () => {
  $("article-form").hidden = false;
  $("text-box").hidden = true;
});
$("download").addEventListener("click", () => download().catch((e) => say($("saved"), e.message, "bad")));
if (config.can_save) {
  $("save").addEventListener("click", save);
  $("replace").addEventListener("change", () => schedule(0));
}
