// diplograph's page: plain JavaScript, no framework, nothing fetched from elsewhere.
//
// Every name from the data reaches the page through textContent or an attribute, never as
// markup; diagrams are parsed as SVG, stripped of anything active, and adopted. The view lives
// in the URL's fragment (#/actor/russia?at=2024&rel=ru-ir-partnership), so any view can be
// bookmarked and shared.
"use strict";

const API = "/api/v1";
const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------------------------------------
// Small helpers

/** An element with attributes and children (strings become text nodes). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  append(node, children);
  return node;
}

/** Replaces the children of `node` (arrays are flattened, null and false left out). */
function fill(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** The answer of an API route, or an Error carrying the API's message. */
async function api(route, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== "") query.set(k, v);
  }
  const url = `${API}/${route}${query.toString() ? "?" + query : ""}`;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const text = await response.text();
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    let suggestions = [];
    try {
      const body = JSON.parse(text);
      message = body.error.message;
      suggestions = body.error.suggestions || [];
    } catch (_) { /* not JSON */ }
    const error = new Error(message);
    error.suggestions = suggestions;
    error.status = response.status;
    throw error;
  }
  return route.endsWith(".svg") ? text : JSON.parse(text);
}

function errorBox(error) {
  const box = el("div", { class: "card error", role: "alert" }, error.message);
  if (error.suggestions && error.suggestions.length) {
    box.append(el("p", {}, "Did you mean ",
      error.suggestions.map((id, i) => [i ? ", " : "", el("a", { href: link("actor", id) }, id)]), "?"));
  }
  return box;
}

function dates(since, until) {
  if (since && until) return `${since} to ${until}`;
  if (since) return `since ${since}`;
  if (until) return `until ${until}`;
  return "";
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

// ---------------------------------------------------------------------------------------------
// The view in the URL

/** { view, arg, params } from the fragment. */
function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query] = hash.split("?");
  const parts = (path || "").split("/").map(decodeURIComponent);
  return { view: parts[0] || "home", arg: parts.slice(1).join("/"), params: new URLSearchParams(query || "") };
}

/** A fragment link to a view, keeping the date. */
function link(view, arg, params) {
  const p = new URLSearchParams(params || {});
  const at = route().params.get("at");
  if (at && !p.has("at")) p.set("at", at);
  for (const [k, v] of [...p.entries()]) if (v === "" || v === null) p.delete(k);
  const path = view === "home" ? "" : view + (arg ? "/" + encodeURIComponent(arg) : "");
  const query = p.toString();
  return `#/${path}${query ? "?" + query : ""}`;
}

/** Changes some parameters of the current view. */
function setParams(changes) {
  const r = route();
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === "") r.params.delete(k);
    else r.params.set(k, v);
  }
  const path = r.view === "home" ? "" : r.view + (r.arg ? "/" + encodeURIComponent(r.arg) : "");
  const query = r.params.toString();
  location.hash = `#/${path}${query ? "?" + query : ""}`;
}

/** The filter parameters every query takes from the view. */
function filters() {
  const at = route().params.get("at");
  return at ? { at } : {};
}

// ---------------------------------------------------------------------------------------------
// Status, errors of the data, live reload

let served = { load: 0 };

async function pollStatus() {
  try {
    const status = await api("status");
    const problems = $("problems");
    if (status.problems) {
      $("problems-text").textContent = status.problems.rendered;
      problems.hidden = false;
    } else {
      problems.hidden = true;
    }
    $("status").textContent =
      `${plural(status.actors, "actor")}, ${plural(status.relations, "relation")}, ` +
      `${plural(status.sources, "source")} in ${plural(status.files, "file")} · ${status.data} · ` +
      (status.load ? `load ${status.load}` : "not loaded");
    const years = status.years;
    if (years) {
      $("date").min = years[0];
      $("date").max = years[1];
    }
    if (served.load && status.load !== served.load) {
      served = status;
      render(false);
    }
    served = status;
  } catch (_) {
    $("status").textContent = "the server does not answer";
  }
}

