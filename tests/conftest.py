"""Shared fixtures: small content trees written on disk, and the `oit` command run in-process."""
from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

from generator.cli import main
from tools.samplefiles import make_pdf, make_png

# The tests that read a message read its English text (the gettext msgid); the Thai texts have tests of
# their own (tests/test_messages.py) that choose Thai explicitly. Commands run as subprocesses inherit it.
os.environ["OIT_LANG"] = "en"

# No test asserts how long something takes (a slower CI machine would fail it; speed is for
# benchmarks/): Hypothesis's per-example deadline is off.
# Nor does it keep a database of examples in the checkout (.hypothesis/).
settings.register_profile("oit", deadline=None, database=None)
settings.load_profile("oit")

ROOT = Path(__file__).resolve().parent.parent


def _demo_outside_the_checkout() -> Path:
    """The demo agency (content/ and its mkdocs.yml), copied once per test run: tests read it in
    place, and what oit writes beside content/ (its file cache) stays out of the checkout."""
    base = Path(tempfile.mkdtemp(prefix="oit-demo-"))
    atexit.register(shutil.rmtree, base, True)
    shutil.copytree(ROOT / "content", base / "content")
    shutil.copy(ROOT / "mkdocs.yml", base / "mkdocs.yml")
    return base / "content"


DEMO = _demo_outside_the_checkout()
# Hypothesis's cache of the constants it found in the code: beside the demo copy, not in the checkout.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(DEMO.parent / ".hypothesis"))

def catalog_text(name: str, items: str, title: str = "ทดสอบ") -> str:
    """A test catalog: indicator 9, sub-indicator 9.1 holding `items` (YAML lines at item depth,
    which may go on with further sub-indicators)."""
    return (f"framework: {name}\ntitle: {title}\nindicators:\n  - number: \"9\"\n    title: การเปิดเผยข้อมูล\n"
            f"    sub_indicators:\n      - number: \"9.1\"\n        title: ข้อมูลพื้นฐาน\n        items:\n{items}")


# A small framework with one item per time rule and the two fixed structured fields; it lives
# beside the test content, as an agency's own catalog would.
MINI_CATALOG = catalog_text("mini", title="ชุดทดสอบ", items="""\
          - {code: O1, title: โครงสร้าง, criteria: [แสดงแผนผัง], time_rule: none}
          - code: O2
            title: ข้อมูลผู้บริหาร
            criteria: [ชื่อ ตำแหน่ง รูปถ่าย ช่องทางติดต่อ]
            time_rule: none
            min_evidence: 0
            fields:
              executives: {kind: list, label: ผู้บริหาร, min: 1, required: [name, position, photo], any_of: [phone, email], files: [photo]}
          - code: O3
            title: ข้อมูลการติดต่อ
            criteria: [ที่อยู่ โทรศัพท์ อีเมล แผนที่]
            time_rule: none
            min_evidence: 0
            fields:
              contact: {kind: record, label: ติดต่อ, required: [address, phone, email, map], urls: [map]}
          - {code: O4, title: ข่าวประชาสัมพันธ์, criteria: [ข่าวภายในปี], time_rule: current_year}
          - {code: O5, title: แผนยุทธศาสตร์, criteria: [แผนที่มีผลในปี], time_rule: in_force}
      - number: "9.2"
        title: การบริหารงาน
        items:
          - {code: O6, title: รายงานรอบ 6 เดือน, criteria: [ครอบคลุม 6 เดือนแรก], time_rule: first_half}
          - {code: O7, title: สรุปผลการจัดซื้อจัดจ้างรายเดือน, criteria: [รายเดือน 6 เดือน], time_rule: first_half_monthly}
          - {code: O8, title: รายงานผลประจำปี, criteria: [ของปีที่ผ่านมา], time_rule: previous_year}
""")

GOOD_ITEMS = {
    "O1": ("evidence:\n  - title: แผนผังโครงสร้าง\n    file: chart.pdf\n", {"chart.pdf": "pdf"}),
    "O2": ("executives:\n  - name: นายตัวอย่าง ใจดี\n    position: ผู้อำนวยการ\n    photo: boss.png\n    phone: 0 7621 1000\n",
           {"boss.png": "png"}),
    "O3": ("contact:\n  address: 1 ถนนตัวอย่าง\n  phone: 0 7621 1000\n  email: a@example.go.th\n  map: https://www.openstreetmap.org/\n", {}),
    "O4": ("evidence:\n  - title: ข่าว\n    url: https://example.go.th/news\n    period: 2566-Q2\n", {}),
    "O5": ("evidence:\n  - title: แผน\n    file: plan.pdf\n    period: 2566-2570\n", {"plan.pdf": "pdf"}),
    "O6": ("evidence:\n  - title: ไตรมาส 1\n    file: q1.pdf\n    period: 2566-Q1\n  - title: ไตรมาส 2\n    file: q2.pdf\n    period: 2566-Q2\n",
           {"q1.pdf": "pdf", "q2.pdf": "pdf"}),
    "O7": ("evidence:\n" + "".join(f"  - title: เดือน {p}\n    file: m{p}.pdf\n    period: {p}\n"
                                   for p in ("2565-10", "2565-11", "2565-12", "2566-01", "2566-02", "2566-03")),
           {f"m{p}.pdf": "pdf" for p in ("2565-10", "2565-11", "2565-12", "2566-01", "2566-02", "2566-03")}),
    "O8": ("evidence:\n  - title: รายงานปี 2565\n    file: r.pdf\n    period: 2565\n", {"r.pdf": "pdf"}),
}


