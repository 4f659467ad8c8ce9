// The status page: every number comes from /status (the JSON the tests check); uPlot draws the history.
// Plain browser script, no build step; wei amounts arrive as decimal strings and are formatted exactly.
"use strict";

const COLORS = ["#1f5fbf", "#d9480f", "#2b8a3e", "#862e9c", "#c2255c", "#0b7285", "#a61e4d", "#5c940d"];
/** One colour per series name, the same in every chart, none shared: names take the palette in order of first
 * appearance, and past its end a hue of their own (golden-angle steps). */
const colourOf = (() => {
  const given = new Map();
  return (name) => {
    if (!given.has(name)) {
      const i = given.size;
      given.set(name, i < COLORS.length ? COLORS[i] : `hsl(${Math.round((i * 137.508) % 360)}, 65%, 38%)`);
    }
    return given.get(name);
  };
})();
const REFRESH_MS = 15000;

/** Wei (decimal string) as ETH with `digits` decimals, rounded half up, exact. */
function formatEth(wei, digits) {
  let v = BigInt(wei);
  const negative = v < 0n;
  if (negative) v = -v;
  const scale = 10n ** BigInt(18 - digits);
  const rounded = (v + scale / 2n) / scale;
  const unit = 10n ** BigInt(digits);
  const text = digits === 0 ? `${rounded}` : `${rounded / unit}.${(rounded % unit).toString().padStart(digits, "0")}`;
  return negative ? `-${text}` : text;
}

/** Free text from the keeper (a cycle's reason or outcome) with its wei amounts (integers of 10+ digits, with or
 * without "wei") written in ETH, so no raw wei reaches the reader. */
function humanize(textValue) {
  return String(textValue).replace(/\b(\d{10,})( ?wei)?\b/g, (_, digits) => `${formatEth(digits, 4)} ETH`);
}

function pct(x, digits) {
  return x === null || x === undefined ? "n/a" : `${(x * 100).toFixed(digits)} %`;
}

function ago(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  return m > 0 ? `${m}m` : `${s}s`;
}

function get(obj, path) {
  return path.split(".").reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), obj);
}

function text(el, value) {
  el.textContent = value;
}

function renderFields(s) {
  for (const el of document.querySelectorAll("[data-field]")) {
    const v = get(s, el.dataset.field);
    if (v === null || v === undefined) text(el, "n/a");
    else if (el.dataset.eth !== undefined) text(el, formatEth(v, Number(el.dataset.eth)));
    else if (el.dataset.pct !== undefined) text(el, pct(v, Number(el.dataset.pct)));
    else if (el.dataset.ago !== undefined) text(el, ago(v));
    else if (el.dataset.human !== undefined) text(el, humanize(v));
    else if (el.dataset.time !== undefined) text(el, `${String(v).slice(0, 16).replace("T", " ")} UTC`);
    else text(el, String(v));
  }
  text(document.getElementById("vault-address"), s.keeper.vault);
  const mode = document.getElementById("mode");
  const v = s.vault;
  const paused = v !== null && (v.paused || v.priceHalted);
  text(mode, v === null ? "no reading" : v.priceHalted ? "PRICE HALTED (paused)" : v.paused ? "PAUSED" : "live");
  mode.className = paused ? "badge bad" : "badge";
  const health = document.getElementById("health");
  const failing = Object.entries(s.keeper.health.checks).filter(([, c]) => !c.ok).map(([name]) => name);
  text(health, s.keeper.health.ok ? "healthy" : `unhealthy: ${failing.join(", ")}`);
  health.className = s.keeper.health.ok ? "badge" : "badge bad";
  health.title = Object.entries(s.keeper.health.checks).map(([name, c]) => `${name}: ${c.detail}`).join("\n");
  document.getElementById("waiting").hidden = v !== null;
  const idleCard = document.getElementById("idle-card");
  const belowFloor = v !== null && BigInt(v.idle) < BigInt(v.idleFloor);
  idleCard.classList.toggle("warn", belowFloor);
  idleCard.title = belowFloor ? "idle is below the buffer floor: withdrawals beyond it wait for the keeper" : "";
  // 2. chain time and wall time side by side: on a devnet whose time was moved they differ by days.
  const wall = new Date();
  text(document.getElementById("wall-time"), `${wall.toISOString().slice(0, 16).replace("T", " ")} UTC`);
  const skew = v === null ? 0 : Math.round((Date.parse(v.timestamp) - wall.getTime()) / 1000);
  text(document.getElementById("time-skew"), Math.abs(skew) < 120 ? "" : `(chain ${skew > 0 ? "ahead" : "behind"} by ${ago(Math.abs(skew))})`);
  const gaps = document.getElementById("config-gaps");
  const list = gaps.querySelector("ul");
  list.replaceChildren(...s.keeper.configGaps.map((g) => {
    const li = document.createElement("li");
    li.textContent = g;
    return li;
  }));
  gaps.hidden = s.keeper.configGaps.length === 0;
}

