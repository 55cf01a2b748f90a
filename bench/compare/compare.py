"""diplograph against NetworkX and igraph on the same generated graph, in one run.

Generates a dataset with `diplograph gen`, exports it with `diplograph export` (node-link JSON
and GraphML), loads it in NetworkX and igraph, runs the same operations in the three, and prints
the times and the ratios side by side. See docs/performance.md; run through bench/compare/run.sh.

Operations, all undirected and without negated relations (diplograph's path semantics):
load; shortest path and k = 5 shortest paths between the same pairs; neighbours within two hops;
betweenness from 256 sampled sources. diplograph's query times are measured in memory after one
load by `diplograph-bench queries`, like the Python libraries' (which are timed after loading).
"""

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from itertools import islice

import igraph
import networkx as nx

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TARGET = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
BIN = os.path.join(TARGET, "release", "diplograph")
BENCH = os.path.join(TARGET, "release", "diplograph-bench")


def first_id(data):
    """The id of the first country of the generated data."""
    first = sorted(f for f in os.listdir(data) if f.endswith(".ron"))[0]
    with open(os.path.join(data, first)) as f:
        return re.search(r'Country\(id: "([^"]*)"', f.read()).group(1)


def timed(f, runs=1):
    """Median seconds of f() over runs, and its last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def run(*args, env=None):
    return subprocess.run(args, check=True, capture_output=True, env=env)


def wall(*args, env=None, runs=3):
    return timed(lambda: run(*args, env=env), runs)[0]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--actors", type=int, default=20000)
    p.add_argument("--relations", type=int, default=100000)
    p.add_argument("--files", type=int, default=20)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--pairs", type=int, default=20)
    p.add_argument("--dir", default="/tmp/diplograph-compare")
    p.add_argument("--skip-networkx-betweenness", action="store_true",
                   help="NetworkX takes minutes on large graphs")
    a = p.parse_args()

    data = os.path.join(a.dir, f"data-{a.actors}-{a.relations}-{a.seed}")
    env = dict(os.environ, DIPLOGRAPH_CACHE_DIR=os.path.join(a.dir, "cache"))
    if not os.path.isdir(data):
        run(BIN, "gen", "--actors", str(a.actors), "--relations", str(a.relations),
            "--files", str(a.files), "--seed", str(a.seed), "-o", data)
    json_path, graphml_path = os.path.join(a.dir, "graph.json"), os.path.join(a.dir, "graph.graphml")
    run(BIN, "export", "--data", data, "--format", "json", "-o", json_path, env=env)
    run(BIN, "export", "--data", data, "--format", "graphml", "-o", graphml_path, env=env)

    rows = []  # (operation, diplograph s, networkx s, igraph s)

    # Loading.
    dg_cold = wall(BIN, "check", "--no-cache", "--data", data, env=env)
    dg_warm = wall(BIN, "check", "--data", data, env=env)
    nx_graphml, _ = timed(lambda: nx.read_graphml(graphml_path))
    nx_json, doc = timed(lambda: nx.node_link_graph(json.load(open(json_path)), edges="edges"))
    ig_graphml, _ = timed(lambda: igraph.Graph.Read_GraphML(graphml_path))
    # `check` validates everything but builds no graph; a query builds it (and lists one
    # actor's neighbours, which takes microseconds): both against the libraries' reading.
    dg_graph = wall(BIN, "neighbors", first_id(data), "--no-cache", "--data", data, env=env)
    rows.append(("load: check cold / read GraphML", dg_cold, nx_graphml, ig_graphml))
    rows.append(("load: graph cold (neighbors) / read GraphML", dg_graph, nx_graphml, ig_graphml))
    rows.append(("load: check warm cache / read node-link JSON", dg_warm, nx_json, None))

    # The query graph: undirected, without negated relations.
    with open(json_path) as f:
        d = json.load(f)
    ids = [n["id"] for n in d["nodes"]]
    index = {n: i for i, n in enumerate(ids)}
    edges = [(index[e["source"]], index[e["target"]]) for e in d["edges"] if not e["negated"]]
    g = nx.Graph()
    g.add_nodes_from(range(len(ids)))
    g.add_edges_from(edges)
    ig = igraph.Graph(n=len(ids), edges=edges, directed=False)
    ig_simple = ig.copy().simplify()

    rng = random.Random(a.seed)
    giant = list(max(nx.connected_components(g), key=len))
    pairs = [(rng.choice(giant), rng.choice(giant)) for _ in range(a.pairs)]
    pairs = [(x, y) for x, y in pairs if x != y]

    out = run(BENCH, "queries", data, "3", *[ids[i] for pair in pairs for i in pair]).stdout.decode()
    dg = {k: float(v.split()[0]) / 1e3 for k, v in (line.split(": ", 1) for line in out.splitlines()[1:])}

    def per_pair(f):
        return statistics.median(timed(lambda: f(x, y), 3)[0] for x, y in pairs)

    rows.append(("shortest path (median of pairs)", dg["shortest_path"],
                 per_pair(lambda x, y: nx.shortest_path(g, x, y)),
                 per_pair(lambda x, y: ig.get_shortest_path(x, y))))
    rows.append(("k = 5 shortest paths (median of pairs)", dg["k5_paths"],
                 per_pair(lambda x, y: list(islice(nx.shortest_simple_paths(g, x, y), 5))),
                 per_pair(lambda x, y: ig_simple.get_k_shortest_paths(x, y, k=5))))
    rows.append(("neighbours within 2 hops (median of actors)", dg["neighbors_depth2"],
                 per_pair(lambda x, y: nx.single_source_shortest_path_length(g, x, cutoff=2)),
                 per_pair(lambda x, y: ig.neighborhood(x, order=2))))
    sources = rng.sample(range(len(ids)), min(256, len(ids)))
    ig_bc, _ = timed(lambda: ig.betweenness(directed=False, sources=sources))
    nx_bc = None
    if not a.skip_networkx_betweenness:
        nx_bc, _ = timed(lambda: nx.betweenness_centrality(g, k=min(256, len(ids)), seed=a.seed))
    rows.append(("betweenness, 256 sampled sources", dg["betweenness_256"], nx_bc, ig_bc))

    def fmt(t):
        if t is None:
            return "-"
        if t < 1e-3:
            return f"{t * 1e6:.2f} µs"
        return f"{t * 1e3:.3f} ms" if t < 1 else f"{t:.2f} s"

    def ratio(other, mine):
        return "-" if other is None else f"{other / mine:.1f}x"

    print(f"{len(ids)} actors, {len(d['edges'])} relations ({len(edges)} not negated), "
          f"{len(pairs)} pairs; NetworkX {nx.__version__}, igraph {igraph.__version__}, {os.cpu_count()} cores")
    print(f"{'operation':46} {'diplograph':>12} {'NetworkX':>12} {'igraph':>12} {'NX/dg':>8} {'ig/dg':>8}")
    for name, mine, nxt, igt in rows:
        print(f"{name:46} {fmt(mine):>12} {fmt(nxt):>12} {fmt(igt):>12} {ratio(nxt, mine):>8} {ratio(igt, mine):>8}")


if __name__ == "__main__":
    sys.exit(main())
