#!/usr/bin/env python3
"""mail_corpus.py - the mail corpus of tests/cli/mail.sh, built with
Python's email package: every way mail delivers an exported agreement.

usage: mail_corpus.py OUTDIR EXPORT...

Writes OUTDIR/cases (one line per case: file, then the phrase verify must
print, "-" for none) and, for each case, the same case made from a text
with one signed word changed, in OUTDIR/changed/ (each must be refused).
The first EXPORT must hold a line starting with "From ".  Also writes
OUTDIR/inbox.mbox: 50 messages mixing every export as attachments, pasted
bodies, replies, forwarded copies, one tampered copy, and unrelated mail.
"""
import mailbox
import os
import sys
from email import charset as email_charset
from email import policy
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.mime.message import MIMEMessage

out = sys.argv[1]
exports = [open(p, encoding="utf-8").read() for p in sys.argv[2:]]
names = [os.path.basename(p) for p in sys.argv[2:]]
os.makedirs(os.path.join(out, "changed"), exist_ok=True)
cases = []

GREETING = "Hi Sam,\n\nHere is our agreement, signed by both of us.\n\n"
FOOTER = "\n-- \nPriya Shah\nMentoring lead\n\n_______________\nmentors mailing list\nhttps://lists.example.org/mentors\n"


def change_word(text):
    """One signed word changed: the first "sessions" of the body."""
    body_end = text.index("-----BEGIN MENTORPACT SIGNATURES-----")
    for old, new in (("sessions", "meetings"), ("mentoring", "coaching"),
                     ("agree", "agreed")):
        at = text.find(old, 0, body_end)
        if at >= 0:
            return text[:at] + new + text[at + len(old):]
    raise SystemExit("no word to change")


def message(subject, text=None):
    m = EmailMessage(policy=policy.SMTP)
    m["From"] = "Priya Shah <priya@example.org>"
    m["To"] = "admin@example.org"
    m["Subject"] = subject
    m["Date"] = "Sat, 05 Dec 2026 09:00:00 +0000"
    if text is not None:
        m.set_content(text)
    return m


def write(name, data, expect, changed_data):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(out, name), mode) as f:
        f.write(data)
    with open(os.path.join(out, "changed", name), mode) as f:
        f.write(changed_data)
    cases.append((name, expect))


def both(name, make, expect):
    """A case made from the export and from a changed copy of it."""
    text = exports[0]
    write(name, make(text), expect, make(change_word(text)))


def as_bytes(m):
    return m.as_bytes(policy=policy.SMTP)


# --- bodies and attachments -------------------------------------------------
def attachment(text):
    m = message("Our agreement", "The agreement is attached.\n")
    m.add_attachment(text.encode("utf-8"), maintype="text", subtype="plain",
                     filename="agreement.txt")
    return as_bytes(m)


def pasted(cte):
    def make(text):
        m = message("Our agreement")
        m.set_content(GREETING + text + FOOTER, cte=cte)
        return as_bytes(m)
    return make


def reply(depth):
    def make(text):
        quoted = text
        for _ in range(depth):
            quoted = "".join("> " + line if line.strip() else ">" + line
                             for line in quoted.splitlines(True))
        m = message("Re: Our agreement")
        m.set_content("Thanks, all good.\n\nOn Friday, Priya wrote:\n" +
                      quoted, cte="quoted-printable")
        return as_bytes(m)
    return make


def flowed(text):
    lines = []
    for line in text.splitlines():
        if line.startswith((" ", ">", "From ")):
            line = " " + line  # space-stuffing
        # a soft break in a long wording line, as a flowing client does
        if len(line) > 60 and not line.startswith(" ") and " " in line[30:]:
            cut = line.index(" ", 30) + 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    body = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    head = ("From: priya@example.org\r\nTo: admin@example.org\r\n"
            "Subject: flowed\r\nMIME-Version: 1.0\r\nContent-Type: "
            "text/plain; charset=utf-8; format=flowed\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n").encode()
    return head + body


def html(text):
    esc = (text.replace("&", "&amp;").replace("<", "&lt;")
           .replace(">", "&gt;"))
    m = MIMEMultipart("alternative")
    m["From"] = "priya@example.org"
    m["Subject"] = "html"
    m.attach(MIMEText("Our agreement is in the HTML part.\n", "plain"))
    m.attach(MIMEText("<html><head><style>p{}</style></head><body>"
                      "<p>Hi Sam,</p><pre>" + esc + "</pre></body></html>",
                      "html", "utf-8"))
    return m.as_bytes()


