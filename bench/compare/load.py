"""The cold `check` against NetworkX and igraph reading the same graph's GraphML, alternated in
one run so that all three see the same machine: per round, `check`, NetworkX, `check`, igraph,
`check`, and the median of the three `check`s.

    diplograph export --data DATA --format graphml -o graph.graphml
    python bench/compare/load.py DIPLOGRAPH DATA graph.graphml [ROUNDS]

Needs networkx and igraph (bench/compare/requirements.txt). See docs/performance.md.
"""
import subprocess
import sys
import time

import igraph
import networkx as nx


def seconds(f):
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def main():
    binary, data, graphml = sys.argv[1:4]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 1

    def check():
        subprocess.run([binary, "check", "--no-cache", "--data", data],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

    for r in range(rounds):
        a = seconds(check)
        networkx = seconds(lambda: nx.read_graphml(graphml))
        b = seconds(check)
        ig = seconds(lambda: igraph.Graph.Read_GraphML(graphml))
        c = seconds(check)
        median = sorted([a, b, c])[1]
        print(f"round {r}: check {a:.2f} {b:.2f} {c:.2f} s (median {median:.2f}); "
              f"NetworkX {networkx:.2f} s = {networkx / median:.1f}x; igraph {ig:.2f} s = {ig / median:.1f}x",
              flush=True)


if __name__ == "__main__":
    main()
