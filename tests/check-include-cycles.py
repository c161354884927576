#!/usr/bin/env python3
"""No include cycle in app/, ui/ and engine/ (issue 12).

A file pair bp-foo.c/.h (with its bp-foo-private.h) is one unit; a unit
that includes another's header depends on it. Every cycle among units
(two of them including each other, or a longer ring) is named, so the
layers stay one-way: engine below ui below app, and no pair of types
that each need the other.
"""
import os
import re
import sys

root = sys.argv[1]
include = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)

def unit(name):
    base = name.rsplit('.', 1)[0]
    return base[:-len('-private')] if base.endswith('-private') else base

files = {}
for folder in ('engine', 'ui', 'app'):
    for name in sorted(os.listdir(os.path.join(root, folder))):
        if name.endswith(('.c', '.h')):
            files[name] = os.path.join(folder, name)

deps = {}
for name, path in files.items():
    with open(os.path.join(root, path), encoding='utf-8', errors='replace') as f:
        for target in include.findall(f.read()):
            target = os.path.basename(target)
            if target in files and unit(target) != unit(name):
                deps.setdefault(unit(name), {}).setdefault(unit(target), (path, target))

# Tarjan's strongly connected components: each with more than one unit is a cycle.
index, low, stack, on_stack, cycles = {}, {}, [], set(), []
def visit(v):
    index[v] = low[v] = len(index)
    stack.append(v)
    on_stack.add(v)
    for w in deps.get(v, {}):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on_stack:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        component = []
        while True:
            w = stack.pop()
            on_stack.discard(w)
            component.append(w)
            if w == v:
                break
        if len(component) > 1:
            cycles.append(sorted(component))

sys.setrecursionlimit(10000)
for v in sorted(deps):
    if v not in index:
        visit(v)

for component in cycles:
    print('include cycle among ' + ', '.join(component) + ':')
    for a in component:
        for b, (path, target) in sorted(deps.get(a, {}).items()):
            if b in component:
                print(f'  {path} includes "{target}"')
if cycles:
    sys.exit(1)
print(f'{len(files)} files, {len({unit(n) for n in files})} units, no include cycle')