// ---------------------------------------------------------------------------------------------
// Search with suggestions

const search = { items: [], selected: -1, timer: 0, asked: "" };

function showSuggestions(items) {
  const list = $("suggestions");
  list.replaceChildren();
  search.items = items;
  search.selected = -1;
  items.forEach((item, i) => {
    const li = el("li", { role: "option", id: `suggestion-${i}`, "aria-selected": "false", "data-id": item.id },
      el("span", {}, item.name, item.alias ? el("span", { class: "kind" }, ` (${item.alias})`) : null),
      el("span", { class: "kind" }, item.kind || ""));
    li.addEventListener("mousedown", (e) => { e.preventDefault(); openActor(item.id); });
    list.append(li);
  });
  list.hidden = items.length === 0;
  $("search").setAttribute("aria-expanded", String(items.length > 0));
}

function moveSelection(step) {
  if (!search.items.length) return;
  search.selected = (search.selected + step + search.items.length) % search.items.length;
  [...$("suggestions").children].forEach((li, i) => li.setAttribute("aria-selected", String(i === search.selected)));
  $("search").setAttribute("aria-activedescendant", `suggestion-${search.selected}`);
}

function openActor(id) {
  showSuggestions([]);
  $("search").value = "";
  location.hash = link("actor", id);
}

async function suggest() {
  const q = $("search").value.trim();
  search.asked = q;
  if (!q) return showSuggestions([]);
  try {
    const found = await api("search", { q, limit: 12 });
    if (search.asked !== q) return;
    const items = found.matches.length
      ? found.matches
      : found.suggestions.map((s) => ({ id: s.id, name: s.name, kind: "did you mean?" }));
    showSuggestions(items);
  } catch (_) { showSuggestions([]); }
}

function setUpSearch() {
  const input = $("search");
  input.addEventListener("input", () => {
    clearTimeout(search.timer);
    search.timer = setTimeout(suggest, 120);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") { e.preventDefault(); moveSelection(1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); moveSelection(-1); }
    else if (e.key === "Escape") { showSuggestions([]); }
    else if (e.key === "Enter") {
      e.preventDefault();
      const item = search.items[Math.max(search.selected, 0)];
      if (item) openActor(item.id);
      else if (input.value.trim()) location.hash = link("home", "", { q: input.value.trim() });
    }
  });
  input.addEventListener("blur", () => setTimeout(() => showSuggestions([]), 150));
  document.addEventListener("keydown", (e) => {
    const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement.tagName);
    if (e.key === "/" && !typing) { e.preventDefault(); input.focus(); }
    if (e.key === "Escape" && !$("evidence").hidden) closeEvidence();
  });
}

// ---------------------------------------------------------------------------------------------
// The date slider

function setUpDate() {
  const slider = $("date");
  slider.addEventListener("input", () => { $("date-label").textContent = slider.value; });
  slider.addEventListener("change", () => setParams({ at: slider.value }));
  $("date-clear").addEventListener("click", () => setParams({ at: null }));
}

function showDate() {
  const at = route().params.get("at");
  const slider = $("date");
  if (at) slider.value = parseInt(at, 10);
  else slider.value = slider.max;
  $("date-label").textContent = at || "any date";
  $("date-clear").disabled = !at;
}

// ---------------------------------------------------------------------------------------------
// Relations and their evidence

function relationLine(r, names) {
  const name = (id) => (names && names[id]) || id;
  const arrow = r.directed ? "→" : "—";
  return `${name(r.subject)} ${arrow} ${r.negated ? "NOT " : ""}${r.label} ${arrow} ${name(r.object)}`;
}

function relationAddress(r) {
  return r.id || `${r.subject}/${r.kind}/${r.object}`;
}

