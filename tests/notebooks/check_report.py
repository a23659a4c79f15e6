#!/usr/bin/python3
"""Runs `jitsim report` on an output folder and checks the page is self-contained and complete.

  check_report.py JITSIM DIR HTML MIN_CHARTS     report of DIR written to HTML, checked
  check_report.py JITSIM --bad-folder DIR        a folder that is no output folder: exit 2
"""
import csv
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def fail(msg):
    print(f"FAIL: {msg}")
    sys.exit(1)


def bad_folder(jitsim, folder):
    r = subprocess.run([jitsim, "report", folder], capture_output=True, text=True)
    if r.returncode != 2:
        fail(f"jitsim report {folder}: exit {r.returncode}, expected 2 ({r.stderr.strip()})")
    if "error" not in r.stderr or folder not in r.stderr:
        fail(f"unclear message: {r.stderr!r}")
    print(f"ok: {r.stderr.strip()}")


def check(jitsim, folder, html_path, min_charts):
    folder, html_path = Path(folder), Path(html_path)
    html_path.unlink(missing_ok=True)
    r = subprocess.run([jitsim, "report", str(folder), "--out", str(html_path)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"jitsim report: exit {r.returncode}: {r.stderr}")
    html = html_path.read_text(encoding="utf-8")
    low = html.lower()
    # Self-contained: nothing fetched from anywhere, no script at all.
    for bad in ("http://", "https://", "<script", "<link", "@import", "url(", "<img", "<iframe"):
        if bad in low:
            fail(f"not self-contained: found {bad!r}")
    # One <svg> per chart, each well-formed XML.
    svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    figures = low.count('<figure class="chart">')
    if low.count("<svg") != figures or len(svgs) != figures:
        fail(f"{low.count('<svg')} <svg> for {figures} charts")
    if figures < min_charts:
        fail(f"{figures} charts, expected at least {min_charts}")
    for i, svg in enumerate(svgs):
        try:
            root = ET.fromstring(svg)
        except ET.ParseError as e:
            fail(f"chart {i + 1} is not well-formed SVG: {e}")
        if not root.findall(".//{*}text") and not root.findall(".//text"):
            fail(f"chart {i + 1} has no labels")
    # The comparison table, with every policy as a column.
    if '<table class="cmp">' not in html:
        fail("no comparison table")
    source = folder / ("summary.csv" if (folder / "summary.csv").exists() else "curves.csv")
    with open(source, newline="") as f:
        policies = list(dict.fromkeys(row["policy"] for row in csv.DictReader(f)))
    head = html[html.index('<table class="cmp">'):]
    head = head[:head.index("</thead>")]
    for p in policies:
        if f"</span>{p}</th>" not in head:
            fail(f"policy {p} missing from the comparison table header")
    if not html.rstrip().endswith("</html>"):
        fail("page is cut short")
    print(f"ok: {html_path} ({len(html)} bytes, {figures} charts, policies {', '.join(policies)})")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[2] == "--bad-folder":
        bad_folder(sys.argv[1], sys.argv[3])
    elif len(sys.argv) == 5:
        check(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        fail(__doc__)
