#!/usr/bin/env python3
"""forge.py - re-sign an exported agreement with fresh keys from stock
minisign, as a forger would: the body may be altered first, and each
signature is redone with a key made by "minisign -G" (no secret of
anyone's), keeping the id, version, names and trusted comments.

usage: forge.py IN OUT [--replace OLD NEW] [--one-key] [--keys DIR]

--replace changes the first OLD in the body to NEW; --one-key signs both
roles with one key; --keys DIR keeps the keys made there (mentor.pub,
mentor.key, ...), or reuses them when they already exist.
"""
import base64
import os
import subprocess
import sys
import tempfile

BEGIN = "-----BEGIN MENTORPACT SIGNATURES-----\n"
START = "-----BEGIN MENTORPACT AGREEMENT-----\n"  # not signed


def b64_lines(data):
    text = base64.b64encode(data).decode()
    return [text[i:i + 64] for i in range(0, len(text), 64)]


def keyid_of(pub_text):
    raw = base64.b64decode(pub_text.splitlines()[1])
    return "%016X" % int.from_bytes(raw[2:10], "little")


def key(where, name):
    pub, sec = os.path.join(where, name + ".pub"), os.path.join(where, name + ".key")
    if not os.path.exists(pub):
        subprocess.run(["minisign", "-G", "-p", pub, "-s", sec, "-W"],
                       check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    return pub, sec


def blob_after(lines, label):
    """The base64 lines after the line `label`, decoded."""
    i = lines.index(label) + 1
    out = []
    while i < len(lines) and lines[i] and ":" not in lines[i] and not lines[i].startswith("-----"):
        out.append(lines[i])
        i += 1
    return lines.index(label) + 1, i, base64.b64decode("".join(out))


def main():
    args = sys.argv[1:]
    src, dst = args[0], args[1]
    replace = None
    one_key = "--one-key" in args
    keys = None
    if "--replace" in args:
        i = args.index("--replace")
        replace = (args[i + 1], args[i + 2])
    if "--keys" in args:
        keys = args[args.index("--keys") + 1]
        os.makedirs(keys, exist_ok=True)
    text = open(src, encoding="utf-8").read()
    at = text.rindex(BEGIN)
    body, block = text[:at], text[at:]
    start = START if body.startswith(START) else ""
    body = body[len(start):]
    if replace:
        if replace[0] not in body:
            sys.exit("forge.py: %r is not in the body" % replace[0])
        body = body.replace(replace[0], replace[1], 1)
    work = keys or tempfile.mkdtemp()
    with open(os.path.join(work, "body.txt"), "w", encoding="utf-8") as f:
        f.write(body)
    lines = block.split("\n")
    for role in ("mentor", "mentee"):
        pub, sec = key(work, "mentor" if one_key else role)
        s0, s1, sig = blob_after(lines, role + " signature:")
        trusted = [l for l in sig.decode().splitlines() if l.startswith("trusted comment: ")][0]
        out = os.path.join(work, role + ".minisig")
        subprocess.run(["minisign", "-S", "-s", sec, "-m", os.path.join(work, "body.txt"),
                        "-x", out, "-t", trusted[len("trusted comment: "):]],
                       check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        lines[s0:s1] = b64_lines(open(out, "rb").read())
        p0, p1, _ = blob_after(lines, role + " public key:")
        pub_text = open(pub).read()
        lines[p0:p1] = b64_lines(pub_text.encode())
        for i in range(p0 - 1, -1, -1):
            if lines[i].startswith("Key id:"):
                lines[i] = "Key id:        " + keyid_of(pub_text)
                break
    with open(dst, "w", encoding="utf-8") as f:
        f.write(start + body + "\n".join(lines))


if __name__ == "__main__":
    main()