function relationButton(r, names) {
  const address = relationAddress(r);
  const pressed = route().params.get("rel") === address;
  const details = [dates(r.since, r.until), r.status, r.confidence !== null ? `confidence ${r.confidence}` : null]
    .filter(Boolean).join(" · ");
  return el("button", {
    type: "button", class: "relation" + (r.negated ? " negated" : ""), "aria-pressed": String(pressed),
    "data-relation": address, onclick: () => setParams({ rel: address }),
  },
  el("span", { class: "label" }, relationLine(r, names)),
  r.negated ? el("span", { class: "badge negated" }, "denied") : null,
  r.origin === "office" ? el("span", { class: "badge" }, "office") : null,
  details ? el("div", { class: "muted" }, details) : null,
  r.evidence.map((q) => el("blockquote", {}, q.text, " ", el("span", { class: "quote-source" }, `(${q.source})`))));
}

/** Names for actor ids, asked for in batches and kept. */
const knownNames = {};

async function namesOf(ids) {
  const missing = [...new Set(ids)].filter((id) => !(id in knownNames));
  for (let i = 0; i < missing.length; i += 500) {
    const found = await api("names", { ids: missing.slice(i, i + 500).join(",") }).catch(() => ({}));
    for (const id of missing.slice(i, i + 500)) knownNames[id] = found[id] || id;
  }
  return knownNames;
}

function closeEvidence() {
  setParams({ rel: null, pair: null });
}

async function showEvidence() {
  const panel = $("evidence");
  const params = route().params;
  const address = params.get("rel");
  const pair = params.get("pair");
  if (!address && !pair) { panel.hidden = true; panel.replaceChildren(); return; }
  panel.hidden = false;
  const close = el("button", { type: "button", class: "close", onclick: closeEvidence, "aria-label": "Close the evidence" }, "×");
  try {
    if (pair) {
      const [a, b] = pair.split(",");
      const found = await api("between", { a, b, ...filters() });
      const names = { [found.a.id]: found.a.name, [found.b.id]: found.b.name };
      fill(panel, close, el("h2", {}, `${found.a.name} and ${found.b.name}`),
        el("ul", { class: "plain relations" }, found.relations.map((r) => el("li", {}, relationButton(r, names)))));
      return;
    }
    const page = await api("relation", { id: address });
    const r = page.relation;
    const names = await namesOf([r.subject, r.object]);
    fill(panel, close, el("h2", {}, "Evidence"),
      el("p", { class: "label" }, el("strong", {}, relationLine(r, names))),
      el("dl", { class: "fields" },
        field("kind", `${r.label} (${r.kind}, ${r.polarity}, ${r.category})`),
        field("dates", dates(r.since, r.until)),
        field("status", r.status),
        field("denied", r.negated ? "yes: the source says it does not hold" : null),
        field("strength", r.strength),
        field("confidence", r.confidence),
        field("note", r.note),
        field("id", r.id),
        field("defined at", page.defined_at)),
      page.quotes.length ? null : el("p", { class: "muted" }, "No quote supports this relation."),
      page.quotes.map(quoteBlock),
      page.background.map(backgroundBlock));
  } catch (error) {
    fill(panel, close, errorBox(error));
  }
}

function field(name, value) {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return null;
  return [el("dt", {}, name), el("dd", {}, Array.isArray(value) ? value.join(", ") : String(value))];
}

/** Background knowledge: a fact no quote states, with the source it is known from. */
function backgroundBlock(b) {
  const s = b.source;
  const about = [s.title, s.publisher, s.published].filter(Boolean).join(", ");
  const what = b.fields.length ? b.fields.join(", ") : "the whole relation";
  return el("div", { class: "card background" },
    el("p", { class: "label" }, `Background knowledge, not quoted: ${what}`),
    b.note ? el("p", { class: "background-note" }, b.note) : null,
    el("p", { class: "quote-source" }, "Source: ", el("strong", {}, s.id), about ? ` — ${about}` : "",
      s.kind === "general_knowledge" ? " (general knowledge)" : ""));
}

