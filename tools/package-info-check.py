#!/usr/bin/env python3
"""Checks that every package of the modules' main sources has a package-info.java with a concept tour.

    python3 tools/package-info-check.py [module ...]      (default: every module; exit 1 on a miss)

A concept tour (the developers' guide: "a package-info.java with a concept tour per package") is
a Javadoc comment before the package line that says what the package is for in at least
MIN_WORDS words and names at least one of the package's own classes ({@link ...} or the bare
class name), so a reader can start there. A package is any folder under src/main/java (or
src/main/java22, whose packages share their package-info with src/main/java) holding .java files.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULES = ["inference", "retrieval", "indexer", "server", "bench"]
SOURCE_ROOTS = ("src/main/java", "src/main/java22")
MIN_WORDS = 15


def packages(module):
    """package name -> the class names in it (over every source root)."""
    out = {}
    for base in SOURCE_ROOTS:
        top = os.path.join(ROOT, module, base)
        for d, _, names in os.walk(top):
            classes = [n[:-5] for n in names if n.endswith(".java") and n != "package-info.java"]
            if classes or "package-info.java" in names:
                pkg = os.path.relpath(d, top).replace(os.sep, ".")
                out.setdefault(pkg, set()).update(classes)
    return {p: c for p, c in out.items() if c}


def package_info(module, pkg):
    for base in SOURCE_ROOTS:
        path = os.path.join(ROOT, module, base, *pkg.split("."), "package-info.java")
        if os.path.isfile(path):
            return path
    return None


def problem(module, pkg, classes):
    path = package_info(module, pkg)
    if path is None:
        return "no package-info.java"
    src = open(path, encoding="utf-8").read()
    m = re.search(r"/\*\*(.*?)\*/\s*(?:@[\w.]+(?:\([^)]*\))?\s*)*package\s+" + re.escape(pkg) + r"\s*;", src, re.S)
    if not m:
        return "no Javadoc comment before the package line"
    text = re.sub(r"^\s*\*", "", m.group(1), flags=re.M)
    words = re.findall(r"[\w\u4e00-\u9fff'-]+", re.sub(r"\{@\w+\s+([^}]*)\}", r"\1", text))
    if len(words) < MIN_WORDS:
        return "its comment has %d words (at least %d: what the package is for)" % (len(words), MIN_WORDS)
    named = {c for c in classes if re.search(r"\b" + re.escape(c) + r"\b", text)}
    if not named:
        return "its comment names none of the package's classes (a tour starts somewhere)"
    return None


def main(args):
    modules = args or MODULES
    failures = 0
    for module in modules:
        pkgs = packages(module)
        bad = [(p, problem(module, p, c)) for p, c in sorted(pkgs.items())]
        bad = [(p, why) for p, why in bad if why]
        print("== %s: %d packages, %d with a concept tour" % (module, len(pkgs), len(pkgs) - len(bad)))
        for p, why in bad:
            print("  MISSING %s: %s" % (p, why))
        failures += len(bad)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
