#!/usr/bin/env python3
"""md2man.py - write doc/templates.md as the man page mentorpact-templates(5).

usage: python3 mk/md2man.py doc/templates.md >doc/mentorpact-templates.5

`make man` runs it; tests/cli/man_templates.sh checks that the page in the
tree is exactly what it writes, so that the guide and the page never part.
It reads the small part of Markdown the guide uses: headings, paragraphs,
numbered and bulleted lists (with indented continuation lines), tables,
indented and fenced code, `code`, *emphasis* and **strong**.  Tables become
tagged paragraphs (the first cell the tag), which read well at any width.

The page's version is the program's (include/mentorpact/version.h) and its
date is that of mentorpact(1) (doc/mentorpact.1), so that the output
depends on the files alone.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)


def version():
    with open(os.path.join(TOP, "include/mentorpact/version.h")) as f:
        m = re.search(r'MENTORPACT_VERSION\s+"([^"]+)"', f.read())
    return m.group(1) if m else "unknown"


def page_date():
    with open(os.path.join(TOP, "doc/mentorpact.1")) as f:
        m = re.match(r"\.TH \S+ \S+ (\S+)", f.readline())
    return m.group(1) if m else "unknown"


def esc(text):
    """Escape text for roff: backslashes, and minus signs as \\-."""
    return text.replace("\\", "\\e").replace("-", "\\-")


def esc_prose(text):
    return text.replace("\\", "\\e")


def inline(text):
    """Markdown inline marks to roff font changes."""
    out = []
    for i, part in enumerate(re.split(r"`([^`]*)`", text)):
        if i % 2:
            out.append("\\fB" + esc(part) + "\\fR")
            continue
        part = esc_prose(part)
        part = re.sub(r"\*\*(.+?)\*\*", r"\\fB\1\\fR", part)
        part = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])",
                      r"\\fI\1\\fR", part)
        out.append(part)
    return "".join(out)


def text_line(text):
    """One output line of text: a leading . or ' must not read as a
    request."""
    text = inline(text.strip())
    if text[:1] in (".", "'"):
        text = "\\&" + text
    return text


def code_block(lines):
    out = [".PP", ".RS 4", ".nf"]
    for line in lines:
        line = esc(line)
        if line[:1] in (".", "'"):
            line = "\\&" + line
        out.append(line)
    out += [".fi", ".RE"]
    return out


def table(rows):
    cells = [[c.strip() for c in r.strip().strip("|").split("|")]
             for r in rows]
    head, body = cells[0], [r for r in cells[2:]]
    out = []
    for r in body:
        out += [".TP", text_line(r[0])]
        rest = list(zip(head[1:], r[1:]))
        if len(rest) == 1:
            out.append(text_line(rest[0][1]))
            continue
        for k, (h, c) in enumerate(rest):
            if k:
                out.append(".br")
            out.append(text_line(h[:1].upper() + h[1:] + ": " + c))
    return out


LIST_ITEM = re.compile(r"^(\d+\.|-) +(.*)$")


def convert(md):
    lines = md.split("\n")
    out = []
    title = None
    i = 0
    skipping = False  # the Contents section: a man page has no use for it
    para = []

    def flush():
        if para:
            out.append(".PP")
            out.append(text_line(" ".join(para)))
            del para[:]

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if line.startswith("# ") and title is None:
            title = line[2:].strip()
            out += [
                ".TH MENTORPACT\\-TEMPLATES 5 %s \"mentorpact %s\" "
                "\"File Formats\"" % (page_date(), version()),
                ".SH NAME",
                "mentorpact\\-templates \\- " + esc_prose(
                    title[0].lower() + title[1:]),
                ".SH DESCRIPTION",
            ]
            i += 1
            continue
        if line.startswith("## ") or line.startswith("### "):
            flush()
            name = line.lstrip("#").strip()
            skipping = name == "Contents"
            if not skipping:
                if line.startswith("## "):
                    out.append('.SH "%s"' % esc_prose(name.upper()))
                else:
                    out.append('.SS "%s"' % esc_prose(name))
            i += 1
            continue
        if skipping:
            i += 1
            continue
        if stripped.startswith("```"):
            flush()
            indent = len(line) - len(line.lstrip())
            i += 1
            block = []
            while i < len(lines) and not lines[i].strip().startswith("```"):
                block.append(lines[i][indent:])
                i += 1
            out += code_block(block)
            i += 1
            continue
        if stripped == "":
            flush()
            i += 1
            continue
        if line.startswith("    ") and not para:
            block = []
            while i < len(lines) and (lines[i].startswith("    ") or
                                      (lines[i].strip() == "" and
                                       i + 1 < len(lines) and
                                       lines[i + 1].startswith("    "))):
                block.append(lines[i][4:])
                i += 1
            out += code_block(block)
            continue
        if line.startswith("|"):
            flush()
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(lines[i])
                i += 1
            out += table(rows)
            continue
        m = LIST_ITEM.match(line)
        if m:
            flush()
            item = [m.group(2)]
            i += 1
            while (i < len(lines) and lines[i].startswith("  ") and
                   lines[i].strip() and
                   not lines[i].strip().startswith("```")):
                item.append(lines[i].strip())
                i += 1
            tag = "\\(bu" if m.group(1) == "-" else m.group(1)
            out += [".IP %s 4" % tag, text_line(" ".join(item))]
            continue
        para.append(stripped)
        i += 1
    flush()
    out += [".SH \"SEE ALSO\"", ".BR mentorpact (1)"]
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: md2man.py doc/templates.md\n")
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        sys.stdout.write(convert(f.read()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