function quoteBlock(q) {
  const s = q.source;
  const about = [s.title, s.publisher, s.published].filter(Boolean).join(", ");
  const safeUrl = s.url && /^https?:\/\//i.test(s.url) ? s.url : null;
  return el("div", { class: "card quote" },
    el("blockquote", { class: "quoted" }, q.text),
    el("p", { class: "quote-source" }, "Source: ", el("strong", {}, s.id), about ? ` — ${about}` : "",
      safeUrl ? [" · ", el("a", { href: safeUrl, rel: "noopener noreferrer", target: "_blank" }, "open")] : null),
    q.passage
      ? el("div", { class: "passage" }, "…", q.passage.before, el("mark", {}, q.passage.quote), q.passage.after, "…")
      : el("p", { class: "muted" }, q.text_held
        ? "The quote was not found in the source's text."
        : "The dataset does not hold this source's full text."));
}

// ---------------------------------------------------------------------------------------------
// Diagrams

/** Parses an SVG document, keeps only what draws, and makes its actors and relations clickable. */
function adoptSvg(text) {
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const svg = doc.documentElement;
  if (!svg || svg.nodeName !== "svg") return el("p", { class: "error" }, "The diagram could not be read.");
  for (const bad of svg.querySelectorAll("script, foreignObject, iframe, object, embed, style")) bad.remove();
  for (const node of svg.querySelectorAll("*")) {
    for (const attr of [...node.attributes]) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim().toLowerCase();
      if (name.startsWith("on") || ((name === "href" || name === "xlink:href") && !value.startsWith("#"))) {
        node.removeAttribute(attr.name);
      }
    }
  }
  // Graphviz wraps tooltips in <a>: keep the title, lose the link.
  for (const a of svg.querySelectorAll("a")) {
    const title = a.getAttribute("xlink:title") || a.getAttribute("title");
    if (title && !a.querySelector("title")) a.prepend(doc.createElementNS("http://www.w3.org/2000/svg", "title"));
    if (title) a.querySelector("title").textContent = title;
  }
  const adopted = document.importNode(svg, true);
  adopted.removeAttribute("width");
  adopted.removeAttribute("height");
  for (const g of adopted.querySelectorAll("g.node")) {
    const id = nodeId(g);
    if (!id) continue;
    g.setAttribute("tabindex", "0");
    g.setAttribute("role", "link");
    g.setAttribute("aria-label", `${g.querySelector("text") ? g.querySelector("text").textContent : id}: re-centre here`);
    g.dataset.actor = id;
    activate(g, () => { location.hash = link("actor", id, { depth: route().params.get("depth") }); });
  }
  for (const g of adopted.querySelectorAll("g.edge")) {
    const ids = relationIds(g);
    const ends = edgeEnds(g);
    g.setAttribute("tabindex", "0");
    g.setAttribute("role", "button");
    g.setAttribute("aria-label", "Show the evidence of this relation");
    if (ids.length === 1) g.dataset.relation = ids[0];
    activate(g, () => {
      if (ids.length === 1) setParams({ rel: ids[0], pair: null });
      else if (ends) setParams({ pair: ends.join(","), rel: null });
    });
  }
  return adopted;
}

function nodeId(g) {
  const title = g.querySelector("title");
  return title ? title.textContent : null;
}

/** The relations an edge draws, when the diagram names them (`class="edge relation ID ..."`). */
function relationIds(g) {
  const classes = (g.getAttribute("class") || "").split(/\s+/);
  if (!classes.includes("relation")) return [];
  return classes.filter((c) => c && c !== "edge" && c !== "relation");
}

/** The two actors of an edge, from Graphviz's title `a->b` or `a--b`. */
function edgeEnds(g) {
  const title = g.querySelector("title");
  if (!title) return null;
  const m = title.textContent.match(/^(.*?)(?:->|--)(.*)$/);
  return m ? [m[1].replace(/:.*$/, ""), m[2].replace(/:.*$/, "")] : null;
}

function activate(node, action) {
  node.addEventListener("click", action);
  node.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); action(); }
  });
}

