#!/usr/bin/env python3
"""The size limits issue 12 set: no file in app/ over 1,000 lines, and no
function in engine/, ui/ or app/ over 120 lines outside the CSV parser
(engine/bp-csv.c). A file or function past them is named with its size,
so it is split when it grows, not at the next review.
"""
import os
import re
import sys

root = sys.argv[1]
FILE_MAX, FUNCTION_MAX = 1000, 120
EXEMPT = {os.path.join('engine', 'bp-csv.c')}
failures = []

def lines_of(path):
    with open(os.path.join(root, path), encoding='utf-8', errors='replace') as f:
        return f.read().split('\n')

for name in sorted(os.listdir(os.path.join(root, 'app'))):
    if name.endswith(('.c', '.h')):
        path = os.path.join('app', name)
        n = len(lines_of(path)) - 1
        if n > FILE_MAX:
            failures.append(f'{path}: {n} lines (at most {FILE_MAX} in app/)')

# GNU style: a body opens with "{" in column 0 and closes with "}" in column 0.
name_re = re.compile(r'^([A-Za-z_][A-Za-z0-9_]*)\s*\(')
for folder in ('engine', 'ui', 'app'):
    for name in sorted(os.listdir(os.path.join(root, folder))):
        path = os.path.join(folder, name)
        if not name.endswith('.c') or path in EXEMPT:
            continue
        lines = lines_of(path)
        start = None
        for i, line in enumerate(lines):
            if line.startswith('{') and start is None:
                start = i
            elif line.startswith('}') and start is not None:
                size = i - start + 1
                if size > FUNCTION_MAX:
                    function = next((m.group(1) for j in range(start - 1, max(start - 8, -1), -1)
                                     if (m := name_re.match(lines[j]))), '?')
                    failures.append(f'{path}:{start + 1}: {function} is {size} lines (at most {FUNCTION_MAX})')
                start = None

for failure in failures:
    print(failure)
if failures:
    sys.exit(1)
print(f'app/ files within {FILE_MAX} lines; functions within {FUNCTION_MAX} lines')
