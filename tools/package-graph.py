#!/usr/bin/env python3
"""Draws each module's package structure from its main sources: which package imports which.

    python3 tools/package-graph.py [module ...]        (default: every module)
    python3 tools/package-graph.py --dot inference     (Graphviz dot instead of text)
    python3 tools/package-graph.py --long server       (also the files over 300 lines, longest first)

An arrow A -> B means a class of package A names a class of package B (an import, a static
import or a fully qualified name in code; comments are ignored). Arrows that "run back up" are
those inside a cycle: with none, the packages form layers and the script prints them, lowest
first. Arrows to other opsmind modules are listed too, so a module importing one above it shows.
"""
import os
import re
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULES = ["inference", "retrieval", "indexer", "server", "bench"]
REF = re.compile(r"\b(dev\.opsmind(?:\.[a-z_][a-z0-9_]*)+)\.[A-Z]")


def strip(src):
    src = re.sub(r"/\*.*?\*/", " ", src, flags=re.S)
    src = re.sub(r"//[^\n]*", " ", src)
    return re.sub(r'"(?:\\.|[^"\\\n])*"', '""', src)


def packages(module):
    deps = defaultdict(set)
    files = defaultdict(int)
    for base in ("src/main/java", "src/main/java22"):
        top = os.path.join(ROOT, module, base)
        for d, _, names in os.walk(top):
            for name in names:
                if not name.endswith(".java") or name == "package-info.java":
                    continue
                src = strip(open(os.path.join(d, name), encoding="utf-8").read())
                m = re.search(r"^\s*package\s+([\w.]+)\s*;", src, re.M)
                if not m:
                    continue
                pkg = m.group(1)
                files[pkg] += 1
                deps[pkg]
                for ref in REF.findall(src):
                    # a nested type (Outer.Inner) resolves to its package: drop capitalised parts
                    target = ref
                    if target != pkg:
                        deps[pkg].add(target)
    return deps, files


def module_of(pkg):
    parts = pkg.split(".")
    return parts[2] if len(parts) > 2 else "?"


def sccs(nodes, edges):
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(comp)

    sys.setrecursionlimit(10000)
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def short(pkg, module):
    prefix = "dev.opsmind." + module
    return "(root)" if pkg == prefix else pkg[len(prefix) + 1:] if pkg.startswith(prefix + ".") else pkg


def report(module, dot):
    deps, files = packages(module)
    inside = {p: {q for q in ts if q in deps} for p, ts in deps.items()}
    outside = {p: sorted(q for q in ts if q not in deps) for p, ts in deps.items()}
    comps = sccs(deps.keys(), inside)
    comp_of = {p: i for i, c in enumerate(comps) for p in c}
    back = sorted((p, q) for p, ts in inside.items() for q in ts if comp_of[p] == comp_of[q])
    if dot:
        print("digraph %s {\n  rankdir=BT; node [shape=box];" % module)
        for p in sorted(inside):
            for q in sorted(inside[p]):
                style = ' [color=red]' if (p, q) in back else ""
                print('  "%s" -> "%s"%s;' % (short(p, module), short(q, module), style))
        print("}")
        return len(back)
    arrows = sum(len(t) for t in inside.values())
    print("== %s: %d packages, %d arrows between them, %d running back up (in cycles)"
          % (module, len(deps), arrows, len(back)))
    # layers: a package's level is one above the highest package it imports
    level = {}

    def lvl(p, seen=()):
        if p in level:
            return level[p]
        if p in seen:
            return 0
        level[p] = 0 if not inside[p] else 1 + max(lvl(q, seen + (p,)) for q in inside[p] if q != p)
        return level[p]

    for p in deps:
        lvl(p)
    for p in sorted(deps, key=lambda p: (level[p], p)):
        targets = ", ".join(short(q, module) for q in sorted(inside[p])) or "-"
        others = sorted({module_of(q) for q in outside[p]} - {module})
        print("  L%d %-28s %3d files -> %s%s" % (level[p], short(p, module), files[p], targets,
              ("   [modules: " + ", ".join(others) + "]") if others else ""))
    for p, q in back:
        print("  BACK %s -> %s" % (short(p, module), short(q, module)))
    return len(back)


LONG = 300


def long_files(module):
    out = []
    for base in ("src/main/java", "src/main/java22"):
        top = os.path.join(ROOT, module, base)
        for d, _, names in os.walk(top):
            for name in names:
                if name.endswith(".java"):
                    path = os.path.join(d, name)
                    n = sum(1 for _ in open(path, encoding="utf-8"))
                    if n > LONG:
                        out.append((n, os.path.relpath(path, os.path.join(ROOT, module))))
    out.sort(reverse=True)
    print("  files over %d lines: %d" % (LONG, len(out)))
    for n, path in out:
        print("    %5d %s" % (n, path))


def main(argv):
    dot = "--dot" in argv
    mods = [a for a in argv if not a.startswith("--")] or MODULES
    total = 0
    for m in mods:
        total += report(m, dot)
        if "--long" in argv and not dot:
            long_files(m)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
