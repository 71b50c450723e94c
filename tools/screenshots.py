"""Screenshots of the demo site for the README: home and one item page, desktop and phone widths.

    python -m tools.screenshots      (needs Debian's chromium; `make screenshots`)
"""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from generator.build import build_site
from generator.localserver import serve_directory

ROOT = Path(__file__).resolve().parent.parent
SHOTS = [("home", "", 1280, 900), ("home-phone", "", 390, 844), ("year", "2569/", 1280, 900),
         ("item", "2566/O21/", 1280, 900), ("item-phone", "2566/O2/", 390, 844)]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(ROOT / "content", site)
        with serve_directory(site) as base:
            for name, path, width, height in SHOTS:
                target = ROOT / "docs" / f"{name}.png"
                subprocess.run(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile",
                                f"--window-size={width},{height}", f"--screenshot={target}", base + path],
                               check=True, capture_output=True, timeout=120)
                print(target.relative_to(ROOT))


if __name__ == "__main__":
    main()
