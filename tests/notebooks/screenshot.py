#!/usr/bin/python3
"""Renders an HTML page in headless Chromium to a PNG and checks the image is not trivial.

  screenshot.py HTML PNG     exit 0 ok, 1 failure, 77 skipped (no /usr/bin/chromium)
"""
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
MIN_BYTES = 20 * 1024


def main(html, png):
    if not Path(CHROMIUM).exists():
        print(f"SKIP: {CHROMIUM} not installed")
        return 77
    html, png = Path(html).resolve(), Path(png).resolve()
    png.unlink(missing_ok=True)
    profile = tempfile.mkdtemp(prefix="jitsim-chromium-")
    try:
        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", f"--user-data-dir={profile}", f"--screenshot={png}",
               "--window-size=1280,2000", html.as_uri()]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if not png.exists():
        print(f"FAIL: no screenshot (exit {r.returncode}):\n{r.stderr[-2000:]}")
        return 1
    size = png.stat().st_size
    with open(png, "rb") as f:
        if f.read(8) != b"\x89PNG\r\n\x1a\n":
            print("FAIL: not a PNG")
            return 1
    if size <= MIN_BYTES:
        print(f"FAIL: {png} is only {size} bytes (a blank page?)")
        return 1
    print(f"ok: {png} ({size} bytes)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(1)
    sys.exit(main(sys.argv[1], sys.argv[2]))
