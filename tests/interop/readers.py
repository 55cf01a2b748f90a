"""Reads diplograph's exports with the real libraries and compares what they give back with
what the CLI says (`list` and `show --format json`), field by field.

Usage: python readers.py FORMAT FILE EXPECTED.json
FORMAT: graphml-networkx, graphml-igraph, gexf-networkx, nodelink-networkx,
cytoscape-networkx, ftm. EXPECTED holds {"actors": [...], "relations": [...]} in the shapes of
`show --format json`. Exits 1 with the differences on stderr.
"""

import json
import sys
from collections import Counter

ACTOR_LISTS = ("aliases", "tags")
RELATION_LISTS = ("about",)


def split_list(text):
    """The inverse of diplograph's `|`-joined lists (`\\` escapes)."""
    if text is None or text == "":
        return []
    items, cur, esc = [], "", False
    for c in text:
        if esc:
            cur += c
            esc = False
        elif c == "\\":
            esc = True
        elif c == "|":
            items.append(cur)
            cur = ""
        else:
            cur += c
    items.append(cur)
    return items


def parse_background(item):
    """diplograph's `SOURCE[FIELD,...]: NOTE` (the `background` columns) as an evidence item."""
    source, rest = item.split("[", 1)
    fields, rest = rest.split("]", 1)
    note = rest.strip()[1:].strip() if rest.strip() else None
    return {
        "kind": "background",
        "source": source.strip(),
        "text": None,
        "fields": [f.strip() for f in fields.split(",") if f.strip()],
        "note": note or None,
    }


def evidence_from_flat(attrs):
    """An evidence list from the `quote`, `source` and `background` columns: quotes first."""
    quotes = split_list(attrs.get("quote"))
    sources = split_list(attrs.get("source"))
    if len(quotes) != len(sources):
        raise SystemExit(f"quote and source lists differ in length: {attrs}")
    items = [{"kind": "quote", "source": s, "text": q, "fields": [], "note": None} for q, s in zip(quotes, sources)]
    return items + [parse_background(b) for b in split_list(attrs.get("background"))]


def quotes_first(evidence):
    """The order the flat formats give back: quotes, then background, each in data order."""
    return [e for e in evidence if e["kind"] == "quote"] + [e for e in evidence if e["kind"] != "quote"]