/** An empty table body says why it is empty instead of showing nothing. */
function emptyRow(body, columns, message) {
  if (body.children.length > 0) return;
  const tr = document.createElement("tr");
  tr.className = "empty";
  const td = document.createElement("td");
  td.colSpan = columns;
  td.textContent = message;
  tr.appendChild(td);
  body.appendChild(tr);
}

function cell(row, value, cls) {
  const td = document.createElement("td");
  td.textContent = value;
  if (cls) td.className = cls;
  row.appendChild(td);
  return td;
}

function renderAdapters(s) {
  const body = document.querySelector("#adapters tbody");
  body.replaceChildren();
  for (const a of s.adapters) {
    const tr = document.createElement("tr");
    tr.dataset.adapter = a.address;
    cell(tr, a.name);
    const tier = s.tiers.find((t) => t.id === a.tier);
    cell(tr, tier === undefined ? String(a.tier) : `${a.tier} (cap ${(tier.capBps / 100).toFixed(0)} %, used ${(tier.usedBps / 100).toFixed(1)} %)`);
    cell(tr, formatEth(a.allocation, 4), "allocation");
    cell(tr, pct(a.share, 2));
    cell(tr, a.pendingExits === "0" ? "-" : formatEth(a.pendingExits, 4));
    cell(tr, pct(a.baseApy, 2), "base-apy");
    cell(tr, pct(a.extrasApy, 2), "extras-apy");
    cell(tr, a.guarded ? `GUARDED: ${a.reasons.join("; ")}` : "ok", a.guarded ? "guarded" : "");
    body.appendChild(tr);
  }
  emptyRow(body, 8, "no adapters read yet");
}

/** The restaking section: only with the keeper's risk model (s.risk); numbers as /status gives them. */
function renderRisk(s) {
  const section = document.getElementById("risk");
  const r = s.risk;
  section.hidden = r === null || r === undefined;
  if (section.hidden) return;
  text(document.getElementById("risk-cap"), pct(r.capBps / 10000, 0));
  const names = r.avs.map((a) => a.name);
  const head = document.createElement("tr");
  for (const h of ["ETH at risk", ...names, "expected loss / yr", "risk-adjusted APY"]) {
    const th = document.createElement("th");
    th.textContent = h;
    head.appendChild(th);
  }
  document.querySelector("#risk-lrts thead").replaceChildren(head);
  const lrts = document.querySelector("#risk-lrts tbody");
  lrts.replaceChildren();
  for (const l of r.lrts) {
    const tr = document.createElement("tr");
    tr.dataset.adapter = l.address;
    cell(tr, l.name);
    for (const n of names) cell(tr, formatEth(l.atRisk[n] ?? "0", 4), "at-risk").dataset.avs = n;
    cell(tr, pct(l.expectedLoss, 3), "expected-loss");
    cell(tr, pct(l.riskAdjustedApy, 2), "risk-adjusted-apy");
    lrts.appendChild(tr);
  }
  const avs = document.querySelector("#risk-avs tbody");
  avs.replaceChildren();
  for (const a of r.avs) {
    const tr = document.createElement("tr");
    tr.dataset.avs = a.name;
    cell(tr, a.name);
    cell(tr, pct(a.slashProbability, 2));
    cell(tr, pct(a.severity, 0));
    cell(tr, formatEth(a.exposure, 4), "exposure");
    cell(tr, pct(a.share, 2));
    cell(tr, formatEth(a.limit, 4), "limit");
    cell(tr, a.overLimit ? "OVER LIMIT" : "ok", a.overLimit ? "guarded" : "");
    avs.appendChild(tr);
  }
  const events = document.querySelector("#risk-events tbody");
  events.replaceChildren();
  for (const e of r.events) {
    const tr = document.createElement("tr");
    tr.dataset.avs = e.avs;
    cell(tr, e.avs, "avs");
    cell(tr, e.block);
    cell(tr, e.recordedAt.slice(0, 19).replace("T", " "));
    cell(tr, formatEth(e.vaultLoss, 4), "vault-loss");
    cell(tr, e.reserveCoverage === null ? "n/a" : `${e.reserveCoverage.toFixed(1)}x`);
    cell(tr, e.hits.map((h) => `${h.name} -${pct(h.lossShare, 3)}`).join(", "), "hits");
    cell(tr, e.response ?? "");
    events.appendChild(tr);
  }
  emptyRow(events, 7, "no AVS slash seen");
}