async function diagram(params) {
  const box = el("div", { class: "diagram", "aria-label": "Diagram" }, el("p", { class: "muted" }, "Drawing…"));
  api("diagram.svg", { ...params, ...filters() })
    .then((svg) => box.replaceChildren(adoptSvg(svg)))
    .catch((error) => box.replaceChildren(errorBox(error)));
  return box;
}

// ---------------------------------------------------------------------------------------------
// Views

async function homeView(params) {
  const q = params.get("q");
  const main = [el("h1", {}, "Actors")];
  if (q) {
    const found = await api("search", { q, limit: 200 });
    main.push(el("p", {}, `${plural(found.matches.length, "actor")} matching “${q}”`));
    if (!found.matches.length && found.suggestions.length) {
      main.push(el("p", {}, "Did you mean ", found.suggestions.map((s, i) =>
        [i ? ", " : "", el("a", { href: link("actor", s.id) }, s.name)]), "?"));
    }
    main.push(el("ul", {}, found.matches.map((m) =>
      el("li", {}, el("a", { href: link("actor", m.id) }, m.name), " ", el("span", { class: "kind" }, m.kind)))));
    return main;
  }
  const rank = await api("rank", { metric: "degree", top: 25, ...filters() }).catch(() => null);
  main.push(el("p", { class: "muted" },
    "Search an actor above (press / to start typing), or start from the most connected ones."));
  if (rank) {
    main.push(el("div", { class: "card" }, el("h2", {}, "Most connected", filters().at ? ` at ${filters().at}` : ""),
      el("table", { class: "rank" }, el("thead", {}, el("tr", {}, el("th", {}, "#"), el("th", {}, "actor"), el("th", {}, "relations"))),
        el("tbody", {}, rank.actors.map((a) => el("tr", {},
          el("td", {}, a.rank), el("td", {}, el("a", { href: link("actor", a.id) }, a.name)), el("td", {}, a.score)))))));
  }
  return main;
}

async function actorView(id, params) {
  const depth = params.get("depth") || "1";
  const show = await api(`actors/${encodeURIComponent(id)}`, filters());
  const a = show.actor;
  const names = await namesOf([a.id, ...show.relations.flatMap((r) => [r.subject, r.object]), ...a.offices.map((o) => o.of)]);
  const stated = show.relations.filter((r) => r.origin === "stated");
  const holders = show.relations.filter((r) => r.origin === "office" && r.object === a.id);
  const card = el("div", { class: "card" },
    el("h1", {}, a.name),
    el("dl", { class: "fields" },
      field("id", a.id), field("kind", a.kind), field("aliases", a.aliases), field("ISO 3166", a.iso3),
      field("country", a.country), field("dates", dates(a.start, a.end)), field("place", a.place),
      field("tags", a.tags), field("note", a.note), field("defined at", show.defined_at)),
    a.offices.length ? [el("h2", {}, "Offices"), el("ul", {}, a.offices.map((o) =>
      el("li", {}, `${o.title} of `, el("a", { href: link("actor", o.of) }, names[o.of] || o.of), o.since || o.until ? ` (${dates(o.since, o.until)})` : "")))] : null,
    holders.length ? [el("h2", {}, "Office holders"), el("ul", {}, holders.map((r) =>
      el("li", {}, `${r.note || "office"}: `, el("a", { href: link("actor", r.subject) }, names[r.subject] || r.subject), r.since ? ` (${dates(r.since, r.until)})` : "")))] : null);
  const negated = stated.filter((r) => r.negated).length;
  const list = el("div", { class: "card" },
    el("h2", { class: "relations-title" }, `Relations (${stated.length}, ${negated} denied)`, filters().at ? ` at ${filters().at}` : ""),
    stated.length ? null : el("p", { class: "muted" }, "No relation", filters().at ? " at this date." : "."),
    el("ul", { class: "plain relations" }, stated.map((r) => el("li", {}, relationButton(r, names)))));
  const depthPicker = el("label", {}, "Depth ", el("select", {
    onchange: (e) => setParams({ depth: e.target.value }), "aria-label": "Diagram depth",
  }, ["1", "2", "3"].map((d) => el("option", { value: d, selected: d === depth }, d))));
  const picture = el("div", {},
    el("div", { class: "toolbar" }, el("strong", {}, "Focus diagram"), depthPicker,
      el("span", { class: "muted" }, "Click an actor to re-centre, a relation for its evidence.")),
    await diagram({ focus: a.id, depth }));
  return [el("div", { class: "columns" }, el("div", {}, card, list), picture)];
}

