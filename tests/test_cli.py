"""The `oit` command line: exit codes, formats, Thai digits, `oit new`."""
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import DEMO, ROOT, run_json, run_oit


def test_exit_2_for_usage_and_configuration(tree, capsys):
    status, out, err = run_oit(capsys, "validate", "--bogus")
    assert status == 2 and len(err.strip().splitlines()) == 1 and "--bogus" in err
    status, out, err = run_oit(capsys, "validate", "--content", "nowhere")
    assert status == 2 and "nowhere" in err and "does not exist" in err
    (tree.year_dir / "year.yml").write_text("framework: nacc-1999\n", encoding="utf-8")
    status, out, err = run_oit(capsys, "validate")
    assert status == 2 and "nacc-1999" in err and "available" in err
    status, out, err = run_oit(capsys, "validate", "--year", "2023")
    assert status == 2 and "2566" in err  # CE year: the message gives the BE year


def test_thai_digit_year_and_as_of(tree, capsys):
    status, report = run_json(capsys, "validate", "--year", "๒๕๖๖", "--as-of", "๒๕๖๙-๐๑-๐๑")
    assert status == 0 and report["year"] == 2566 and report["as_of"] == "2569-01-01"
    status, report = run_json(capsys, "validate", "--as-of", "2026-01-01")  # CE date converted
    assert report["as_of"] == "2569-01-01"


def test_text_report_groups_by_item(tree, capsys):
    tree.item("O1", "owner: x\n")
    status, out, err = run_oit(capsys, "validate", "--as-of", "2569-01-01", "--lang", "th")
    assert status == 1
    lines = out.splitlines()
    o1 = next(i for i, line in enumerate(lines) if " O1 " in line)
    assert "ไม่ครบถ้วน (incomplete)" in lines[o1] and "evidence-missing" in lines[o1 + 1]
    assert "content/2566/O1/index.md" in lines[o1 + 1] and lines[o1 + 1].lstrip().startswith("ข้อผิดพลาด")
    assert lines[-1].startswith("สรุป: 8 ข้อ ครบถ้วน 7 ไม่ครบถ้วน 1")
    status, out, err = run_oit(capsys, "validate", "--as-of", "2569-01-01", "--lang", "en")
    assert out.splitlines()[-1].startswith("summary: 8 items, 7 complete, 1 incomplete")


def test_junit_one_case_per_item(tree, capsys):
    tree.item("O1", "owner: x\n")
    status, out, err = run_oit(capsys, "validate", "--as-of", "2569-01-01", "--format", "junit")
    suite = ET.fromstring(out).find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 8 and suite.get("failures") == "1"
    failed = [c for c in cases if c.find("failure") is not None]
    assert failed[0].get("name").startswith("O1 ") and "evidence-missing" in failed[0].find("failure").text


def test_new_scaffolds_every_item_with_criteria(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "site.yml").write_text("name: x\nbase_url: https://x.go.th/\ndefault_year: 2566\n", encoding="utf-8")
    status, out, err = run_oit(capsys, "new", "2566")
    assert status == 0 and "43 item folders created" in err
    o21 = (tmp_path / "content" / "2566" / "O21" / "index.md").read_text(encoding="utf-8")
    assert "# - เป็นข้อมูลแบบรายเดือน" in o21 and "2565-10" in o21
    assert (tmp_path / "content" / "2566" / "year.yml").read_text() == "framework: nacc-2566\n"
    # the scaffold is valid YAML: the only findings are the missing evidence and fields
    status, report = run_json(capsys, "validate", "--as-of", "2569-01-01")
    assert report["summary"]["items"] == 43 and report["summary"]["missing"] == 0
    assert not [f for f in report["findings"] if f["rule"] in ("front-matter-invalid", "period-invalid")]
    status, out, err = run_oit(capsys, "new", "2566")  # idempotent: never overwrites
    assert "0 item folders created" in err


def test_console_script_installed(capsys):
    oit = Path(sys.executable).parent / "oit"
    result = subprocess.run([str(oit), "validate", "--content", str(DEMO), "--year", "2566",
                             "--format", "json"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert '"complete": 43' in result.stdout
    # the whole report reaches a pipe, buffered as from a person's shell, although the command ends
    # with os._exit (cli._exit_now) which flushes nothing itself
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    piped = subprocess.run([str(oit), "validate", "--content", str(ROOT / "content"), "--year", "2566"],
                           capture_output=True, text=True, cwd=ROOT, env=buffered)
    assert piped.stdout and piped.stdout == run_oit(capsys, "validate", "--content", ROOT / "content", "--year", "2566")[1]


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    """`oit check | head`: the pipe closes before oit writes; oit stops quietly like other tools."""
    import signal
    import subprocess
    import sys
    from conftest import DEMO
    process = subprocess.Popen([sys.executable, "-m", "generator", "validate", "--content", str(DEMO)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before the first line
    err = process.stderr.read().decode()
    process.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipeError" not in err
    assert process.returncode == -signal.SIGPIPE


def test_a_build_that_ends_without_teardown_leaves_its_site_and_cache_whole(tmp_path):
    """`oit build` run as a command ends with os._exit once its work is done (cli._exit_now, no
    interpreter teardown): the site, its manifest, the file cache and the summary are all there,
    and nothing temporary is left beside the site."""
    import shutil
    from conftest import DEMO
    shutil.copytree(DEMO, tmp_path / "content")
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--out", "site"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "built site/" in result.stderr
    assert (tmp_path / "site" / "index.html").is_file() and (tmp_path / "site" / "evidence-manifest.json").is_file()
    manifest = json.loads((tmp_path / ".oit-manifest-site.json").read_text(encoding="utf-8"))
    assert all((tmp_path / "site" / path).is_file() for path in manifest["written"])
    assert json.loads((tmp_path / ".oit-cache" / "files.json").read_text(encoding="utf-8"))["by_sha"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []
