"""generator/engine/search.py without a browser: the segmented index, the worker shim, partial builds."""
import json
import os

from generator.engine import search

ZW = "\u200b"


def make_site(tmp_path, docs, separator=r"[\s\-]+", lang=("th",)):
    (tmp_path / "search").mkdir(parents=True)
    index = {"config": {"lang": list(lang), "separator": separator, "pipeline": ["stopWordFilter"]}, "docs": docs}
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    (workers / "search.abc123.min.js").write_text('"use strict";material();\n', encoding="utf-8")
    return tmp_path


def read_index(site):
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_thai_runs_become_words_and_markup_is_untouched(tmp_path):
    site = make_site(tmp_path, [{"location": "", "title": "สรุปผลการจัดซื้อจัดจ้าง",
                                 "text": '<p class="ร้องเรียน">เรื่องร้องเรียน (Privacy) ระบบe-GPของหน่วยงาน</p>'}])
    stats = search.index_site(site)
    doc = read_index(site)["docs"][0]
    assert doc["title"] == ZW.join(["สรุป", "ผล", "การ", "จัดซื้อจัดจ้าง"])
    assert doc["text"].startswith('<p class="ร้องเรียน">')  # attribute values are not text
    assert f"เรื่อง{ZW}ร้องเรียน (Privacy)" in doc["text"]
    assert f"ระบบ{ZW}e-GP{ZW}ของ{ZW}หน่วยงาน" in doc["text"]  # Thai next to Latin is split too
    assert doc["text"].replace(ZW, "") == '<p class="ร้องเรียน">เรื่องร้องเรียน (Privacy) ระบบe-GPของหน่วยงาน</p>'
    assert stats.shim and stats.docs == 1


def test_index_config_splits_on_zero_width_space_and_punctuation(tmp_path):
    site = make_site(tmp_path, [{"location": "", "title": "ก", "text": "ข"}])
    search.index_site(site)
    config = read_index(site)["config"]
    assert config["separator"] == search.SEPARATOR and config["lang"] == ["en"]  # no wordcut.js download
    custom = make_site(tmp_path / "custom", [{"location": "", "title": "ก", "text": "ข"}], separator=r"[\s]+",
                       lang=("th", "en"))
    search.index_site(custom)
    assert read_index(custom)["config"] == {"lang": ["en"], "separator": r"\u200b+|[\s]+", "pipeline": ["stopWordFilter"]}


def test_running_twice_changes_nothing(tmp_path):
    site = make_site(tmp_path, [{"location": "a/", "title": "แผนการจัดซื้อจัดจ้างประจำปี",
                                 "text": "<p>ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ</p>"}])
    search.index_site(site)
    first = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    search.index_site(site)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == first


def test_worker_gets_the_current_shim_once(tmp_path):
    site = make_site(tmp_path, [{"location": "", "title": "ก", "text": "ข"}])
    worker = site / "assets" / "javascripts" / "workers" / "search.abc123.min.js"
    worker.write_text(f"{search.SHIM_MARK}\nold shim\n{search.SHIM_END}\n\"use strict\";material();\n", encoding="utf-8")
    search.index_site(site)
    code = worker.read_text(encoding="utf-8")
    assert code.count(search.SHIM_MARK) == 1 and "old shim" not in code
    assert code.startswith(search.SHIM_MARK) and code.endswith(f"{search.SHIM_END}\n\"use strict\";material();\n")
    assert search.QUERY_SHIM.read_text(encoding="utf-8").strip() in code


def test_files_linked_from_the_live_site_are_replaced_not_written_through(tmp_path):
    live = make_site(tmp_path / "live", [{"location": "", "title": "จัดซื้อจัดจ้าง", "text": "ร้องเรียน"}])
    staging = tmp_path / "staging"
    for path in live.rglob("*"):  # a partial build hard-links unchanged files from the live site
        target = staging / path.relative_to(live)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            os.link(path, target)
    before = {p: p.read_bytes() for p in live.rglob("*") if p.is_file()}
    search.index_site(staging)
    assert {p: p.read_bytes() for p in live.rglob("*") if p.is_file()} == before
    assert read_index(staging)["config"]["lang"] == ["en"]


def test_site_without_search_index_is_left_alone(tmp_path):
    (tmp_path / "index.html").write_text("<html></html>", encoding="utf-8")
    assert search.index_site(tmp_path) == search.SearchStats()
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


def _sections(html):
    from material.plugins.search.plugin import Parser
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.id, "".join(s.title), "".join(s.text).strip()) for s in parser.data]


def test_light_copies_index_exactly_like_the_blocks_they_stand_for(tree):
    """The search plugin reads a light copy of each generated block (generator/engine/blocks.py); for every
    block of the demo agency and of a tree with findings, in every position a block can take,
    it must give the same entries."""
    from conftest import DEMO
    from generator.build import load_reports
    from generator.engine.blocks import light_copy
    from generator.render import RAW_CLOSE, RAW_OPEN, Renderer
    tree.item("O1", "evidence:\n  - title: แผนผัง <ฉบับร่าง> & ผัง\n    file: missing.pdf\n")  # findings
    blocks = []
    for content in (DEMO, tree.content):
        site, reports = load_reports(content)
        for text in Renderer(site).render_site(reports, site.default_year).values():
            blocks += [part.split(RAW_CLOSE)[0].strip("\n") for part in text.split(RAW_OPEN)[1:]]
    for kind in ("oit-items", "oit-criteria", "oit-evidence", "oit-cards", "oit-record", "oit-findings"):
        assert any(kind in b for b in blocks), kind
    for block in blocks:
        for before, after in (("<p>ก่อน</p>\n", "\n<p>หลัง</p>"), ('<h2 id="x">หัวข้อ</h2>\n', "\n"), ("", "")):
            assert _sections(before + light_copy(block, {}) + after) == _sections(before + block + after), block


BUILD_AND_SAY_IF_THE_DICTIONARY_LOADED = """
import sys
from pathlib import Path
from generator.build import build_site
build_site(Path(sys.argv[1]), Path(sys.argv[2]))
print("pythainlp" if "pythainlp.tokenize" in sys.modules else "no pythainlp")
"""


def test_the_word_cache_spares_the_dictionary_and_changes_no_byte(demo_copy, tmp_path):
    """The Thai words PyThaiNLP found are kept in .oit-cache/thai-words.json: a build from nothing
    (no previous site) that finds all its runs there never loads the dictionary, and its site is
    byte for byte the one the dictionary made. An entry that is not a split of its run is not used."""
    import subprocess
    import sys
    from conftest import ROOT

    def build(out: str) -> str:
        result = subprocess.run([sys.executable, "-c", BUILD_AND_SAY_IF_THE_DICTIONARY_LOADED, str(demo_copy), out],
                                capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def files(site):
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    assert build(str(tmp_path / "first")) == "pythainlp"
    words_file = demo_copy.parent / ".oit-cache" / "thai-words.json"
    words = json.loads(words_file.read_text(encoding="utf-8"))
    assert ZW in words["runs"]["ข้อมูลพื้นฐาน"] and all(v.replace(ZW, "") == k for k, v in words["runs"].items())
    assert build(str(tmp_path / "second")) == "no pythainlp"
    assert files(tmp_path / "second") == files(tmp_path / "first")
    words["runs"]["ข้อมูลพื้นฐาน"] = "ข้อ" + ZW + "มูลผิด"  # not a split of its run: a damaged entry
    words_file.write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
    assert build(str(tmp_path / "third")) == "pythainlp"
    assert files(tmp_path / "third") == files(tmp_path / "first")