class Tree:
    """A content tree on disk with the mini framework; every item passes until a test breaks one."""

    def __init__(self, base: Path, year: int = 2566):
        self.base, self.year = base, year
        self.content = base / "content"
        self.year_dir = self.content / str(year)
        (base / "oit_items").mkdir(parents=True, exist_ok=True)
        (base / "oit_items" / "mini.yml").write_text(MINI_CATALOG, encoding="utf-8")
        self.year_dir.mkdir(parents=True)
        (self.content / "site.yml").write_text(
            f"name: หน่วยงานทดสอบ\nname_en: Test agency\nbase_url: https://example.go.th/oit/\ndefault_year: {year}\n",
            encoding="utf-8")
        (self.year_dir / "year.yml").write_text("framework: mini\n", encoding="utf-8")
        for code, (front, files) in GOOD_ITEMS.items():
            self.item(code, front, files=files)

    def item(self, code: str, front: str | None, body: str = "คำอธิบาย\n", files: dict | None = None,
             folder: str | None = None) -> Path:
        """Write an item; `front` is the YAML between the --- lines (None: no front matter)."""
        path = self.year_dir / (folder or code)
        path.mkdir(parents=True, exist_ok=True)
        text = body if front is None else f"---\n{front}---\n{body}"
        (path / "index.md").write_text(text, encoding="utf-8")
        for name, kind in (files or {}).items():
            self.file(path / name, kind)
        return path / "index.md"

    @staticmethod
    def file(path: Path, kind) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "pdf":
            data = make_pdf(["sample evidence", path.name], path.stem)
        elif kind == "png":
            data = make_png(12, 15, (200, 200, 200), (50, 50, 120))
        else:
            data = kind if isinstance(kind, bytes) else str(kind).encode()
        path.write_bytes(data)

    def index(self, code: str) -> Path:
        return self.year_dir / code / "index.md"

    def rel(self, path: Path) -> str:
        return str(path)


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return Tree(tmp_path)


@pytest.fixture
def demo_copy(tmp_path, monkeypatch):
    """A private copy of the demo agency (content/ and mkdocs.yml)."""
    shutil.copytree(DEMO, tmp_path / "content")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "content"


def run_oit(capsys, *args):
    """Run `oit` in-process; returns (exit status, stdout, stderr)."""
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys, *args):
    status, out, err = run_oit(capsys, *args, "--format", "json")
    return status, json.loads(out)


def findings_of(report: dict, rule: str) -> list:
    return [f for f in report["findings"] if f["rule"] == rule]


def dedent(text: str) -> str:
    return textwrap.dedent(text)


# --- the browser tests' shared parts (tests/test_browser*.py, tests/test_editor_browser.py) -----

@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (`make browser` installs it), one for the session."""
    from browserkit import CHROMIUM, CHROMIUM_ARGS

    playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: run `make browser` (installs Debian's chromium and chromium-driver)")
    with playwright_api.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site_url(tmp_path_factory):
    """The demo agency built once and served on loopback for the session's browser tests."""
    from browserkit import serve
    from generator.build import build_site

    out = tmp_path_factory.mktemp("browser") / "site"
    build_site(DEMO, out)
    with serve(out) as url:
        yield url


# --- nothing written into the checkout --------------------------------------------------------------

def _checkout_entries() -> set:
    """The new files and folders `git status` lists in the checkout, ignored ones included (folders
    collapsed); edits of tracked files are not counted (a person may be editing while tests run)."""
    import subprocess
    if not (ROOT / ".git").exists():
        return set()
    out = subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=ROOT, capture_output=True, text=True)
    return {line for line in out.stdout.splitlines() if line.startswith(("??", "!!"))}


def pytest_sessionstart(session):
    session.config.stash[_CHECKOUT] = _checkout_entries()


def pytest_sessionfinish(session, exitstatus):
    """The whole run fails if a test wrote into the checkout (a cache, a build folder, a report)."""
    before = session.config.stash.get(_CHECKOUT, None)
    if before is None:
        return
    written = sorted(_checkout_entries() - before)
    if written:
        print("\ntests wrote into the checkout:\n  " + "\n  ".join(written))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_CHECKOUT = pytest.StashKey[set]()
