// The playground: plain JavaScript over the server's JSON API, no library and nothing fetched from elsewhere.
// Spans are placed with utf16Offset/utf16Length, which index JavaScript strings directly.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { vocabulary: null, timer: 0, generation: 0 };

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return response.json();
}

function text(tag, content, className) {
  const element = document.createElement(tag);
  element.textContent = content;
  if (className) element.className = className;
  return element;
}

/** Marks every diagnostic's span in the backdrop behind the textarea, at UTF-16 offsets. */
function renderHighlights(source, diagnostics) {
  const box = $("highlights");
  box.replaceChildren();
  const spans = diagnostics
    .filter((d) => d.utf16Offset !== null && d.utf16Length !== null)
    .sort((a, b) => a.utf16Offset - b.utf16Offset);
  let at = 0;
  for (const d of spans) {
    if (d.utf16Offset < at) continue; // overlapping spans: the first one is marked
    box.append(document.createTextNode(source.slice(at, d.utf16Offset)));
    // An empty span (end of input) still gets a visible mark one character wide.
    const marked = source.slice(d.utf16Offset, d.utf16Offset + d.utf16Length) || " ";
    const mark = text("mark", marked, d.severity);
    mark.title = d.message + (d.help ? " (" + d.help + ")" : "");
    mark.dataset.code = d.code;
    box.append(mark);
    at = d.utf16Offset + d.utf16Length;
  }
  box.append(document.createTextNode(source.slice(at) + "\n"));
}

function renderDiagnostics(diagnostics) {
  const list = $("diagnostics");
  list.replaceChildren();
  for (const d of diagnostics) {
    const item = text("li", (d.line ? d.line + ":" + d.column + " " : "") + d.severity + " " + d.code + ": "
      + d.message, d.severity);
    if (d.help) item.append(text("span", d.help, "help"));
    list.append(item);
  }
}

function request(purpose) {
  const facts = [...document.querySelectorAll("#facts input:checked")].map((i) => i.value);
  const honour = [...document.querySelectorAll("#honour input:checked")].map((i) => i.value);
  const body = { terms: $("terms").value, purpose, facts, honour, default: $("default").value };
  if ($("at").value) body.at = $("at").value;
  return body;
}

function dutyText(duty) {
  if (duty.type === "payment") {
    return "payment to " + duty.collective + (duty.amount ? " (" + duty.amount + " " + duty.currency + ")" : "");
  }
  if (duty.type === "quota") {
    return "quota " + duty.limit + " per " + duty.period + (duty.scope ? " of " + duty.scope : "");
  }
  return duty.type;
}

async function renderDecisions(valid, generation) {
  const body = $("decisions").tBodies[0];
  const purposes = state.vocabulary.purposes;
  const decisions = valid ? await Promise.all(purposes.map((p) => post("/v1/decide", request(p)))) : [];
  if (generation !== state.generation) return; // a newer edit is on its way
  body.replaceChildren();
  $("decisions").dataset.state = valid ? "decided" : "invalid";
  if (!valid) {
    const row = body.insertRow();
    const cell = row.insertCell();
    cell.colSpan = 4;
    cell.textContent = "fix the terms to see their decisions";
    $("detail").replaceChildren();
    return;
  }
  purposes.forEach((purpose, i) => {
    const d = decisions[i];
    const row = body.insertRow();
    row.dataset.purpose = purpose;
    if (purpose === $("purpose").value) row.className = "selected";
    row.insertCell().textContent = purpose;
    const kind = row.insertCell();
    kind.textContent = d.decision + (d.basis === "default" ? " (default)" : "")
      + (d.decision === "obligation" && !d.allowed ? " (not honoured)" : "");
    kind.className = d.decision;
    row.insertCell().textContent = d.obligations.map(dutyText).join(", ");
    const clause = d.reasons.find((r) => r.clause) || d.reasons[0];
    row.insertCell().textContent = clause ? (clause.clause || clause.message) : "";
  });
  const chosen = decisions[purposes.indexOf($("purpose").value)];
  const detail = $("detail");
  detail.replaceChildren(text("h3", $("purpose").value + ": " + chosen.decision));
  const reasons = document.createElement("ul");
  for (const r of chosen.reasons) reasons.append(text("li", r.message));
  if (chosen.wouldAllowWith.length) reasons.append(text("li", "would be allowed with: " + chosen.wouldAllowWith.join(", ")));
  detail.append(reasons);
}

async function refresh() {
  const generation = ++state.generation;
  const source = $("terms").value;
  const result = await post("/v1/validate", { terms: source });
  if (generation !== state.generation) return;
  renderHighlights(source, result.diagnostics);
  renderDiagnostics(result.diagnostics);
  $("canonical").textContent = result.valid ? result.canonical : "";
  await renderDecisions(result.valid, generation);
}

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(refresh, 120);
}

function checkboxes(fieldset, words) {
  for (const word of words) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = word;
    box.name = fieldset.id;
    box.addEventListener("change", schedule);
    label.append(box, " " + word + " ");
    fieldset.append(label);
  }
}

async function importSignal() {
  const result = await post("/v1/import", { from: $("import-from").value, text: $("import-text").value });
  const report = $("import-report");
  report.replaceChildren();
  for (const d of result.report || result.diagnostics || []) {
    report.append(text("li", d.severity + " " + d.code + ": " + d.message, d.severity));
  }
  if (result.terms) {
    $("terms").value = result.terms;
    refresh();
  }
}

async function start() {
  state.vocabulary = await (await fetch("/v1/vocabulary")).json();
  checkboxes($("facts"), state.vocabulary.facts);
  checkboxes($("honour"), state.vocabulary.obligations);
  for (const p of state.vocabulary.purposes) $("purpose").append(new Option(p, p, p === "train", p === "train"));
  for (const f of state.vocabulary.importFormats) $("import-from").append(new Option(f, f));
  for (const id of ["terms"]) $(id).addEventListener("input", schedule);
  for (const id of ["at", "default", "purpose"]) $(id).addEventListener("change", schedule);
  $("terms").addEventListener("scroll", () => { $("highlights").scrollTop = $("terms").scrollTop; });
  for (const button of document.querySelectorAll("button.example")) {
    button.addEventListener("click", () => { $("terms").value = button.textContent; refresh(); });
  }
  $("import-button").addEventListener("click", importSignal);
  $("terms").value = "train if attribution";
  await refresh();
  document.body.dataset.ready = "true";
}

start();
