#!/usr/bin/env python3
"""Writes OUT: the data file IN with its first full `since` date moved by a day (one relation
edited), for the benchmarks that time what follows a one-file edit.

    bench/one-edit.py IN OUT
"""
import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'since: "(\d{4}-\d{2}-)(\d{2})"', text)
if not m:
    sys.exit(f"{sys.argv[1]}: no `since` with a full date to edit")
day = int(m.group(2))
day = day + 1 if day < 28 else day - 1
text = text[: m.start()] + f'since: "{m.group(1)}{day:02d}"' + text[m.end() :]
open(sys.argv[2], "w", encoding="utf-8").write(text)
