"use strict";
// The ops dashboard. Its calls are authorised by the sign-in's session cookie; it shows ids and
// operational facts only, never a patient's details. Every text is set with textContent.
(function () {
  const WINDOWS = ["24h", "7d", "28d", "month-to-date"];
  const STANDARDS = { TWO_HOUR: "2-hour urgent crisis response", TWO_DAY: "2-day reablement and end of life",
                      EIGHTEEN_WEEK: "18-week planned therapy" };
  const SHORT = { TWO_HOUR: "2-hour", TWO_DAY: "2-day", EIGHTEEN_WEEK: "18-week" };
  const PATHWAYS = { URGENT_CRISIS_RESPONSE: "Urgent crisis response", HOME_FIRST_REABLEMENT: "Home First reablement",
                     END_OF_LIFE: "End of life", PLANNED_THERAPY: "Planned therapy" };
  const ORIGINS = { HOSPITAL_DISCHARGE: "Hospital discharge", COMMUNITY: "Community" };
  const STATUS_TAGS = { MET: ["Met", "nhsuk-tag--green"], BREACHED: ["Breached", "nhsuk-tag--red"],
                        EXCLUDED: ["Excluded", "nhsuk-tag--grey"], PENDING: ["Pending", "nhsuk-tag--blue"] };
  const thresholds = {};
  const hubNames = {};
  let serverOffset = 0; // the monitor's clock minus this browser's, from the last answer with asOf
  let atRiskNow = { atRisk: [], breached: [] };
  let alertsNow = { open: [], resolved: [] };
  let lastTargets = null;

  const $ = (id) => document.getElementById(id);
  const sessionOpen = () => $("session").hidden;

  function sessionEnded() {
    $("session").hidden = false;
    $("asOf").textContent = "signed out";
  }

  // A 401 means the session has ended: say so and offer to sign in again, rather than reload into a loop.
  async function api(path) {
    const response = await fetch(path, { headers: { "Accept": "application/json" } });
    if (response.status === 401) {
      sessionEnded();
      throw new Error("session ended");
    }
    return response;
  }

  async function json(path) {
    const response = await api(path);
    if (!response.ok) throw new Error(path + ": " + response.status);
    return response.json();
  }

  function el(tag, content, cls) {
    const e = document.createElement(tag);
    if (content !== undefined && content !== null) e.textContent = content;
    if (cls) e.className = cls;
    return e;
  }

  function row(cells) {
    const tr = el("tr", null, "nhsuk-table__row");
    for (const c of cells) {
      if (c instanceof Node) tr.appendChild(c);
      else tr.appendChild(el("td", c, "nhsuk-table__cell"));
    }
    return tr;
  }

  function cell(...children) {
    const td = el("td", null, "nhsuk-table__cell");
    for (const c of children) td.appendChild(c instanceof Node ? c : document.createTextNode(c));
    return td;
  }

  // Colour is never the only signal: every tag says in words what its colour means.
  function tag(text, colour) {
    return el("strong", text, "nhsuk-tag " + colour);
  }

  const hubName = (id) => hubNames[id] || id;
  const time = (iso) => iso ? new Date(iso).toLocaleString("en-GB", { dateStyle: "short", timeStyle: "short" }) : "";
  const now = () => Date.now() + serverOffset;

  function span(ms) {
    const minutes = Math.round(Math.abs(ms) / 60000);
    const d = Math.floor(minutes / 1440), h = Math.floor((minutes % 1440) / 60), m = minutes % 60;
    if (d > 0) return d + " d " + h + " h";
    if (h > 0) return h + " h " + m + " min";
    return m + " min";
  }

  function timeLeft(deadline) {
    const ms = Date.parse(deadline) - now();
    return ms >= 0 ? span(ms) + " left" : span(ms) + " over";
  }

  function noRows(tbody, columns, message) {
    const td = el("td", message, "nhsuk-table__cell hf-muted");
    td.colSpan = columns;
    tbody.replaceChildren(row([td]));
  }

  // ---- At risk now -------------------------------------------------------------------------------

  function renderAtRisk() {
    const atRisk = [...atRiskNow.atRisk].sort((a, b) => Date.parse(a.deadline) - Date.parse(b.deadline));
    const breached = [...atRiskNow.breached].sort((a, b) => Date.parse(b.deadline) - Date.parse(a.deadline));
    const render = (tbody, clocks, status, empty) => {
      if (clocks.length === 0) return noRows(tbody, 7, empty);
      tbody.replaceChildren(...clocks.map(c => {
        const tr = row([c.referralId, hubName(c.hubId), ORIGINS[c.origin] || "", PATHWAYS[c.pathway] || c.pathway || "",
          SHORT[c.standard] || c.standard,
          cell(status === "at-risk" ? tag("At risk", "nhsuk-tag--orange") : tag("Breached", "nhsuk-tag--red")),
          timeLeft(c.deadline)]);
        tr.dataset.referral = c.referralId;
        return tr;
      }));
    };
    render($("atRiskRows"), atRisk, "at-risk", "No clock is at risk now.");
    render($("breachedRows"), breached, "breached", "No clock breached in the last 12 hours.");
    $("atRisk").textContent = atRisk.length;
    $("breachedCount").textContent = breached.length + " breached in the last 12 hours";
  }

  async function loadAtRisk() {
    const asked = Date.now();
    const answer = await json("/api/clocks/at-risk?breachedWithin=PT12H");
    serverOffset = Date.parse(answer.asOf) - (asked + Date.now()) / 2;
    atRiskNow = answer;
    renderAtRisk();
  }

  // An event shows at once; the list is then read again (it has the pathway, and clocks met meanwhile leave it).
  function onClockEvent(kind, data) {
    const same = (c) => c.referralId === data.referralId && c.clockNumber === data.clockNumber;
    atRiskNow.atRisk = atRiskNow.atRisk.filter(c => !same(c));
    atRiskNow.breached = atRiskNow.breached.filter(c => !same(c));
    (kind === "ResponseAtRisk" ? atRiskNow.atRisk : atRiskNow.breached).push(data);
    renderAtRisk();
    soon(loadAtRisk);
  }

  // ---- Alerts ------------------------------------------------------------------------------------

  const pct = (p) => p === null || p === undefined ? "no data" : Number(p).toFixed(1) + "%";

  function renderAlerts() {
    const tbody = $("alertRows");
    const alerts = [...alertsNow.open, ...alertsNow.resolved];
    $("openAlerts").textContent = alertsNow.open.length;
    if (alerts.length === 0) return noRows(tbody, 7, "No alert open, none resolved in the last 7 days.");
    tbody.replaceChildren(...alerts.map(a => {
      const link = el("a", "History", null);
      link.href = "#alertDetail";
      link.setAttribute("aria-label", "History of the alert at " + hubName(a.hubId) + ", " + SHORT[a.standard]);
      link.addEventListener("click", (e) => { e.preventDefault(); openAlert(a.alertId); });
      const tr = row([cell(a.resolvedAt ? tag("Resolved", "nhsuk-tag--green") : tag("Open", "nhsuk-tag--red")),
        hubName(a.hubId), SHORT[a.standard] || a.standard, time(a.raisedAt),
        pct(a.raisedPercentage) + " (" + a.raisedMet + " met, " + a.raisedBreached + " breached; threshold " + pct(a.threshold) + ")",
        a.resolvedAt ? time(a.resolvedAt) + " at " + pct(a.resolvedPercentage) : "not yet", cell(link)]);
      tr.dataset.alert = a.alertId;
      return tr;
    }));
  }

  async function loadAlerts() {
    const answer = await json("/api/alerts");
    alertsNow = { open: answer.open, resolved: answer.resolved };
    renderAlerts();
  }

  function onAlertEvent(kind, data) {
    const alert = { alertId: data.alertId, hubId: data.hubId, standard: data.standard, window: data.window,
      threshold: data.threshold, raisedAt: data.raisedAt, raisedPercentage: data.percentage, raisedMet: data.met,
      raisedBreached: data.breached, resolvedAt: null };
    const others = (list) => list.filter(a => a.alertId !== data.alertId);
    if (kind === "TargetAlertRaised") {
      alertsNow.open = [alert, ...others(alertsNow.open)];
    } else {
      const raised = alertsNow.open.find(a => a.alertId === data.alertId) || alert;
      alertsNow.open = others(alertsNow.open);
      alertsNow.resolved = [{ ...raised, resolvedAt: data.resolvedAt, resolvedPercentage: data.percentage,
        resolvedMet: data.met, resolvedBreached: data.breached }, ...others(alertsNow.resolved)];
    }
    renderAlerts();
    soon(loadAlerts);
  }

  async function openAlert(alertId) {
    const box = $("alertDetail");
    const history = await json("/api/alerts/" + encodeURIComponent(alertId));
    const a = history.alert;
    const list = el("dl", null, "nhsuk-summary-list");
    const item = (key, value) => {
      const r = el("div", null, "nhsuk-summary-list__row");
      r.appendChild(el("dt", key, "nhsuk-summary-list__key"));
      r.appendChild(el("dd", value, "nhsuk-summary-list__value"));
      list.appendChild(r);
    };
    item("Hub", hubName(a.hubId));
    item("Standard", STANDARDS[a.standard] || a.standard);
    item("Judged over", a.window + ", threshold " + pct(a.threshold));
    item("Raised", time(a.raisedAt) + " at " + pct(a.raisedPercentage) + ": " + a.raisedMet + " met, " + a.raisedBreached + " breached");
    item("Resolved", a.resolvedAt ? time(a.resolvedAt) + " at " + pct(a.resolvedPercentage) + ": " + a.resolvedMet + " met, "
      + a.resolvedBreached + " breached" : "Open");
    item("Earlier alerts here", history.earlier.length === 0 ? "none in the last 7 days" : history.earlier.map(e =>
      "raised " + time(e.raisedAt) + " at " + pct(e.raisedPercentage) + (e.resolvedAt ? ", resolved " + time(e.resolvedAt) : ", open")).join("; "));
    box.replaceChildren(el("h3", "Alert " + a.alertId), list);
    box.hidden = false;
    box.focus();
  }

  // ---- Live figures and the clocks behind them --------------------------------------------------

  function countLink(n, label, hub, standard, window, status) {
    const a = el("a", n + " " + label);
    a.href = "#clocks";
    Object.assign(a.dataset, { hub, standard, window, status });
    a.setAttribute("aria-label", n + " " + label + " at " + hubName(hub) + ", " + SHORT[standard] + ", " + window + ": show the clocks");
    a.addEventListener("click", (e) => { e.preventDefault(); openClocks(hub, standard, window, status); });
    return a;
  }

  function figureCell(hub, standard, w, threshold) {
    const td = el("td", null, "nhsuk-table__cell");
    td.id = "fig-" + hub + "-" + standard + "-" + w.window;
    if (w.percentage === null) {
      td.appendChild(el("span", "no data", "hf-muted"));
    } else {
      td.appendChild(el("strong", Number(w.percentage).toFixed(1) + "% "));
      td.appendChild(w.percentage < threshold ? tag("Below target", "nhsuk-tag--red") : tag("On target", "nhsuk-tag--green"));
    }
    const counts = el("span", null, "hf-counts");
    counts.appendChild(countLink(w.met, "met", hub, standard, w.window, "MET"));
    counts.appendChild(document.createTextNode(", "));
    counts.appendChild(countLink(w.breached, "breached", hub, standard, w.window, "BREACHED"));
    counts.appendChild(document.createTextNode(", "));
    counts.appendChild(countLink(w.excluded, "excluded", hub, standard, w.window, "EXCLUDED"));
    td.appendChild(counts);
    if (w.byOrigin) td.appendChild(el("span", originText(w.byOrigin), "hf-counts hf-muted"));
    return td;
  }

  // NICE QS173 reports the 2-day start separately for referrals from hospital and from the community.
  function originText(byOrigin) {
    const part = (name, o) => name + " " + (o.percentage === null ? "no data" : Number(o.percentage).toFixed(1) + "%")
      + " (" + o.met + "/" + (o.met + o.breached) + ")";
    return part("Hospital discharge", byOrigin.hospitalDischarge) + "; " + part("community", byOrigin.community);
  }

  function renderTargets(targets) {
    lastTargets = targets;
    $("asOf").textContent = "as of " + new Date(targets.asOf).toLocaleString("en-GB");
    $("awaiting").textContent = targets.awaitingTriage.count;
    $("oldest").textContent = targets.awaitingTriage.oldestReceivedAt
      ? "oldest received " + time(targets.awaitingTriage.oldestReceivedAt) : "";
    const discharge = targets.awaitingDischarge;
    $("awaitingDischarge").textContent = discharge ? discharge.count + " awaiting discharge from hospital (no clock yet)"
      + (discharge.earliestExpectedDate ? ", the first expected " + discharge.earliestExpectedDate : "") : "";
    const tables = [];
    for (const standard of Object.keys(STANDARDS)) {
      const table = el("table", null, "nhsuk-table hf-figures");
      table.appendChild(el("caption", STANDARDS[standard] + (thresholds[standard] ? " (target " + thresholds[standard] + "%)" : ""),
        "nhsuk-table__caption nhsuk-table__caption--m"));
      const head = el("thead", null, "nhsuk-table__head");
      const hr = el("tr");
      for (const h of ["Hub", ...WINDOWS, "Pending", "At risk"]) {
        const th = el("th", h);
        th.scope = "col";
        hr.appendChild(th);
      }
      head.appendChild(hr);
      table.appendChild(head);
      const body = el("tbody", null, "nhsuk-table__body");
      for (const hub of targets.hubs) {
        const s = hub.standards.find(x => x.standard === standard);
        if (!s) continue;
        const tr = el("tr", null, "nhsuk-table__row");
        const th = el("th", hubName(hub.hubId));
        th.scope = "row";
        tr.appendChild(th);
        for (const w of s.windows) tr.appendChild(figureCell(hub.hubId, standard, w, thresholds[standard] || 0));
        tr.appendChild(cell(countLink(s.windows[0].pending, "pending", hub.hubId, standard, "24h", "PENDING")));
        tr.appendChild(cell(s.windows[0].atRisk > 0 ? tag(s.windows[0].atRisk + " at risk", "nhsuk-tag--orange") : "0"));
        body.appendChild(tr);
      }
      table.appendChild(body);
      tables.push(table);
    }
    $("tables").replaceChildren(...tables);
  }

  async function openClocks(hub, standard, window, status) {
    const q = new URLSearchParams({ hub, standard, window, status });
    const answer = await json("/api/clocks?" + q);
    const words = { MET: "met", BREACHED: "breached", EXCLUDED: "excluded", PENDING: "pending" }[status];
    $("clocksHeading").textContent = "Clocks " + words + ": " + hubName(hub) + ", " + SHORT[standard] + ", " + window;
    $("clocksCaption").textContent = answer.clocks.length + (answer.clocks.length === 1 ? " clock " : " clocks ") + words + (status === "PENDING" ? " now" : " in the window from "
      + time(answer.from) + " to " + time(answer.asOf));
    const tbody = $("clockRows");
    if (answer.clocks.length === 0) noRows(tbody, 8, "None.");
    else tbody.replaceChildren(...answer.clocks.map(c => {
      const [label, colour] = STATUS_TAGS[c.status] || [c.status, "nhsuk-tag--grey"];
      const tr = row([c.referralId, String(c.clockNumber), ORIGINS[c.origin] || "", cell(tag(label, colour)), time(c.startedAt), time(c.deadline),
        c.resolvedAt ? time(c.resolvedAt) + (c.exclusionReason ? " (" + c.exclusionReason.toLowerCase().replace(/_/g, " ") + ")" : "") : "",
        c.timeLeft === null ? "" : timeLeft(c.deadline)]);
      tr.dataset.referral = c.referralId;
      return tr;
    }));
    $("clocks").hidden = false;
    $("clocks").dataset.query = q.toString();
    $("clocks").focus();
  }

  async function loadTargets() {
    const response = await api("/api/targets?by=origin");
    if (response.ok) renderTargets(await response.json());
    else $("asOf").textContent = (await response.json()).detail;
  }

  // ---- Trends, monthly figures, CSV --------------------------------------------------------------

  let chart = null;

  function fillSelects() {
    const hubSelect = $("trendHub"), standardSelect = $("trendStandard");
    const keep = hubSelect.value;
    hubSelect.replaceChildren(...Object.keys(hubNames).map(id => {
      const o = el("option", hubName(id));
      o.value = id;
      return o;
    }));
    if (keep && hubNames[keep]) hubSelect.value = keep;
    if (standardSelect.options.length === 0) {
      for (const s of Object.keys(STANDARDS)) {
        const o = el("option", STANDARDS[s]);
        o.value = s;
        standardSelect.appendChild(o);
      }
    }
  }

  function csvLinks(hub, standard) {
    const links = [];
    const link = (text, params) => {
      const a = el("a", text);
      // With the split: an origin column, ALL rows the totals, then hospital discharge and community.
      a.href = "/api/figures/csv?" + new URLSearchParams({ ...params, by: "origin" });
      a.setAttribute("download", "");
      a.className = "hf-csv";
      links.push(a, document.createTextNode(" · "));
    };
    link("daily, this hub and standard", { period: "DAY", hub, standard });
    link("weekly, this hub and standard", { period: "WEEK", hub, standard });
    link("daily, all hubs", { period: "DAY" });
    link("weekly, all hubs", { period: "WEEK" });
    link("monthly, all hubs", { period: "MONTH" });
    links.pop();
    $("csvLinks").replaceChildren(...links);
  }

  async function loadTrend() {
    const hub = $("trendHub").value, standard = $("trendStandard").value, period = $("trendPeriod").value;
    if (!hub || !standard) return;
    csvLinks(hub, standard);
    const answer = await json("/api/figures?" + new URLSearchParams({ period, hub, standard, by: "origin" }));
    const rows = answer.rows.filter(r => r.origin === "ALL");
    const split = bySplit(answer.rows);
    const threshold = rows.length ? Number(rows[0].threshold) : Number(thresholds[standard] || 0);
    const what = (period === "DAY" ? "Daily" : "Weekly") + " percentage met, " + hubName(hub) + ", " + STANDARDS[standard]
      + ", threshold " + threshold + "%";
    $("trendCaption").textContent = what;
    const tbody = $("trendRows");
    if (rows.length === 0) noRows(tbody, 8, "No figures.");
    else tbody.replaceChildren(...[...rows].reverse().map(r => row([
      period === "DAY" ? r.start : r.start + " to " + r.end, pct(r.percentage), String(r.met), String(r.breached), String(r.excluded),
      cell(r.percentage === null ? el("span", "none resolved", "hf-muted")
        : Number(r.percentage) < Number(r.threshold) ? tag("Below threshold", "nhsuk-tag--red") : tag("At or above", "nhsuk-tag--green")),
      originCell(split, r, "HOSPITAL_DISCHARGE"), originCell(split, r, "COMMUNITY")])));
    drawChart(rows, threshold, what, split);
  }

  // The rows of each origin, by the ALL row they split: hub, standard and period start.
  function bySplit(rows) {
    const split = {};
    for (const r of rows) if (r.origin !== "ALL") split[r.hubId + "|" + r.standard + "|" + r.start + "|" + r.origin] = r;
    return split;
  }

  const splitOf = (split, r, origin) => split[r.hubId + "|" + r.standard + "|" + r.start + "|" + origin];

  // One origin's figure: percentage, met of resolved, and whether it was revised since finalised.
  function originCell(split, r, origin) {
    const o = splitOf(split, r, origin);
    if (!o) return cell(el("span", "no data", "hf-muted"));
    const td = cell(pct(o.percentage) + " (" + o.met + "/" + (o.met + o.breached) + ")");
    if (o.revisions && o.revisions.length > 0) {
      td.appendChild(document.createTextNode(" "));
      td.appendChild(tag("Revised", "nhsuk-tag--orange"));
      td.appendChild(el("span", o.revisions.length + " change" + (o.revisions.length > 1 ? "s" : "") + " since finalised at "
        + o.finalised.met + " met, " + o.finalised.breached + " breached", "hf-counts hf-muted"));
    }
    return td;
  }

  function drawChart(rows, threshold, what, split) {
    const box = $("trendChart");
    if (typeof uPlot === "undefined") {
      box.textContent = "The chart could not load; the table below has the same figures.";
      return;
    }
    const xs = rows.map(r => Date.parse(r.start + "T12:00:00Z") / 1000);
    const percentages = (list) => list.map(r => !r || r.percentage === null ? null : Number(r.percentage));
    const data = [xs, percentages(rows), rows.map(() => threshold), rows.map(r => r.met + r.breached),
      percentages(rows.map(r => splitOf(split, r, "HOSPITAL_DISCHARGE"))),
      percentages(rows.map(r => splitOf(split, r, "COMMUNITY")))];
    const percentValue = (u, v) => v === null ? "none" : v.toFixed(1) + "%";
    const opts = {
      title: what, width: Math.max(320, box.clientWidth || 800), height: 320,
      scales: { x: { time: true }, y: { range: [0, 100] }, n: { range: (u, min, max) => [0, Math.max(5, max)] } },
      series: [
        {},
        { label: "Percentage met", stroke: "#005eb8", width: 2, points: { show: true, size: 6 }, value: percentValue },
        { label: "Threshold " + threshold + "%", stroke: "#d5281b", width: 2, dash: [8, 6], points: { show: false } },
        { label: "Resolved (met + breached)", stroke: "#768692", width: 1, scale: "n", points: { show: true, size: 4 } },
        // Told apart by dash and label as well as colour.
        { label: "Hospital discharge", stroke: "#330072", width: 1, dash: [2, 4], points: { show: true, size: 4 },
          value: percentValue },
        { label: "Community", stroke: "#007f3b", width: 1, dash: [10, 4], points: { show: true, size: 4 },
          value: percentValue },
      ],
      axes: [{}, { values: (u, vals) => vals.map(v => v + "%") }, ],
    };
    opts.axes.push({ side: 1, scale: "n", grid: { show: false } });
    if (chart) chart.destroy();
    box.replaceChildren();
    chart = new uPlot(opts, data, box);
  }

  async function loadMonthly() {
    const standard = $("trendStandard").value || "TWO_HOUR";
    const answer = await json("/api/figures?" + new URLSearchParams({ period: "MONTH", standard, by: "origin" }));
    const split = bySplit(answer.rows);
    $("monthlyCaption").textContent = "Monthly percentage met, " + STANDARDS[standard] + ", last 13 months, hubs with clocks";
    const rows = answer.rows.filter(r => r.origin === "ALL")
      .filter(r => r.met + r.breached + r.excluded > 0 || r.finalised || r.revisions.length > 0)
      .sort((a, b) => b.start.localeCompare(a.start) || hubName(a.hubId).localeCompare(hubName(b.hubId)));
    const tbody = $("monthlyRows");
    if (rows.length === 0) return noRows(tbody, 9, "No clock resolved in the last 13 months.");
    tbody.replaceChildren(...rows.map(r => {
      let state;
      if (r.revisions.length > 0) {
        const f = r.finalised;
        state = cell(tag("Revised", "nhsuk-tag--orange"), " " + r.revisions.length + " change" + (r.revisions.length > 1 ? "s" : "")
          + " since finalised at " + f.met + " met, " + f.breached + " breached, " + f.excluded + " excluded; last "
          + time(r.revisions[r.revisions.length - 1].at));
      } else if (r.finalisedAt) {
        state = cell(tag("Finalised", "nhsuk-tag--grey"), " " + time(r.finalisedAt));
      } else {
        state = cell(tag("Provisional", "nhsuk-tag--blue"));
      }
      const tr = row([r.start.substring(0, 7), r.hubName || hubName(r.hubId), pct(r.percentage), String(r.met), String(r.breached),
        String(r.excluded), state, originCell(split, r, "HOSPITAL_DISCHARGE"), originCell(split, r, "COMMUNITY")]);
      Object.assign(tr.dataset, { hub: r.hubId, month: r.start.substring(0, 7) });
      if (r.revisions.length > 0) tr.dataset.revised = "true";
      const revisedOrigins = Object.keys(ORIGINS).filter(o => (splitOf(split, r, o) || { revisions: [] }).revisions.length > 0);
      if (revisedOrigins.length > 0) tr.dataset.revisedOrigins = revisedOrigins.join(" ");
      return tr;
    }));
  }

  // ---- The live stream ---------------------------------------------------------------------------

  const timers = new Map();
  // Several events in a burst read the list once.
  function soon(load) {
    if (timers.has(load)) return;
    timers.set(load, setTimeout(() => { timers.delete(load); load().catch(() => {}); }, 500));
  }

  function log(message) {
    const list = $("events");
    if (list.firstChild && list.firstChild.className === "hf-muted") list.replaceChildren();
    list.insertBefore(el("li", new Date().toLocaleTimeString("en-GB") + " " + message), list.firstChild);
    while (list.children.length > 100) list.removeChild(list.lastChild);
  }

  function reloadAll() {
    soon(loadAtRisk);
    soon(loadAlerts);
    soon(loadTargets);
  }

  function listen() {
    const source = new EventSource("/api/alerts/stream");
    const status = $("liveStatus");
    source.onopen = () => {
      status.textContent = "Live: updates as they happen.";
      // After a reconnection the browser sent Last-Event-ID and the missed events follow; the lists are
      // read again too, for what changed without an event (a clock met, a referral cancelled).
      reloadAll();
    };
    const on = (name, words, apply) => source.addEventListener(name, (event) => {
      const data = JSON.parse(event.data);
      log(words + " " + hubName(data.hubId) + ", " + (SHORT[data.standard] || "")
        + (data.percentage !== undefined ? " at " + pct(data.percentage) : "")
        + (data.referralId ? ", referral " + data.referralId : ""));
      apply(name, data);
      soon(loadTargets);
    });
    on("ResponseAtRisk", "At risk:", onClockEvent);
    on("ResponseBreached", "Breached:", onClockEvent);
    on("TargetAlertRaised", "Alert raised:", onAlertEvent);
    on("TargetAlertResolved", "Alert resolved:", onAlertEvent);
    // Fell behind (the stream ends; the browser reconnects with Last-Event-ID) or missed events the topic
    // no longer holds: the lists are read again, so they are whole whatever the stream lost.
    source.addEventListener("cut-off", () => { log("The stream fell behind and reconnects."); reloadAll(); });
    source.addEventListener("gap", () => { log("Some events were missed: the lists were read again."); reloadAll(); });
    // The stream ends when the sign-in's token expires; the browser reconnects on its own, renewed by the
    // session. Refused (the session has ended), it stops: the page says so, or listens again.
    source.onerror = () => {
      status.textContent = "Reconnecting to the live stream…";
      if (source.readyState !== EventSource.CLOSED) return;
      api("/api/standards").then(() => setTimeout(listen, 5000)).catch(() => {
        if (sessionOpen()) setTimeout(listen, 5000);
      });
    };
  }

  // ---- Start -------------------------------------------------------------------------------------

  // The hubs as hub-allocation-service names them (read by the monitor with this sign-in's token);
  // asked again soon while the monitor has none yet, then every 5 minutes.
  let namesRead = false;
  async function loadHubNames() {
    let named = false;
    try {
      const hubs = await json("/api/hubs");
      for (const hub of hubs.hubs) hubNames[hub.id] = hub.name;
      named = hubs.namesReadAt !== null;
    } catch (e) {
      // ids stand in for names
    }
    fillSelects();
    if (named && !namesRead) {
      // The first names: the views drawn with ids are drawn again.
      namesRead = true;
      soon(loadTrend);
      soon(loadMonthly);
    }
    if (lastTargets) renderTargets(lastTargets);
    renderAtRisk();
    renderAlerts();
    if (sessionOpen()) setTimeout(loadHubNames, named ? 300000 : 15000);
  }

  async function tick() {
    if (!sessionOpen()) return;
    try {
      await loadTargets();
      renderAtRisk(); // time left moves on
    } catch (e) {
      if (sessionOpen()) $("asOf").textContent = "cannot reach the monitor";
    }
  }

  $("trendHub").addEventListener("change", () => loadTrend().catch(() => {}));
  $("trendPeriod").addEventListener("change", () => loadTrend().catch(() => {}));
  $("trendStandard").addEventListener("change", () => { loadTrend().catch(() => {}); loadMonthly().catch(() => {}); });

  Promise.all([json("/api/standards").then(list => {
    for (const s of list) thresholds[s.standard] = s.alertThreshold;
  }), loadHubNames()]).catch(() => {}).finally(() => {
    if (!sessionOpen()) return;
    tick();
    setInterval(tick, 5000);
    setInterval(() => soon(loadAtRisk), 30000);
    loadAtRisk().catch(() => {});
    loadAlerts().catch(() => {});
    loadTrend().catch(() => {});
    loadMonthly().catch(() => {});
    listen();
  });
})();