def html_br(text):
    esc = (text.replace("&", "&amp;").replace("<", "&lt;")
           .replace(">", "&gt;").replace(" ", "&nbsp;"))
    m = MIMEMultipart("alternative")
    m["From"] = "priya@example.org"
    m["Subject"] = "html"
    m.attach(MIMEText("see the HTML\n", "plain"))
    m.attach(MIMEText("<div>" + esc.replace("\n", "<br>\n") + "</div>",
                      "html", "utf-8"))
    return m.as_bytes()


def forwarded(text):
    inner = message("Our agreement", "Attached.\n")
    inner.add_attachment(text.encode("utf-8"), maintype="text",
                         subtype="plain", filename="agreement.txt")
    outer = MIMEMultipart()
    outer["From"] = "sam@example.org"
    outer["Subject"] = "Fwd: Our agreement"
    outer.attach(MIMEText("Forwarding this one.\n", "plain"))
    outer.attach(MIMEMessage(inner))
    return outer.as_bytes()


def declared(cs):
    def make(text):
        email_charset.add_charset(cs, email_charset.QP, email_charset.QP)
        m = MIMEText(GREETING + text, "plain", cs)
        m["From"] = "priya@example.org"
        m["Subject"] = "charset"
        return m.as_bytes()
    return make


def mislabelled(text):
    """UTF-8 sent under a latin-1 label: read back as mojibake."""
    raw = text.encode("utf-8")
    head = ("From: p@example.org\nSubject: x\nMIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=windows-1252\n"
            "Content-Transfer-Encoding: 8bit\n\n").encode()
    return head + raw


both("attachment.eml", attachment, "-")
both("pasted-qp.eml", pasted("quoted-printable"), "6 after the agreement")
both("pasted-b64.eml", pasted("base64"), "are not part of it")
both("reply.eml", reply(1), "removing the '> ' quoting of a reply")
both("reply2.eml", reply(2), "removing 2 levels of the '> ' quoting")
both("flowed.eml", flowed, "undoing format=flowed")
both("html.eml", html, "-")
both("html-br.eml", html_br, "-")
both("forwarded.eml", forwarded, "-")
both("cp1252.eml", declared("windows-1252"),
     "converting it from the charset the message declared (windows-1252)")
both("mislabelled.eml", mislabelled, "undoing a second conversion to UTF-8")

# --- plain files as editors and mail clients leave them ---------------------
both("crlf.txt", lambda t: t.replace("\n", "\r\n").encode(),
     "putting back LF line endings")
both("nofinal.txt", lambda t: t.rstrip("\n").encode(),
     "putting back the lost final newline")
both("spaces.txt", lambda t: t.replace("\n", "  \n").encode(),
     "removing spaces added at the ends of lines")
both("bom.txt", lambda t: ("\ufeff" + t).encode(), "removing a byte order mark")
both("cp1252.txt", lambda t: t.encode("windows-1252"),
     "reading it as windows-1252")
both("bodyonly.txt", lambda t: (GREETING + t + FOOTER).encode(),
     "are not part of it")

# ISO-8859-1: an export whose text fits in it.
for i, text in enumerate(exports):
    try:
        raw = text.encode("iso-8859-1")
    except UnicodeEncodeError:
        continue
    if raw != text.encode("utf-8"):
        write("latin1.txt", raw, "reading it as windows-1252",
              change_word(text).encode("iso-8859-1"))
        break
else:
    raise SystemExit("no export fits in ISO-8859-1 with more than ASCII")

# ">From " escaping: an mbox as mail systems write them.
for name, text in (("from.mbox", exports[0]),):
    assert "\nFrom " in text, "the first export needs a line 'From '"
    for target, t in ((os.path.join(out, name), text),
                      (os.path.join(out, "changed", name), change_word(text))):
        if os.path.exists(target):
            os.remove(target)
        box = mailbox.mbox(target)
        box.add(mailbox.mboxMessage(as_bytes(message("pasted", t))))
        box.close()
    cases.append((name, "removing the '>' mail put before lines starting"))

# --- the administrator's inbox: 50 messages --------------------------------
box_path = os.path.join(out, "inbox.mbox")
if os.path.exists(box_path):
    os.remove(box_path)
box = mailbox.mbox(box_path)
kinds = [attachment, pasted("quoted-printable"), reply(1), forwarded]
n = 0
for round_ in range(10):
    for k, make in enumerate(kinds):
        text = exports[(round_ + k) % len(exports)]
        box.add(mailbox.mboxMessage(make(text)))
        n += 1
    if round_ == 0:
        box.add(mailbox.mboxMessage(attachment(change_word(exports[1]))))
    else:
        box.add(mailbox.mboxMessage(as_bytes(message(
            "Lunch on Friday?", "From the canteen, at noon?\n"))))
    n += 1
box.close()
assert n == 50

with open(os.path.join(out, "cases"), "w") as f:
    for name, expect in cases:
        f.write("%s\t%s\n" % (name, expect))
