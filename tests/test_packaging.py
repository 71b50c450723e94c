"""A plain `pip install` (not only `pip install -e`) carries the catalogs, templates and fonts."""
import shutil
import subprocess
import sys
import zipfile

from conftest import ROOT


def test_wheel_contains_catalogs_templates_and_fonts(tmp_path):
    # Built from a copy of the tracked files: setuptools writes build/ and *.egg-info beside the sources.
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    source = tmp_path / "source"
    for name in filter(None, tracked.decode().split("\0")):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), "."], check=True, capture_output=True, cwd=source)
    wheel, = tmp_path.glob("oit_site-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("generator/cli.py", "generator/engine/plugin.py", "oit_items/nacc-2565.yml",
                     "oit_items/nacc-2566.yml", "generator/engine/material/mkdocs.yml", "site_templates/pages/item.md.j2",
                     "site_templates/assets/fonts/sarabun-thai-400-normal.woff2", "generator/engine/material/oit.css",
                     "generator/engine/material/search/thai-query.js",
                     "generator/engine/material/overrides/main.html"):
        assert expected in names, expected