async function pathView(params) {
  const from = params.get("from") || "";
  const to = params.get("to") || "";
  const k = params.get("k") || "1";
  const form = el("form", { class: "path", onsubmit: (e) => {
    e.preventDefault();
    const data = new FormData(e.target);
    setParams({ from: data.get("from").trim(), to: data.get("to").trim(), k: data.get("k") });
  } },
  el("label", {}, "From", el("input", { name: "from", value: from, list: "actor-ids", required: true, autocomplete: "off" })),
  el("label", {}, "To", el("input", { name: "to", value: to, list: "actor-ids", required: true, autocomplete: "off" })),
  el("label", {}, "Paths", el("select", { name: "k" }, ["1", "3", "5", "10"].map((n) => el("option", { value: n, selected: n === k }, n)))),
  el("button", { type: "submit", class: "primary" }, "Find"),
  el("datalist", { id: "actor-ids" }));
  fillActorIds(form.querySelector("datalist"));
  const out = [el("h1", {}, "Paths"), el("div", { class: "card" }, form)];
  if (!from || !to) {
    out.push(el("p", { class: "muted" }, "How are two actors connected? The sign of a path is the product of its relations' signs: + cooperative, − hostile, ? when one is neutral."));
    return out;
  }
  const found = await api("path", { from, to, k: k === "1" ? null : k, ...filters() });
  if (!found.paths.length) {
    out.push(el("p", { class: "card" }, `No path from ${from} to ${to}`, filters().at ? ` at ${filters().at}` : "", "."));
    return out;
  }
  const names = await namesOf(found.paths.flatMap((p) => p.actors));
  out.push(el("ol", { class: "paths" }, found.paths.map((p) => el("li", { class: "card" },
    el("div", {}, sign(p.sign), " ", el("strong", {}, p.actors.map((id) => names[id]).join(" → ")), ` · ${plural(p.hops, "hop")}`),
    el("ul", { class: "hops" }, p.steps.map((s) => el("li", {},
      sign(s.sign),
      relationButton(s.relation, names))))))));
  out.push(await diagram({ from, to, only_path: "true" }));
  return out;
}

function sign(value) {
  const symbol = { positive: "+", negative: "−", ambivalent: "±", unknown: "?" }[value] || "?";
  return el("span", { class: `sign ${value}`, title: `sign ${value}` }, symbol);
}

async function fillActorIds(datalist) {
  const list = await api("actors").catch(() => []);
  append(datalist, list.slice(0, 5000).map((a) => el("option", { value: a.id }, a.name)));
}

