"""Nothing active on the agency's origin (issue 26): a file a browser or a web server would run
(a web page, an SVG, a script, a server configuration file) is never published, also when the
front matter lists it under pii_unchecked:; the site's address is escaped on every page."""
from __future__ import annotations

import json

import pytest

from conftest import findings_of, run_json, run_oit
from generator.build import build_site
from generator.thai import BEDate

PAGE = b"<html><body><script>fetch('/admin/').then(r => r.text())</script></body></html>"


def _evidence(tree, name: str, data: bytes, unchecked: bool) -> None:
    extra = f"pii_unchecked: [{name!r}]\n" if unchecked else ""
    tree.item("O1", f"evidence:\n  - title: เอกสาร\n    file: {name!r}\n{extra}", files={name: data})


@pytest.mark.parametrize("name, data", [
    ("page.html", PAGE), ("page.HTM", PAGE), ("page.xhtml", PAGE),
    ("chart.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("chart.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><text>2566</text></svg>'),  # no script: still an SVG
    ("data.xml", b'<?xml-stylesheet type="text/xsl" href="#"?><a/>'), ("app.js", b"alert(1)"),
    ("index.php", b"<?php system($_GET['c']);"), ("report.php.pdf", b"<?php system($_GET['c']);"),
    (".htaccess", b"AddType text/html .pdf\n"), ("web.config", b"<configuration/>"),
    ("page.shtml", b'<!--#exec cmd="id" -->'), ("noextension", b"\n  <!DOCTYPE html><script>x</script>"),
    ("export.dat", b"<html><script>x</script>"), ("notes.md", b"<svg onload=alert(1)>"),
], ids=["html", "htm-upper", "xhtml", "svg-script", "svg-clean", "xml", "js", "php", "php-double", "htaccess",
        "web-config", "shtml", "no-extension-html", "unknown-type-html", "md-svg"])
@pytest.mark.parametrize("unchecked", [False, True], ids=["plain", "pii-unchecked"])
def test_active_evidence_is_withheld_with_advice(tree, capsys, name, data, unchecked):
    _evidence(tree, name, data, unchecked)
    status, report = run_json(capsys, "validate", "--as-of", "2566-06-01")
    active = findings_of(report, "file-active")
    assert status == 1 and len(active) == 1 and active[0]["path"].endswith(name), report["findings"]
    assert "not published" in active[0]["message"] and ("PDF" in active[0]["message"] or "Remove" in active[0]["message"])
    if name.endswith(".svg"):
        assert "PNG" in active[0]["message"]
    out = tree.base / "site"
    build_site(tree.content, out, BEDate(2566, 6, 1))
    assert not (out / "2566" / "O1" / name).exists()
    assert name not in (out / "evidence-manifest.json").read_text(encoding="utf-8")


def test_active_body_link_is_withheld_too(tree, capsys):
    tree.item("O1", "evidence:\n  - title: แผนผัง\n    file: chart.pdf\n", body="ดู [แผนผัง](chart.svg)\n",
              files={"chart.pdf": "pdf", "chart.svg": b"<svg><script>alert(1)</script></svg>"})
    status, report = run_json(capsys, "validate", "--as-of", "2566-06-01")
    assert status == 1 and len(findings_of(report, "file-active")) == 1, report["findings"]


@pytest.mark.parametrize("name", ["report.pdf", "photo.png", "table.csv", "notes.txt", "plan.docx.pdf", "data.json"])
def test_documents_are_not_active(tree, capsys, name):
    from generator.filecheck import active_problem
    path = tree.base / name
    path.write_text('{"a": "plain text, no markup"}\n', encoding="utf-8")
    assert active_problem(f"2566/O1/{name}", path) is None


def test_active_finding_in_thai(tree, capsys):
    _evidence(tree, "chart.svg", b"<svg/>", True)
    status, out, _err = run_oit(capsys, "validate", "--as-of", "2566-06-01", "--lang", "th")
    assert status == 1 and "ภาพ SVG สามารถรันสคริปต์บนเว็บไซต์ของหน่วยงานได้" in out and "PNG" in out, out


# --- the site's address ---------------------------------------------------------------------

HOSTILE_URL = 'https://example.go.th/"><script>alert(1)</script>/'


@pytest.mark.parametrize("url", [HOSTILE_URL, "https://example.go.th/o it/", "https://example.go.th/`x`{y}"])
def test_site_yml_base_url_with_markup_is_refused_with_its_line(tree, capsys, url):
    site = tree.content / "site.yml"
    text = site.read_text(encoding="utf-8").replace("base_url: https://example.go.th/oit/", f"base_url: {json.dumps(url)}")
    site.write_text(text, encoding="utf-8")
    status, _out, err = run_oit(capsys, "validate")
    assert status == 2 and "site.yml:3: base_url holds" in err and "Traceback" not in err, err
    status, _out, err = run_oit(capsys, "validate", "--lang", "th")
    assert status == 2 and "site.yml:3: base_url มีอักขระ" in err, err


def test_portal_base_url_with_markup_is_refused(tmp_path):
    from generator.errors import ConfigError
    from generator.portal.config import load_portal
    (tmp_path / "portal.yml").write_text(f"name: ก\nbase_url: '{HOSTILE_URL}'\nagencies: [a]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match='portal.yml:2: base_url .*"><'):
        load_portal(tmp_path / "portal.yml")


def test_an_address_given_to_the_build_is_never_raw_in_a_page(tree):
    """The engine writes the site's address into attributes and scripts of every theme page (the 404
    page: 16 places) unescaped; an address that reaches it (a portal's) is percent-encoded."""
    out = tree.base / "site"
    build_site(tree.content, out, BEDate(2566, 6, 1), base_url=HOSTILE_URL)
    pages = sorted(out.rglob("*.html"))
    assert out / "404.html" in pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        at = max(text.find("<script>alert"), text.find('"><script'))
        assert at < 0, (page, text[at - 300:at + 50])