function renderActions(s) {
  const body = document.querySelector("#actions tbody");
  body.replaceChildren();
  for (const a of s.actions) {
    const tr = document.createElement("tr");
    cell(tr, String(a.id));
    cell(tr, a.at.slice(0, 19).replace("T", " "), "wall");
    cell(tr, a.kind);
    cell(tr, a.status);
    cell(tr, a.vaultNonce ?? "");
    cell(tr, a.txHash ?? "", "mono tx");
    cell(tr, humanize(a.detail ?? ""));
    body.appendChild(tr);
  }
  emptyRow(body, 7, "no transactions sent yet");
}

const charts = new Map();

/** The y range of a chart: padded, and never narrower than a millionth of its level (uPlot's own range for a
 * young vault's share price, flat to 1e-7, made it throw "Invalid array length" and draw nothing). */
function yRange(min, max, fromZero) {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return fromZero ? [0, 0.01] : [0, 1];
  if (fromZero) return [Math.min(0, min), max > 0 ? max * 1.1 : 0.01];
  const level = Math.max(Math.abs(min), Math.abs(max), 1e-12);
  const pad = Math.max((max - min) * 0.1, level * 1e-6);
  return [min - pad, max + pad];
}

/** Breaks lines across gaps in time: a null point is put in wherever two samples are more than three times the
 * median interval apart (a keeper that was down), so the line stops instead of joining across it. */
function withGaps(data) {
  const t = data[0];
  if (t.length < 3) return data;
  const steps = t.slice(1).map((x, i) => x - t[i]).sort((a, b) => a - b);
  const limit = 3 * steps[Math.floor(steps.length / 2)];
  const out = data.map(() => []);
  for (let i = 0; i < t.length; i++) {
    if (i > 0 && t[i] - t[i - 1] > limit) {
      out[0].push((t[i] + t[i - 1]) / 2);
      for (let k = 1; k < data.length; k++) out[k].push(null);
    }
    for (let k = 0; k < data.length; k++) out[k].push(data[k][i]);
  }
  return out;
}

/** Creates or updates a time-series chart; a new set of series (another adapter) recreates it. */
function chart(id, series, data, valueFmt, fromZero) {
  const el = document.getElementById(id);
  const key = series.map((x) => x.label).join("|");
  const gapped = withGaps(data);
  const existing = charts.get(id);
  if (existing !== undefined && existing.key === key) {
    existing.plot.setData(gapped);
    return;
  }
  if (existing !== undefined) existing.plot.destroy();
  const width = Math.max(240, el.clientWidth || el.parentElement.clientWidth - 24);
  const plot = new uPlot(
    {
      width,
      height: 200,
      series: [{}, ...series.map((x) => ({ label: x.label, stroke: colourOf(x.label), width: 2, spanGaps: false, value: (u, v) => (v === null ? "-" : valueFmt(v)) }))],
      axes: [{}, { size: 84, values: (u, vals) => vals.map(valueFmt) }],
      // Rates and allocations start at zero (a flat zero line is drawn at the bottom, not in a void).
      scales: { x: { time: true }, y: { range: (u, min, max) => yRange(min, max, fromZero) } },
      legend: { live: true },
    },
    gapped,
    el,
  );
  el.dataset.series = series.map((x) => `${x.label}=${colourOf(x.label)}`).join(";");
  charts.set(id, { key, plot });
}

function renderCharts(s) {
  const h = s.history;
  const names = h.adapters.map((a) => ({ label: a.name }));
  const pctFmt = (v) => `${(v * 100).toFixed(2)} %`;
  chart("chart-price", [{ label: "share price" }], [h.t, h.sharePrice], (v) => v.toFixed(7));
  chart("chart-allocation", names, [h.t, ...h.adapters.map((a) => a.allocation)], (v) => v.toFixed(2), true);
  chart("chart-apy", names, [h.t, ...h.adapters.map((a) => a.baseApy)], pctFmt, true);
  chart("chart-extras", names, [h.t, ...h.adapters.map((a) => a.extrasApy)], pctFmt, true);
  chart("chart-coverage", [{ label: "coverage" }], [h.t, h.reserveCoverage], pctFmt, true);
}

async function refresh() {
  try {
    const res = await fetch("/status", { cache: "no-store" });
    const s = await res.json();
    renderFields(s);
    renderAdapters(s);
    renderRisk(s);
    renderActions(s);
    renderCharts(s);
    text(document.getElementById("updated"), `updated ${new Date().toISOString().slice(11, 19)} UTC`);
    document.body.dataset.block = s.vault === null ? "" : s.vault.block;
    document.body.dataset.ready = "1";
  } catch (err) {
    text(document.getElementById("updated"), `refresh failed: ${err}`);
    document.body.dataset.error = String(err);
  }
}

refresh();
setInterval(refresh, REFRESH_MS);