def canon(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def actor_from_flat(attrs, offices):
    """An actor's JSON shape from flat attributes (GraphML, GEXF)."""
    return {
        "id": attrs.get("id"),
        "name": attrs.get("name"),
        "kind": attrs.get("kind"),
        "aliases": split_list(attrs.get("aliases")),
        "tags": split_list(attrs.get("tags")),
        "note": attrs.get("note"),
        "iso3": attrs.get("iso3"),
        "country": attrs.get("country"),
        "offices": offices,
        "start": attrs.get("start"),
        "end": attrs.get("end"),
        "on": attrs.get("on"),
        "place": attrs.get("place"),
        "evidence": evidence_from_flat(attrs),
    }


def relation_from_flat(attrs):
    attrs = dict(attrs)
    attrs["id"] = attrs.pop("relation_id", None)
    confidence = attrs.get("confidence")
    return {
        "id": attrs.get("id"),
        "subject": attrs.get("subject"),
        "kind": attrs.get("kind"),
        "object": attrs.get("object"),
        "label": attrs.get("label"),
        "directed": attrs.get("directed"),
        "polarity": attrs.get("polarity"),
        "category": attrs.get("category"),
        "since": attrs.get("since"),
        "until": attrs.get("until"),
        "on": attrs.get("on"),
        "since_event": attrs.get("since_event"),
        "until_event": attrs.get("until_event"),
        "status": attrs.get("status"),
        "negated": attrs.get("negated"),
        "about": split_list(attrs.get("about")),
        "place": attrs.get("place"),
        "strength": attrs.get("strength"),
        "confidence": None if confidence is None else round(float(confidence), 6),
        "evidence": evidence_from_flat(attrs),
        "note": attrs.get("note"),
        "origin": attrs.get("origin"),
    }


def offices_of(relations):
    """Offices by holder, from the relations derived from them."""
    out = {}
    for r in relations:
        if r["origin"] == "office":
            out.setdefault(r["subject"], []).append(
                {"title": r["note"], "of": r["object"], "since": r["since"], "until": r["until"],
                 "evidence": r["evidence"]}
            )
    return out


def xml_safe(value):
    """What an XML writer must do to a text: characters XML 1.0 forbids become U+FFFD."""
    if isinstance(value, str):
        return "".join(
            c if c in "\t\n\r" or ("\x20" <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd") or c >= "\U00010000"
            else "\ufffd"
            for c in value
        )
    if isinstance(value, list):
        return [xml_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: xml_safe(v) for k, v in value.items()}
    return value


def normalise_expected(expected):
    for r in expected["relations"]:
        if r["confidence"] is not None:
            r["confidence"] = round(float(r["confidence"]), 6)
    return expected


def quotes_first_everywhere(expected):
    """What the flat formats (GraphML, GEXF) give back: each evidence list, quotes first."""
    for a in expected["actors"]:
        a["evidence"] = quotes_first(a["evidence"])
        for o in a["offices"]:
            o["evidence"] = quotes_first(o["evidence"])
    for r in expected["relations"]:
        r["evidence"] = quotes_first(r["evidence"])
    return expected


def compare(expected, actors, relations):
    problems = []
    want_a = Counter(canon(a) for a in expected["actors"])
    got_a = Counter(canon(a) for a in actors)
    for a in (want_a - got_a).elements():
        problems.append(f"actor missing or different: {a}")
    for a in (got_a - want_a).elements():
        problems.append(f"actor not expected: {a}")
    want_r = Counter(canon(r) for r in expected["relations"])
    got_r = Counter(canon(r) for r in relations)
    for r in (want_r - got_r).elements():
        problems.append(f"relation missing or different: {r}")
    for r in (got_r - want_r).elements():
        problems.append(f"relation not expected: {r}")
    return problems


def networkx_flat(g, id_attr):
    relations = [relation_from_flat(d) for _, _, d in g.edges(data=True)]
    offices = offices_of(relations)
    actors = []
    for node, d in g.nodes(data=True):
        attrs = dict(d)
        if id_attr:
            attrs[id_attr[1]] = attrs.get(id_attr[0])
        if attrs.get("id") != node:
            raise SystemExit(f"node key {node!r} is not the actor id {attrs.get('id')!r}")
        actors.append(actor_from_flat(attrs, offices.get(node, [])))
    return actors, relations


def graphml_networkx(path):
    import networkx as nx

    g = nx.read_graphml(path)
    assert g.is_directed()
    assert g.graph.get("version") == 2, g.graph
    for node, d in g.nodes(data=True):
        assert d["name"] == node, (node, d)
        d["id"] = d.pop("name")
        d["name"] = d.pop("label")
    for u, v, d in g.edges(data=True):
        assert (d["subject"], d["object"]) == (u, v), (u, v, d)
    return networkx_flat(g, None)


def graphml_igraph(path):
    import igraph as ig

    g = ig.Graph.Read_GraphML(path)
    assert g.is_directed()
    # The actor id is the vertex name, as igraph users look it up.
    names = g.vs["name"]
    for name in names:
        assert g.vs.find(name=name).index == names.index(name)
    relations = []
    for e in g.es:
        attrs = {k: v for k, v in e.attributes().items() if v is not None and v == v and v != ""}
        for key in ("directed", "negated"):
            attrs[key] = bool(attrs[key])
        assert (attrs["subject"], attrs["object"]) == (names[e.source], names[e.target])
        relations.append(relation_from_flat(attrs))
    offices = offices_of(relations)
    actors = []
    for v in g.vs:
        attrs = {k: val for k, val in v.attributes().items() if val is not None and val != ""}
        attrs["id"] = attrs.pop("name")
        attrs["name"] = attrs.pop("label")
        actors.append(actor_from_flat(attrs, offices.get(attrs["id"], [])))
    return actors, relations


def gexf_networkx(path):
    import networkx as nx

    g = nx.read_gexf(path)
    assert g.graph.get("mode") == "dynamic"
    for u, v, d in g.edges(data=True):
        if not d["directed"]:
            assert g.has_edge(v, u), ("a symmetric relation reads both ways", u, v)
        spells = d.pop("spells", None)
        if d.get("since") and d.get("until"):
            assert spells and spells[0][0] <= spells[0][1], (u, v, spells)
    # Mutual edges read as two; keep the one in the stated direction.
    edges = [d for u, v, d in g.edges(data=True) if (d["subject"], d["object"]) == (u, v)]
    relations = [relation_from_flat(d) for d in edges]
    offices = offices_of(relations)
    actors = []
    for node, d in g.nodes(data=True):
        d.pop("spells", None)
        actors.append(actor_from_flat(d, offices.get(node, [])))
    return actors, relations


def json_graph(g):
    actors = [{k: node if k == "id" else d.get(k) for k in ACTOR_KEYS} for node, d in g.nodes(data=True)]
    relations = []
    for _, _, d in g.edges(data=True):
        r = {k: d.get(k) for k in RELATION_KEYS}
        if "relation_id" in d:
            r["id"] = d["relation_id"]
        if r["confidence"] is not None:
            r["confidence"] = round(float(r["confidence"]), 6)
        relations.append(r)
    return actors, relations


ACTOR_KEYS = (
    "id", "name", "kind", "aliases", "tags", "note", "iso3", "country", "offices", "start", "end", "on", "place",
    "evidence",
)
RELATION_KEYS = (
    "id", "subject", "kind", "object", "label", "directed", "polarity", "category", "since", "until", "on",
    "since_event", "until_event", "status",
    "negated", "about", "place", "strength", "confidence", "evidence", "note", "origin",
)


def nodelink_networkx(path):
    import networkx as nx

    data = json.load(open(path, encoding="utf-8"))
    assert data["version"] == 2
    g = nx.node_link_graph(data, edges="edges")
    assert g.is_directed() and g.is_multigraph()
    return json_graph(g)


def cytoscape_networkx(path):
    import networkx as nx

    data = json.load(open(path, encoding="utf-8"))
    assert data["version"] == 2
    g = nx.cytoscape_graph(data)
    assert g.is_directed() and g.is_multigraph()
    return json_graph(g)


def ftm(path, expected):
    """Every entity reads with no schema error and no property dropped; references resolve."""
    from followthemoney import model

    lines = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    ids = {e["id"] for e in lines}
    assert len(ids) == len(lines), "entity ids are unique"
    problems = []
    for data in lines:
        proxy = model.get_proxy(data, cleaned=False)
        got = proxy.to_dict()["properties"]
        for prop, values in data["properties"].items():
            if len(got.get(prop, [])) != len(values):
                problems.append(f"{data['id']}: property {prop} {values} read as {got.get(prop)}")
        for prop in proxy.schema.properties.values():
            if prop.type.name == "entity":
                for ref in proxy.get(prop.name):
                    if ref not in ids:
                        problems.append(f"{data['id']}: {prop.name} points at {ref}, not exported")
    stated = [r for r in expected["relations"] if not r["negated"]]
    relations = [e for e in lines if e["schema"] in ("UnknownLink", "Membership")]
    if len(relations) != len(stated):
        problems.append(f"{len(relations)} relation entities for {len(stated)} relations that are not negated")
    if len(lines) - len(relations) != len(expected["actors"]):
        problems.append("one entity per actor")
    return problems


def sparql_blocks(markdown):
    """The ```sparql blocks of a Markdown file, in order."""
    blocks, cur = [], None
    for line in open(markdown, encoding="utf-8"):
        if cur is None and line.strip() == "```sparql":
            cur = []
        elif cur is not None and line.strip() == "```":
            blocks.append("".join(cur))
            cur = None
        elif cur is not None:
            cur.append(line)
    return blocks


def rdf(turtle, ntriples, docs, answers_path):
    """Loads both syntaxes, runs every SPARQL query of the docs, and compares the `between`
    and `neighbors` queries with the CLI's answers for each pair and actor given."""
    import pyoxigraph as ox

    stores = []
    for path, fmt in ((turtle, ox.RdfFormat.TURTLE), (ntriples, ox.RdfFormat.N_TRIPLES)):
        store = ox.Store()
        store.load(path=path, format=fmt)
        stores.append(store)
    # Blank nodes are named anew by each load: compare the triples without them, and the counts.
    triples = [[str(q.triple) for q in st] for st in stores]
    named = [set(t for t in ts if "_:" not in t) for ts in triples]
    problems = []
    if len(triples[0]) != len(triples[1]) or named[0] != named[1]:
        problems.append(f"Turtle and N-Triples differ: {len(named[0] ^ named[1])} triples")
    store = stores[0]
    answers = json.load(open(answers_path, encoding="utf-8"))
    blocks = sparql_blocks(docs)
    if not blocks:
        problems.append("no SPARQL query in the docs")
    templates = {}
    for query in blocks:
        rows = list(store.query(query))
        if answers.get("seed") and not rows:
            problems.append(f"no answer on the seed data to:\n{query}")
        first = query.splitlines()[0]
        for name in ("between", "neighbors"):
            if first.startswith(f"# {name} "):
                templates[name] = query
    base = answers["base"]

    def term(t):
        if t is None:
            return None
        return t.value

    for case in answers["between"]:
        q = templates["between"].replace("id:russia", f"<{base}actor/{case['a']}>").replace(
            "id:iran", f"<{base}actor/{case['b']}>"
        )
        got = Counter(
            canon([term(r["subject"]).rsplit("/", 1)[1], term(r["kind"]), term(r["object"]).rsplit("/", 1)[1],
                   term(r["negated"]) == "true", term(r["since"]), term(r["until"])])
            for r in store.query(q)
        )
        want = Counter(canon(x) for x in case["relations"])
        if got != want:
            problems.append(f"between {case['a']} {case['b']}: SPARQL {sorted(got)} CLI {sorted(want)}")
    for case in answers["neighbors"]:
        q = templates["neighbors"].replace("id:russia", f"<{base}actor/{case['actor']}>")
        got = sorted(term(r["neighbor"]).rsplit("/", 1)[1] for r in store.query(q))
        if got != sorted(case["neighbors"]):
            problems.append(f"neighbors {case['actor']}: SPARQL {got} CLI {sorted(case['neighbors'])}")
    return problems


def main():
    if sys.argv[1] == "rdf":
        problems = rdf(*sys.argv[2:6])
        if problems:
            print(f"rdf: {len(problems)} differences", file=sys.stderr)
            for p in problems[:20]:
                print("  " + p, file=sys.stderr)
            sys.exit(1)
        print("rdf: ok")
        return
    fmt, path, expected_path = sys.argv[1:4]
    expected = normalise_expected(json.load(open(expected_path, encoding="utf-8")))
    if fmt == "ftm":
        problems = ftm(path, expected)
    else:
        reader = {
            "graphml-networkx": graphml_networkx,
            "graphml-igraph": graphml_igraph,
            "gexf-networkx": gexf_networkx,
            "nodelink-networkx": nodelink_networkx,
            "cytoscape-networkx": cytoscape_networkx,
        }[fmt]
        actors, relations = reader(path)
        if fmt.startswith(("graphml", "gexf")):
            expected = xml_safe(quotes_first_everywhere(expected))
        problems = compare(expected, actors, relations)
    if problems:
        print(f"{fmt}: {len(problems)} differences", file=sys.stderr)
        for p in problems[:20]:
            print("  " + p, file=sys.stderr)
        sys.exit(1)
    print(f"{fmt}: ok")


if __name__ == "__main__":
    main()