async function balanceView() {
  const b = await api("balance", filters());
  const names = await namesOf([...b.camps.flat(), ...b.ambivalent.flatMap((p) => [p.a, p.b])]);
  const actor = (id) => el("a", { href: link("actor", id) }, names[id] || id);
  const relations = (list) => list.map((r, i) => [i ? ", " : "", el("button", { type: "button", class: "relation inline", onclick: () => setParams({ rel: relationAddress(r) }) }, r.label)]);
  const pair = (p) => el("li", {}, sign(p.ambivalent ? "ambivalent" : p.sign), " ", actor(p.a), " and ", actor(p.b), ": ",
    p.ambivalent ? ["+ ", relations(p.cooperative), "; − ", relations(p.hostile)] : relations([...p.cooperative, ...p.hostile]));
  const f = b.frustration;
  const frustration = f.method === "enumeration" ? `${plural(f.upper, "relation")} (exact)` : f.exact ? `${plural(f.upper, "relation")} (exact: the bounds meet)` : `between ${f.lower} and ${plural(f.upper, "relation")} (a lower bound and a local search)`;
  const share = b.balanced_share === null ? "no triad" : `${(b.balanced_share * 100).toFixed(1)}% balanced`;
  return [
    el("h1", {}, "Structural balance", filters().at ? ` at ${filters().at}` : ""),
    el("p", {}, `${plural(b.actors, "actor")}, ${plural(b.pairs, "signed pair")}, ${plural(b.triads, "triad")} (${share}); frustration index ${frustration}.`),
    el("div", { class: "card" }, el("h2", {}, `Balancers (${b.balancers.length})`),
      el("p", { class: "muted" }, "Cooperative with both sides of a hostile pair, most pairs first."),
      el("ol", { class: "balancers" }, b.balancers.map((x) => el("li", {}, actor(x.actor), ": ",
        x.bridges.map((br, i) => [i ? "; " : "", "between ", actor(br.between[0]), " and ", actor(br.between[1])]))))),
    el("div", { class: "card" }, el("h2", {}, `Unbalanced triads (${b.unbalanced.length})`),
      b.unbalanced.length ? null : el("p", { class: "muted" }, "None."),
      b.unbalanced.map((t) => el("div", { class: "triad" }, el("strong", {}, t.actors.map((id) => names[id] || id).join(", ")), el("ul", { class: "plain" }, t.pairs.map(pair))))),
    el("div", { class: "card" }, el("h2", {}, f.exact ? "Two camps (a best split)" : "Two camps (a good split, not proven best)"),
      el("div", { class: "camps" }, b.camps.map((camp, i) => el("div", {}, el("h3", {}, ["A", "B"][i]),
        el("ul", {}, camp.map((id) => el("li", {}, actor(id))))))),
      b.frustrated.length ? [el("h3", {}, "Pairs the camps contradict"), el("ul", { class: "plain" }, b.frustrated.map(pair))] : null),
    el("div", { class: "card" }, el("h2", {}, `Ambivalent pairs (${b.ambivalent.length})`),
      el("p", { class: "muted" }, `Both cooperative and hostile; signed in triads by the policy "${b.policy}".`),
      el("ul", { class: "plain" }, b.ambivalent.map(pair))),
  ];
}

// ---------------------------------------------------------------------------------------------
// Rendering

let rendering = 0;

async function render(focus) {
  const ticket = ++rendering;
  const { view, arg, params } = route();
  showDate();
  for (const a of document.querySelectorAll("nav a")) {
    const current = a.dataset.view === (view === "actor" ? "home" : view);
    if (current) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  const main = $("main");
  let content;
  try {
    if (view === "actor" && arg) content = await actorView(arg, params);
    else if (view === "path") content = await pathView(params);
    else if (view === "balance") content = await balanceView(params);
    else content = await homeView(params);
  } catch (error) {
    content = [errorBox(error)];
  }
  if (ticket !== rendering) return;
  fill(main, content);
  document.title = `${(main.querySelector("h1") || {}).textContent || "diplograph"} · diplograph`;
  if (focus) main.focus({ preventScroll: true });
  showEvidence();
}

let lastView = "";
window.addEventListener("hashchange", () => {
  const { view, arg, params } = route();
  params.delete("rel");
  params.delete("pair");
  const key = `${view}/${arg}?${params}`;
  // Opening or closing the evidence does not redraw the view.
  if (key === lastView) {
    showEvidence();
    for (const b of document.querySelectorAll("[data-relation]")) {
      b.setAttribute("aria-pressed", String(b.dataset.relation === route().params.get("rel")));
    }
    return;
  }
  lastView = key;
  render(true);
});

document.addEventListener("DOMContentLoaded", () => {
  setUpSearch();
  setUpDate();
  const { view, arg, params } = route();
  params.delete("rel");
  params.delete("pair");
  lastView = `${view}/${arg}?${params}`;
  pollStatus().then(() => render(false));
  setInterval(pollStatus, 2000);
});
