#!/usr/bin/env python3
"""Checks the documentation's relative links, and that the README stays a front door.

    links_test.py REPO_ROOT             every relative link in README.md and docs/*.md resolves
    links_test.py REPO_ROOT --readme-max-lines N   README.md has at most N lines

A link resolves when its file exists and, if it has a #anchor into a Markdown file, that file has a
heading whose GitHub-style slug is the anchor (lower case; punctuation other than '-' and '_' dropped;
spaces made '-'; a repeated slug gets -1, -2, ...). Links to other sites are not checked. Exit 0 when
everything resolves; otherwise exit 1 after naming each broken link with its file and line.
"""
import os
import re
import sys

LINK = re.compile(r"(?<!!)\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
HTML_ANCHOR = re.compile(r"<a\s+(?:name|id)=\"([^\"]+)\"")


def Slug(text):
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link keeps its label
    slug = text.strip().lower()
    slug = re.sub(r"[^\w\- ]", "", slug)
    return slug.replace(" ", "-")


def Lines(path):
    """The lines outside fenced code blocks, with their 1-based numbers."""
    fence = None
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            stripped = line.lstrip()
            if fence is None and (stripped.startswith("```") or stripped.startswith("~~~")):
                fence = stripped[:3]
                continue
            if fence is not None:
                if stripped.startswith(fence):
                    fence = None
                continue
            yield number, line.rstrip("\n")


def Anchors(path, cache={}):
    if path not in cache:
        anchors, seen = set(), {}
        for _, line in Lines(path):
            for name in HTML_ANCHOR.findall(line):
                anchors.add(name)
            match = HEADING.match(line)
            if not match:
                continue
            slug = Slug(match.group(2))
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            anchors.add(slug if count == 0 else f"{slug}-{count}")
        cache[path] = anchors
    return cache[path]


def CheckLinks(root):
    files = [os.path.join(root, "README.md")]
    docs = os.path.join(root, "docs")
    files += sorted(os.path.join(docs, n) for n in os.listdir(docs) if n.endswith(".md"))
    broken = []
    for path in files:
        for number, line in Lines(path):
            line = re.sub(r"`[^`]*`", "", line)  # code spans hold no links
            for target in LINK.findall(line):
                if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):  # https:, mailto:, ...
                    continue
                file_part, _, anchor = target.partition("#")
                resolved = path if not file_part else os.path.normpath(os.path.join(os.path.dirname(path), file_part))
                where = f"{os.path.relpath(path, root)}:{number}"
                if not os.path.exists(resolved):
                    broken.append(f"{where}: {target}: no file {os.path.relpath(resolved, root)}")
                elif anchor and resolved.endswith(".md") and anchor not in Anchors(resolved):
                    broken.append(f"{where}: {target}: {os.path.relpath(resolved, root)} has no heading #{anchor}")
    for problem in broken:
        print(problem)
    print(f"{len(files)} files checked, {len(broken)} broken link(s)")
    return 1 if broken else 0


def CheckReadmeLength(root, most):
    with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
        count = sum(1 for _ in f)
    if count > most:
        print(f"README.md has {count} lines, more than {most}: it is the front door (what strata is, the two "
              "commands, a quick start, a map of docs/); move the rest into docs/, one topic a file")
        return 1
    print(f"README.md has {count} lines (at most {most})")
    return 0


def main(argv):
    if len(argv) == 2:
        return CheckLinks(argv[1])
    if len(argv) == 4 and argv[2] == "--readme-max-lines":
        return CheckReadmeLength(argv[1], int(argv[3]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
