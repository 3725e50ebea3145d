#!/usr/bin/env bash
# Regenerates the translations of the desk's screens:
#   1. pyside6-lupdate collects every tr(...) string of app/views into a fresh catalogue;
#   2. the catalogue is tidied (see below) and merged with the translations already in
#      resources/translations/frontdesk_<lang>.ts, which it then replaces;
#   3. pyside6-lrelease compiles each .ts to the .qm the desk loads.
# Run it after changing any text on a screen, translate what it reports as unfinished
# (pyside6-linguist resources/translations/frontdesk_fr_CA.ts), then run it again.
# See docs/translations.md.
set -euo pipefail

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root_dir"
bin=${VENV_BIN:-$root_dir/.venv/bin}
languages=(fr_CA)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mapfile -t sources < <(find app/views -name '*.py' | LC_ALL=C sort)

for lang in "${languages[@]}"; do
  ts=resources/translations/frontdesk_$lang.ts
  # _tr(...) is the module-level helper some screens use for text outside a QObject.
  (cd resources/translations && "$bin/pyside6-lupdate" -silent -locations absolute \
    -tr-function-alias tr+=_tr "${sources[@]/#/../../}" \
    -target-language "$lang" -ts "$tmp/fresh.ts")
  "$bin/python" - "$tmp/fresh.ts" "$ts" <<'PY'
"""Tidy a fresh lupdate catalogue and carry the existing translations over.

lupdate names a context after the expression before .tr (``obj.tr`` gives "obj") or
leaves it empty for a bare ``tr``/``_tr``; at run time PySide looks a text up under the
class names of the object (its whole MRO). So: empty contexts take the class the file's
helper translates in, other names that are not class names become "QObject", which every
object's lookup reaches last. Texts with %n become plural (numerus) entries.
"""

import os
import sys
import xml.etree.ElementTree as ET

FILE_CONTEXTS = {
    "printing.py": "Printing",
    "repeat_editor.py": "RepeatEditor",
    "services_page.py": "ServicesPage",
    "settings_page.py": "SettingsPage",
}

fresh_path, target_path = sys.argv[1], sys.argv[2]


def key(context, message):
    comment = message.findtext("comment") or ""
    return (context, message.findtext("source"), comment)


def translations(path):
    """(context, source, comment) -> translation element, and source -> first finished."""
    exact, by_source = {}, {}
    if not os.path.exists(path):
        return exact, by_source
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            tr = message.find("translation")
            if tr is None or tr.get("type") == "vanished" or tr.get("type") == "obsolete":
                continue
            exact[key(name, message)] = tr
            if tr.get("type") != "unfinished":
                by_source.setdefault(message.findtext("source"), tr)
    return exact, by_source


def context_name(name, message):
    if name and name[0].isupper() and "." not in name:
        return name
    if name:
        return "QObject"
    files = {os.path.basename(loc.get("filename", "")) for loc in message.iter("location")}
    known = {FILE_CONTEXTS[f] for f in files if f in FILE_CONTEXTS}
    if len(known) != 1:
        sys.exit(f"update-translations: no context for {message.findtext('source')!r} "
                 f"in {sorted(files)}: add its file to FILE_CONTEXTS")
    return known.pop()


root = ET.parse(fresh_path).getroot()
grouped = {}
for context in root.iter("context"):
    for message in context.iter("message"):
        name = context_name(context.findtext("name") or "", message)
        messages = grouped.setdefault(name, {})
        k = key(name, message)
        if k in messages:
            messages[k].extend(message.findall("location"))
        else:
            messages[k] = [message, *message.findall("location")]

exact, by_source = translations(target_path)
out = ET.Element("TS", root.attrib)
unfinished = 0
for name in sorted(grouped):
    context = ET.SubElement(out, "context")
    ET.SubElement(context, "name").text = name
    for k, (message, *locations) in grouped[name].items():
        source = message.findtext("source")
        plural = "%n" in source
        new = ET.SubElement(context, "message", {"numerus": "yes"} if plural else {})
        for loc in sorted(locations, key=lambda l: (l.get("filename"), int(l.get("line")))):
            attrib = dict(loc.attrib)
            fresh_dir, target_dir = os.path.dirname(fresh_path), os.path.dirname(target_path)
            attrib["filename"] = os.path.relpath(
                os.path.join(fresh_dir, attrib["filename"]), target_dir or "."
            )
            ET.SubElement(new, "location", attrib)
        ET.SubElement(new, "source").text = source
        if k[2]:
            ET.SubElement(new, "comment").text = k[2]
        old = exact.get(k)
        tr = ET.SubElement(new, "translation")
        if old is None and source in by_source:
            old = by_source[source]
            tr.set("type", "unfinished")  # same text elsewhere: a translator confirms it
        elif old is not None and old.get("type") == "unfinished":
            tr.set("type", "unfinished")
        forms = [] if old is None else [f.text or "" for f in old.findall("numerusform")]
        text = "" if old is None else (old.text or "")
        if plural:
            forms = forms or ([text] * 2 if text else ["", ""])
            for form in forms:
                ET.SubElement(tr, "numerusform").text = form
        else:
            tr.text = text or (forms[0] if forms else "")
        empty = not any(forms) if plural else not tr.text
        if empty:
            tr.set("type", "unfinished")
        if tr.get("type") == "unfinished":
            unfinished += 1

ET.indent(out, space="    ")
with open(target_path, "w", encoding="utf-8") as fh:
    fh.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
    fh.write(ET.tostring(out, encoding="unicode"))
    fh.write("\n")
print(f"{target_path}: {sum(len(m) for m in grouped.values())} texts, {unfinished} unfinished")
PY
  "$bin/pyside6-lrelease" -silent "$ts" -qm "resources/translations/frontdesk_$lang.qm"
done
