// The explorer page. It draws what the evaluator answers and computes
// nothing about treaties itself: every status, value, date, explanation
// and analysis comes from the treatycond library, through one interface,
// backend.eval(request) -> response, served either by the Go process
// (backend "server") or by the library compiled to WebAssembly ("wasm").
"use strict";
(function () {
  const cfg = window.treatyConfig || { backend: "server" };
  const $ = (id) => document.getElementById(id);
  const body = document.body;
  let backend = null;
  let info = null;
  // The view: fact overrides (name -> text as typed, "unknown" for
  // unknown; absent: the scenario's value), date and selection.
  const state = { facts: {}, asOf: "", clause: "", instance: "", reading: "" };
  let last = null; // the last response with a report
  const DAY = 86400000;

  // ---- backends ----

  function serverBackend() {
    const post = (path, payload) =>
      fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) })
        .then((r) => { if (!r.ok) throw new Error(path + ": HTTP " + r.status); return r.json(); });
    return Promise.resolve({
      name: "the treaty process on this machine",
      info: () => fetch("api/info").then((r) => r.json()),
      eval: (req) => post("api/eval", req),
    });
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = () => reject(new Error("cannot load " + src));
      document.head.appendChild(s);
    });
  }

  function wasmBackend() {
    return loadScript("data.js")
      .then(() => loadScript("wasm_exec.js"))
      .then(() => loadScript("treaty-wasm.js"))
      .then(() => new Promise((resolve, reject) => {
        const text = atob(window.treatyWasmBase64);
        const bin = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) bin[i] = text.charCodeAt(i);
        const go = new Go();
        window.treatyExploreReady = () => resolve({
          name: "the treatycond library compiled to WebAssembly, in this page",
          info: () => Promise.resolve(JSON.parse(window.treatyExplore.info())),
          eval: (req) => Promise.resolve(JSON.parse(window.treatyExplore.eval(JSON.stringify(req)))),
        });
        WebAssembly.instantiate(bin, go.importObject).then((r) => go.run(r.instance)).catch(reject);
      }));
  }

  // ---- helpers ----

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k === "style") e.style.cssText = v; // CSSOM: allowed by the page's Content-Security-Policy
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }
  const clear = (e) => { while (e.firstChild) e.removeChild(e.firstChild); return e; };
  const human = (s) => String(s).replace(/_/g, " ");
  const toDays = (d) => Math.round(Date.parse(d + "T00:00:00Z") / DAY);
  const fromDays = (n) => new Date(n * DAY).toISOString().slice(0, 10);
  const isDate = (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !isNaN(Date.parse(s + "T00:00:00Z"));
  const key = (clause, reading) => clause + "\u0000" + reading;
  function status(msg) { $("status").textContent = msg; }
  function sourceText(s) {
    return [s.title, s.article, s.date].filter(Boolean).join(", ") + (s.note ? " (" + s.note + ")" : "");
  }
  function scenarioText(f) {
    const v = f.scenario;
    if (v === undefined || v === null) return "not set";
    if (typeof v !== "object") return String(v);
    const parts = [];
    if (v.value !== undefined && v.value !== null) parts.push(String(v.value));
    for (const h of v.history || []) parts.push((h.value === null ? "unknown" : String(h.value)) + " from " + h.from);
    return parts.join("; ");
  }

  // ---- evaluation ----

  let inflight = false, queued = false, timer = null;

  // schedule re-evaluates after delay ms (0: now); the page is busy until
  // the answer is drawn.
  function schedule(delay) {
    body.dataset.busy = "1";
    clearTimeout(timer);
    if (delay > 0) timer = setTimeout(evaluate, delay);
    else evaluate();
  }

  function evaluate() {
    body.dataset.busy = "1";
    if (inflight) { queued = true; return; }
    inflight = true;
    const req = { facts: Object.assign({}, state.facts), as_of: state.asOf, clause: state.clause };
    const t0 = performance.now();
    backend.eval(req)
      .then((resp) => draw(resp, performance.now() - t0))
      .catch((err) => status("Evaluation failed: " + err.message))
      .finally(() => {
        inflight = false;
        if (queued) { queued = false; evaluate(); return; }
        body.dataset.busy = "0";
      });
  }

  function draw(resp, ms) {
    if (resp.errors && resp.errors.length && !resp.report) {
      showErrors(resp.errors);
      return;
    }
    drawInputErrors(resp);
    const stale = !resp.report;
    $("main").classList.toggle("stale", stale);
    if (stale) {
      status("Showing the last valid evaluation: correct the input marked in red.");
    } else {
      last = resp;
      drawGrid(resp.report);
      drawDisputes(resp.report);
      drawDetail(resp);
      drawTimeline(resp.clause);
      drawGraphSelection();
      const n = resp.report.results.length;
      status("Evaluated " + n + " clause × reading result" + (n === 1 ? "" : "s") + " as of " + resp.report.as_of +
        " in " + Math.max(1, Math.round(ms)) + " ms by " + backend.name + ".");
      body.dataset.lastMs = String(Math.round(ms));
    }
    updateShare();
    body.dataset.ready = "1";
  }

  function drawInputErrors(resp) {
    const fe = resp.fact_errors || {};
    info.facts.forEach((f, i) => {
      const msg = fe[f.name] || "";
      const box = $("fact-" + i);
      box.querySelector(".field-error").textContent = msg;
      for (const input of box.querySelectorAll("input[type=text]")) input.setAttribute("aria-invalid", msg ? "true" : "false");
    });
    $("date-error").textContent = resp.date_error || "";
    $("date-input").setAttribute("aria-invalid", resp.date_error ? "true" : "false");
  }

  function showErrors(lines) {
    $("errors").hidden = false;
    $("error-lines").textContent = lines.join("\n");
    $("main").hidden = true;
    status("The model could not be loaded.");
    body.dataset.ready = "error";
    body.dataset.busy = "0";
  }

  // ---- the grid ----

  // disputedCells maps each cell to the disputes it takes part in (a
  // clause may be in a status or latent dispute and an applicability one).
  function disputedCells(report) {
    const out = new Map();
    for (const d of report.disputes || []) {
      for (const s of d.statuses || []) {
        const k = key(d.instance || d.clause, s.reading);
        if (!out.has(k)) out.set(k, []);
        out.get(k).push(d);
      }
    }
    return out;
  }
  const kindOf = (d) => d.kind || "status";
  // truth writes a report's value, whether the report gives it as
  // "true"/"false"/"unknown" or as a JSON boolean or null.
  const truth = (v) => (v === true ? "true" : v === false ? "false" : v === null || v === undefined ? "unknown" : String(v));

  function drawGrid(report) {
    // A clause with instances (each-party clauses, reservations between
    // pairs of parties) has one row per instance; any other clause one.
    const results = new Map(report.results.map((r) => [key(r.instance || r.clause, r.reading), r]));
    const instances = new Map();
    for (const r of report.results) {
      if (!r.instance) continue;
      if (!instances.has(r.clause)) instances.set(r.clause, []);
      const list = instances.get(r.clause);
      if (!list.includes(r.instance)) list.push(r.instance);
    }
    const disputed = disputedCells(report);
    const table = clear($("grid"));
    table.append(el("caption", { class: "visually-hidden" }, "Status of every clause under every reading as of " + report.as_of));
    table.append(el("thead", {}, el("tr", {},
      el("th", { scope: "col" }, "Clause"),
      info.readings.map((r) => el("th", { scope: "col" }, r.id, r.party_name ? el("span", { class: "muted small" }, " " + r.party_name) : null)))));
    const tbody = el("tbody");
    for (const c of info.clauses) {
     for (const inst of instances.get(c.id) || [""]) {
      const id = inst || c.id;
      const row = el("tr", {}, el("th", { scope: "row" }, id, el("span", { class: "muted" }, summary(c))));
      for (const rd of info.readings) {
        const r = results.get(key(id, rd.id));
        if (!r) { row.append(el("td", {}, el("span", { class: "muted small" }, "–"))); continue; }
        const ds = disputed.get(key(id, rd.id)) || [];
        const d = ds.length > 0;
        const selected = state.clause === c.id && state.instance === inst && state.reading === rd.id;
        const since = r.since || "";
        const missing = r.missing || [];
        const value = truth(r.value);
        const kind = ds.map(kindOf).join(", ");
        const label = id + " under " + rd.id + ": " + human(r.status) + ", value " + value +
          (since ? ", since " + since : "") + (missing.length ? ", missing " + missing.join(", ") : "") +
          (d ? ", disputed (" + human(kind) + ")" : "") + ". " + r.reason;
        const btn = el("button", {
          type: "button", class: "cell", "aria-pressed": selected ? "true" : "false", "aria-label": label,
          "data-clause": c.id, "data-instance": inst, "data-reading": rd.id, "data-status": r.status, "data-value": value,
          "data-since": since, "data-missing": missing.join(","), "data-reason": r.reason,
          "data-disputed": d ? kind : "",
          onclick: () => select(c.id, rd.id, inst),
        },
        el("span", { class: "badge s-" + r.status }, human(r.status)),
        " ", el("span", { class: "v-" + value }, value),
        since ? el("span", { class: "muted" }, " since " + since) : null,
        ds.map((x) => el("span", { class: "dispute-tag", title: x.summary }, "⚑ " + human(kindOf(x)) + " dispute")),
        missing.length ? el("span", { class: "missing" }, "missing: " + missing.join(", ")) : null,
        el("span", { class: "reason" }, r.reason));
        row.append(el("td", { class: d ? "disputed" : null }, btn));
      }
      tbody.append(row);
     }
    }
    table.append(tbody);
    $("grid-note").textContent = "As of " + report.as_of + (report.scenario ? ", scenario " + report.scenario : "") +
      ". Select a cell for its explanation; disputed cells are outlined in red.";
  }

  function summary(c) {
    const verb = { obligation: "must", permission: "may", prohibition: "must not" }[c.kind] || c.kind;
    return c.bearer + " " + verb + " " + c.action + (c.objects && c.objects.length ? " (" + c.objects.join(", ") + ")" : "") +
      (c.beneficiary ? " for " + c.beneficiary : "");
  }

  function drawDisputes(report) {
    const box = clear($("disputes"));
    const ds = report.disputes || [];
    if (!ds.length) { box.append(el("p", { class: "muted small" }, "No disputes: the readings agree on every clause as of this date.")); return; }
    box.append(el("h3", {}, "Disputes"));
    const about = {
      status: "the readings give different statuses now",
      latent: "same status now, different conditions",
      applicability: "the readings differ on which instruments count",
    };
    for (const d of ds) {
      const parts = (d.parts || []).map((p) => el("li", {}, el("code", {}, p.condition), " (" + human(p.relation) + " by " + p.origin + (p.from ? ", from " + p.from : "") + ")"));
      const diverge = (d.divergence || []).map((a) => el("li", {}, assignmentText(a.assignment), ": ",
        (a.statuses || []).map((s) => s.reading + " " + human(s.status)).join(", "),
        (a.because || []).length ? " — " + a.because.join("; ") : ""));
      const contested = (d.contested || []).map((c) => el("li", {}, c.instrument, " (" + human(c.relation || "instrument") + (c.from ? ", from " + c.from : "") + "): accepted by ",
        (c.accepted_by || []).join(", ") || "none", "; rejected by ",
        (c.rejected_by || []).map((r) => typeof r === "string" ? r : r.reading + (r.by ? " by " + r.by : "") + (r.since ? " since " + r.since : "")).join(", ") || "none"));
      box.append(el("div", { class: "dispute", "data-clause": d.clause, "data-kind": kindOf(d) },
        el("strong", {}, d.clause), " — ", human(kindOf(d)), " dispute",
        about[kindOf(d)] ? el("span", { class: "muted" }, " (" + about[kindOf(d)] + ")") : null, ": ", d.summary,
        parts.length ? el("div", {}, "What differs:", el("ul", {}, parts)) : null,
        diverge.length ? el("div", {}, "Where the statuses would diverge:", el("ul", {}, diverge)) : null,
        contested.length ? el("div", {}, "Contested instruments:", el("ul", {}, contested)) : null,
        (d.not_concerned || []).length ? el("div", { class: "muted" }, "Not concerned: " + d.not_concerned.join(", ")) : null));
    }
  }

  function select(clause, reading, instance) {
    const changedClause = clause !== state.clause;
    state.clause = clause;
    state.instance = instance || "";
    state.reading = reading;
    if (last && !changedClause) { drawGrid(last.report); drawDetail(last); updateShare(); }
    schedule(0);
    const btn = document.querySelector('button.cell[data-clause="' + CSS.escape(clause) + '"][data-instance="' + CSS.escape(state.instance) + '"][data-reading="' + CSS.escape(reading) + '"]');
    if (btn && document.activeElement !== btn) btn.focus();
  }

  // ---- the selected clause ----

  function drawDetail(resp) {
    const c = info.clauses.find((x) => x.id === state.clause);
    $("detail").hidden = !c;
    $("detail-empty").hidden = !!c;
    if (!c) return;
    const r = resp.report.results.find((x) => x.clause === state.clause && (x.instance || "") === state.instance && x.reading === state.reading) ||
      resp.report.results.find((x) => x.clause === state.clause && x.reading === state.reading) ||
      resp.report.results.find((x) => x.clause === state.clause);
    $("detail-title").textContent = ((r && r.instance) || c.id) + (r ? " under " + r.reading : "") + (c.article ? " (" + c.article + ")" : "");
    $("detail-clause").textContent = summary(c) + "; instrument " + c.instrument + "; condition as written: " + c.condition +
      (c.text ? " — “" + c.text + "”" : "");
    const ex = clear($("explain"));
    const parts = clear($("parts"));
    if (r) {
      ex.append(el("p", { class: "small" }, el("span", { class: "badge s-" + r.status }, human(r.status)), " ", r.reason,
        r.deadline ? " Deadline " + r.deadline + "." : ""));
      ex.append(el("p", { class: "small" }, "Effective condition: ", el("code", {}, r.condition)));
      if (r.explanation) ex.append(el("ul", { class: "tree", role: "tree", "aria-label": "evaluation tree" }, tree(r.explanation)));
      else ex.append(el("p", { class: "muted small" }, "No evaluation tree: the clause is not in force under this reading."));
      if ((r.evidence || []).length) {
        ex.append(el("p", { class: "small" }, "Decided by:"));
        ex.append(el("ul", { class: "evidence" }, ...r.evidence.map((e) => el("li", { class: "small" }, evidenceText(e)))));
      }
      for (const p of r.parts || []) {
        parts.append(el("li", { class: "small" }, el("code", {}, p.condition), " — ", human(p.relation), " by ", p.origin,
          p.from ? ", from " + p.from : "", ": ", el("span", { class: "v-" + truth(p.value) }, truth(p.value))));
      }
      if (!(r.parts || []).length) parts.append(el("li", { class: "muted small" }, "none"));
    }
    drawTakes(resp.clause);
    drawImpact(resp.clause);
  }

  // evidenceText says a deciding fact, its value and where the value comes
  // from, as the text report does.
  function evidenceText(e) {
    const src = (s) => s.title + (s.article ? ", art. " + s.article : "") + (s.date ? ", " + s.date : "");
    const parts = [];
    if (e.reading) parts.push(e.definition ? e.reading + "'s definition: " + e.definition : e.reading + "'s own value");
    if (e.from) parts.push("from " + e.from);
    if (e.source) parts.push("source: " + src(e.source));
    if (e.note) parts.push(e.note);
    for (const d of e.declared || []) parts.push("declared: " + src(d));
    const v = e.value === null || e.value === undefined ? "unknown" : String(e.value);
    return e.fact + " = " + v + (parts.length ? " (" + parts.join("; ") + ")" : "");
  }

  function tree(x) {
    const facts = (x.facts || []).map((f) => f.name + " = " + (f.value === null || f.value === undefined ? "unknown" : f.value)).join(", ");
    return el("li", { role: "treeitem", "aria-expanded": x.children && x.children.length ? "true" : null },
      el("span", { class: "v v-" + truth(x.value) + (x.decisive ? " decisive" : "") }, truth(x.value)), " ",
      el("code", {}, x.op === "fact" || x.op === "literal" || !x.children ? x.expr : x.op),
      x.origin ? el("span", { class: "muted" }, " [" + x.origin + "]") : null,
      facts && x.op !== "fact" ? el("span", { class: "muted" }, " (" + facts + ")") : null,
      x.children && x.children.length ? el("ul", { role: "group" }, x.children.map(tree)) : null);
  }

  function assignmentText(a) {
    const keys = Object.keys(a || {}).sort();
    if (!keys.length) return "nothing more (already so)";
    return keys.map((k) => (a[k] ? k : "not " + k)).join(" and ");
  }

  function list(items, empty) {
    if (!items || !items.length) return el("p", { class: "muted" }, empty);
    return el("ul", {}, items.map((a) => el("li", {}, assignmentText(a))));
  }

  function drawTakes(cv) {
    const box = clear($("takes"));
    if (!cv) return;
    if (cv.prospects_error) { box.append(el("p", { class: "field-error" }, cv.prospects_error)); return; }
    const p = cv.prospects;
    if (!p) return;
    for (const r of p.readings) {
      const b = el("div", { class: "takes-block", "data-reading": r.reading },
        el("strong", {}, r.reading), " (now ", el("span", { class: "badge s-" + r.status }, human(r.status)), ")");
      if (!r.in_force) b.append(el("p", { class: "muted" }, "Not in force under this reading on this date: no fact changes that."));
      else {
        b.append(el("div", {}, "To be due:", list(r.to_be_due, "impossible while the scenario's known facts stay as they are")));
        b.append(el("div", {}, "To be not due:", list(r.to_be_not_due, "impossible while the scenario's known facts stay as they are")));
      }
      box.append(b);
    }
    box.append(el("div", { class: "takes-block" }, el("strong", {}, "Common ground"), " (every reading holds it due):",
      list(p.common_ground, "none")));
    const dis = (p.disputed || []).map((d) => el("li", {}, assignmentText(d.assignment), ": ",
      d.statuses.map((s) => s.reading + " " + human(s.status)).join(", ")));
    box.append(el("div", { class: "takes-block" }, el("strong", {}, "Disputed region"), " (the readings disagree):",
      dis.length ? el("ul", {}, dis) : el("p", { class: "muted" }, "none")));
  }

  function drawImpact(cv) {
    const box = clear($("impact"));
    if (!cv) return;
    if (cv.impact_error) { box.append(el("p", { class: "field-error" }, cv.impact_error)); return; }
    const im = cv.impact;
    if (!im) return;
    if (im.note) box.append(el("p", { class: "muted small" }, im.note));
    const outcome = (o) => o ? o.statuses.map((s) => s.reading + " " + human(s.status)).join(", ") + (o.dispute ? " (" + human(o.dispute) + ")" : "") : "cannot happen";
    if (im.atoms && im.atoms.length) {
      const rows = im.atoms.map((a) => {
        const idx = a.facts.length === 1 ? info.facts.findIndex((f) => f.name === a.facts[0]) : -1;
        return el("tr", { "data-atom": a.atom },
          el("th", { scope: "row" }, idx >= 0 ? el("button", { type: "button", onclick: () => focusFact(idx), title: "Go to the control of " + a.facts[0] }, a.atom) : a.atom),
          el("td", {}, String(a.decides)),
          el("td", {}, "if true: " + outcome(a.if_true), el("br"), "if false: " + outcome(a.if_false)));
      });
      box.append(el("table", { class: "impact" },
        el("caption", { class: "visually-hidden" }, "Unknown facts ranked by how much they decide"),
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Unknown"),
          el("th", { scope: "col", title: "Readings whose status it decides, plus changes of the dispute, over both outcomes" }, "Decides"),
          el("th", { scope: "col" }, "What it would change"))),
        el("tbody", {}, rows)));
      box.append(el("p", { class: "muted small" }, "Now: " + im.now.map((r) => r.reading + " " + human(r.status)).join(", ") + "; the readings " + human(im.dispute) + "."));
    } else if (!im.note) {
      box.append(el("p", { class: "muted small" }, "No unknown fact can change this clause's status on this date."));
    }
    if ((im.irrelevant || []).length) box.append(el("p", { class: "muted small" }, "Unknown but irrelevant here: " + im.irrelevant.join(", ") + "."));
  }

  function focusFact(i) {
    const box = $("fact-" + i);
    const input = box.querySelector("input:checked") || box.querySelector("input");
    box.scrollIntoView({ block: "nearest" });
    if (input) input.focus();
  }

  // ---- timeline ----

  function drawTimeline(cv) {
    const box = clear($("timeline"));
    if (cv && cv.timeline_error) { box.append(el("p", { class: "field-error" }, cv.timeline_error)); return; }
    if (!cv || !cv.timeline) { box.append(el("p", { class: "cap" }, "Select a cell to draw its clause's timeline under each reading.")); return; }
    const lo = toDays(info.dates.min), hi = toDays(info.dates.max) + 1;
    const pct = (d) => (100 * (toDays(d) - lo) / (hi - lo)).toFixed(3) + "%";
    box.append(el("p", { class: "cap" }, "Timeline of " + cv.id + " under each reading:"));
    for (const t of cv.timeline.tracks) {
      const bar = el("div", { class: "bar", role: "img", "aria-label": t.reading + ": " + t.periods.map((p) => human(p.status) + " from " + p.from + " to " + p.to).join("; ") });
      for (const p of t.periods) {
        const width = (100 * (toDays(p.to) + 1 - toDays(p.from)) / (hi - lo)).toFixed(3) + "%";
        // A click moves the date to the period's first day (the buttons
        // by the date field do the same from the keyboard).
        bar.append(el("div", { class: "seg s-" + p.status, "data-from": p.from, style: "left:" + pct(p.from) + ";width:" + width,
          title: human(p.status) + " (" + truth(p.value) + ") " + p.from + " – " + p.to + ": " + p.reason + " (click to go to " + p.from + ")",
          onclick: () => setDate(p.from) }));
      }
      bar.append(el("div", { class: "now", style: "left:" + pct(state.asOf || info.dates.default) }));
      box.append(el("div", { class: "track", "data-reading": t.reading }, el("span", {}, t.reading), bar));
    }
  }

  // ---- graph ----

  function drawGraph() {
    const g = info.graph;
    const cols = { party: 0, instrument: 1, clause: 2 };
    const W = 300, LINE = 13, GAP = 12, X = [10, 370, 730];
    const pos = new Map();
    const count = [0, 0, 0];
    for (const n of g.nodes) {
      const c = cols[n.kind];
      const h = 8 + LINE * Math.max(1, n.label.length);
      pos.set(n.id, { x: X[c], y: 10 + count[c], h: h });
      count[c] += h + GAP;
    }
    const height = Math.max(...count) + 10;
    const NS = "http://www.w3.org/2000/svg";
    const s = (tag, attrs, text) => {
      const e = document.createElementNS(NS, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      if (text !== undefined) e.textContent = text;
      return e;
    };
    const svg = s("svg", { viewBox: "0 0 1040 " + height, role: "img", "aria-labelledby": "graph-title" });
    svg.append(s("title", { id: "graph-title" }, "Graph of the parties, instruments and clauses of " + (info.title || info.model_id) + "; the list of relations below says the same in words"));
    const defs = s("defs", {});
    const marker = s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" });
    marker.append(s("path", { d: "M0,0 L10,5 L0,10 z", fill: "#8792a6", stroke: "none" }));
    defs.append(marker);
    svg.append(defs);
    const plain = ["party", "author", "clause"];
    for (const e of g.edges) {
      const a = pos.get(e.from), b = pos.get(e.to);
      if (!a || !b) continue;
      let d;
      const ay = a.y + a.h / 2, by = b.y + b.h / 2;
      if (a.x === b.x) {
        const x = a.x + W, bend = a.x + W + 40;
        d = "M" + x + "," + ay + " C" + bend + "," + ay + " " + bend + "," + by + " " + x + "," + by;
      } else if (a.x < b.x) {
        d = "M" + (a.x + W) + "," + ay + " C" + (a.x + W + 40) + "," + ay + " " + (b.x - 40) + "," + by + " " + b.x + "," + by;
      } else {
        d = "M" + a.x + "," + ay + " C" + (a.x - 40) + "," + ay + " " + (b.x + W + 40) + "," + by + " " + (b.x + W) + "," + by;
      }
      const cls = plain.includes(e.kind) ? "" : e.kind === "continues" ? "continues" : "rel";
      const p = s("path", { d: d, class: cls, "marker-end": "url(#arrow)" });
      if (e.label) p.append(s("title", {}, e.label));
      svg.append(p);
    }
    for (const n of g.nodes) {
      const p = pos.get(n.id);
      const grp = s("g", { class: "node " + n.kind, "data-node": n.id, transform: "translate(" + p.x + "," + p.y + ")" });
      grp.append(s("title", {}, n.label.join("\n")));
      grp.append(s("rect", { width: W, height: p.h }));
      n.label.forEach((line, k) => grp.append(s("text", { x: 6, y: 15 + k * LINE, class: k ? "detail" : "" }, clip(line, k ? 54 : 48))));
      svg.append(grp);
    }
    clear($("graph")).append(svg);
    const rel = clear($("relations"));
    const ref = new Map(g.nodes.map((n) => [n.id, n.ref]));
    for (const e of g.edges) {
      if (plain.includes(e.kind)) continue;
      rel.append(el("li", {}, ref.get(e.from), " → ", ref.get(e.to), ": ", e.label || human(e.kind)));
    }
    for (const n of g.nodes) {
      if (n.kind !== "instrument") continue;
      const said = n.label.filter((l) => /^(accepted|rejected) by/.test(l));
      if (said.length) rel.append(el("li", {}, n.ref, ": ", said.join("; ")));
    }
  }
  const clip = (t, n) => (t.length > n ? t.slice(0, n - 1) + "…" : t);

  function drawGraphSelection() {
    for (const g of document.querySelectorAll("#graph .node")) {
      g.classList.toggle("selected", g.dataset.node === "clause:" + state.clause);
    }
  }

  // ---- facts ----

  function drawFacts() {
    const box = clear($("facts"));
    if (!info.facts.length) box.append(el("p", { class: "muted small" }, "The model declares no facts."));
    info.facts.forEach((f, i) => {
      const doc = f.doc ? el("p", { class: "doc", id: "fact-" + i + "-doc" }, f.doc) : null;
      const src = (f.sources || []).length ? el("p", { class: "src" }, "Source: " + f.sources.map(sourceText).join("; ")) : null;
      const err = el("span", { class: "field-error", id: "fact-" + i + "-err", role: "alert" });
      const described = ["fact-" + i + "-err", doc ? "fact-" + i + "-doc" : ""].filter(Boolean).join(" ");
      let box1;
      if (f.type === "bool") {
        const choice = (value, text) => el("label", {},
          el("input", { type: "radio", name: "fact-" + i, value: value, "data-fact": f.name, onchange: () => setFact(f.name, value === "scenario" ? null : value) }),
          " " + text);
        box1 = el("div", { class: "fact", id: "fact-" + i, "data-fact": f.name },
          el("fieldset", { "aria-describedby": described },
            el("legend", {}, f.name),
            el("div", { class: "choices" },
              choice("scenario", "scenario (" + scenarioText(f) + ")"), choice("true", "true"), choice("false", "false"), choice("unknown", "unknown")),
            doc, src, err));
      } else {
        const input = el("input", {
          type: "text", id: "fact-" + i + "-input", "data-fact": f.name, autocomplete: "off", spellcheck: "false",
          inputmode: f.type === "number" ? "decimal" : null, "aria-describedby": described,
          placeholder: f.type === "date" ? "YYYY-MM-DD" : f.type,
          oninput: (ev) => setFact(f.name, ev.target.value.trim() === "" ? null : ev.target.value, 250),
          onchange: (ev) => setFact(f.name, ev.target.value.trim() === "" ? null : ev.target.value),
        });
        box1 = el("div", { class: "fact", id: "fact-" + i, "data-fact": f.name },
          el("label", { class: "fact-name", for: "fact-" + i + "-input" }, f.name, el("span", { class: "muted" }, " (" + f.type + ")")),
          el("div", { class: "row" }, input,
            el("button", { type: "button", "data-action": "unknown", "aria-label": f.name + ": unknown", onclick: () => { input.value = "unknown"; setFact(f.name, "unknown"); } }, "unknown"),
            el("button", { type: "button", "data-action": "scenario", "aria-label": f.name + ": as in the scenario", onclick: () => { input.value = ""; setFact(f.name, null); } }, "scenario")),
          el("p", { class: "doc" }, "Scenario: " + scenarioText(f)), doc, src, err);
      }
      box.append(box1);
    });
    syncFacts();
  }

  // setFact overrides fact name with text (null: back to the scenario).
  function setFact(name, text, delay) {
    if (text === null) delete state.facts[name];
    else state.facts[name] = text;
    syncFacts();
    schedule(delay || 0);
  }

  // syncFacts shows state.facts in the controls.
  function syncFacts() {
    info.facts.forEach((f, i) => {
      const box = $("fact-" + i);
      const v = state.facts[f.name];
      box.classList.toggle("overridden", v !== undefined);
      if (f.type === "bool") {
        const want = v === undefined ? "scenario" : v;
        for (const r of box.querySelectorAll("input[type=radio]")) r.checked = r.value === want;
      } else {
        const input = box.querySelector("input[type=text]");
        if (document.activeElement !== input) input.value = v === undefined ? "" : v;
      }
    });
  }

  // ---- date ----

  function setupDate() {
    const slider = $("date-slider"), input = $("date-input");
    const lo = toDays(info.dates.min), hi = toDays(info.dates.max);
    slider.min = "0";
    slider.max = String(hi - lo);
    input.min = info.dates.min;
    input.max = info.dates.max;
    // Year marks under the slider, about every tenth of the range, placed
    // as the timeline bars are.
    const scale = clear($("scale"));
    const y0 = Number(info.dates.min.slice(0, 4)), y1 = Number(info.dates.max.slice(0, 4)) + 1;
    const every = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000].find((n) => (y1 - y0) / n <= 10) || 1000;
    for (let y = Math.ceil(y0 / every) * every; y <= y1; y += every) {
      const d = String(y).padStart(4, "0") + "-01-01";
      const left = 100 * (toDays(d) - lo) / (hi + 1 - lo);
      if (left < 0 || left > 100) continue;
      scale.append(el("span", { class: "tick", style: "left:" + left.toFixed(3) + "%" }, String(y)));
    }
    slider.addEventListener("input", () => setDate(fromDays(lo + Number(slider.value)), "slider"));
    input.addEventListener("change", () => {
      if (!isDate(input.value)) {
        $("date-error").textContent = "Enter a complete date (YYYY-MM-DD).";
        input.setAttribute("aria-invalid", "true");
        return;
      }
      setDate(input.value, "input");
    });
    const step = (dir) => {
      const cur = state.asOf || info.dates.default;
      const ch = info.dates.changes;
      const next = dir > 0 ? ch.find((d) => d > cur) : [...ch].reverse().find((d) => d < cur);
      if (next) setDate(next);
    };
    $("date-prev").addEventListener("click", () => step(-1));
    $("date-next").addEventListener("click", () => step(1));
    $("date-reset").addEventListener("click", () => setDate(info.dates.default));
  }

  function setDate(d, from) {
    state.asOf = d;
    syncDate(from);
    schedule(0);
  }

  function syncDate(from) {
    const d = state.asOf || info.dates.default;
    const slider = $("date-slider");
    const lo = toDays(info.dates.min);
    if (from !== "input") $("date-input").value = d;
    if (from !== "slider" && isDate(d)) {
      const n = toDays(d) - lo;
      if (n >= 0 && n <= Number(slider.max)) slider.value = String(n);
    }
    slider.setAttribute("aria-valuetext", d);
  }

  // ---- share links ----

  function fragment() {
    const p = new URLSearchParams();
    p.set("model", info.model);
    if (state.asOf) p.set("as_of", state.asOf);
    for (const name of Object.keys(state.facts).sort()) p.append("set", name + "=" + state.facts[name]);
    if (state.clause) p.set("clause", state.clause);
    if (state.instance) p.set("instance", state.instance);
    if (state.reading) p.set("reading", state.reading);
    return p.toString();
  }

  function updateShare() {
    const url = location.href.split("#")[0] + "#" + fragment();
    $("share-link").href = url;
    if (location.href !== url) history.replaceState(null, "", url);
  }

  // applyFragment sets the view from the URL fragment; it returns
  // warnings about what could not be applied.
  function applyFragment() {
    const warn = [];
    const h = location.hash.replace(/^#/, "");
    state.facts = {};
    state.asOf = "";
    state.clause = "";
    state.instance = "";
    state.reading = "";
    if (!h) return warn;
    const p = new URLSearchParams(h);
    const model = p.get("model");
    if (model && model !== info.model) warn.push("This link was made for the model " + model + "; this page shows " + info.model + ".");
    for (const s of p.getAll("set")) {
      const i = s.indexOf("=");
      const name = i < 0 ? s : s.slice(0, i);
      if (!info.facts.some((f) => f.name === name)) { warn.push("The model declares no fact " + name + "; the link's value for it is ignored."); continue; }
      state.facts[name] = i < 0 ? "unknown" : s.slice(i + 1);
    }
    state.asOf = p.get("as_of") || "";
    const c = p.get("clause") || "", r = p.get("reading") || "";
    if (c && !info.clauses.some((x) => x.id === c)) warn.push("The model has no clause " + c + ".");
    else { state.clause = c; state.instance = p.get("instance") || ""; }
    if (r && !info.readings.some((x) => x.id === r)) warn.push("The model has no reading " + r + ".");
    else if (state.clause) state.reading = r || (info.readings[0] || {}).id || "";
    return warn;
  }

  function applyView() {
    const warn = applyFragment();
    $("warning").hidden = !warn.length;
    $("warning").textContent = warn.join(" ");
    syncFacts();
    syncDate();
    schedule(0);
  }

  // drawAbout lists the model's and the scenario's notes and sources.
  // Addresses are shown as text: the page opens nothing by itself.
  function drawAbout() {
    const body = clear($("about-body"));
    const block = (title, notes, sources) => {
      if (!(notes || []).length && !(sources || []).length) return;
      body.append(el("h3", {}, title));
      if ((notes || []).length) body.append(el("ul", {}, notes.map((n) => el("li", {}, n))));
      if ((sources || []).length) body.append(el("p", {}, "Sources:"), el("ul", {}, sources.map((s) => el("li", {}, sourceText(s), s.url ? el("span", { class: "muted" }, " — " + s.url) : null))));
    };
    block("Model " + info.model, info.notes, info.sources);
    if (info.scenario) block("Scenario " + (info.scenario.file || info.scenario.id || ""), info.scenario.notes, info.scenario.sources);
    $("about").hidden = !body.firstChild;
  }

  // ---- start ----

  function start() {
    (cfg.backend === "wasm" ? wasmBackend() : serverBackend())
      .then((b) => { backend = b; return b.info(); })
      .then((i) => {
        info = i;
        if (i.errors && i.errors.length) { showErrors(i.errors); return; }
        const scen = i.scenario && (i.scenario.title || i.scenario.id);
        $("title").textContent = i.title || i.model_id;
        document.title = (i.title || i.model_id) + " — treaty explore";
        $("subtitle").textContent = "Model " + i.model + (scen ? " · scenario " + scen + (i.scenario.file ? " (" + i.scenario.file + ")" : "") : " · no scenario: every fact unknown");
        $("main").hidden = false;
        drawAbout();
        drawFacts();
        setupDate();
        drawGraph();
        $("reset-facts").addEventListener("click", () => { state.facts = {}; syncFacts(); schedule(0); });
        $("share-copy").addEventListener("click", () => {
          const url = $("share-link").href;
          const done = () => { $("share-note").textContent = "Link copied."; };
          if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(url).then(done, () => { $("share-note").textContent = url; });
          else $("share-note").textContent = url;
        });
        window.addEventListener("hashchange", applyView);
        applyView();
      })
      .catch((err) => { status("The evaluator could not start: " + err.message); body.dataset.ready = "error"; });
  }

  start();
})();
