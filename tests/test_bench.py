"""`make bench` keeps working: its baseline project (the same pages and files as a plain MkDocs
site) is made from the generator's own API, which a refactoring can move (it once did, unnoticed)."""
from __future__ import annotations

from benchmarks.run import baseline_docs
from benchmarks.synth import write_tree


def test_the_benchmark_baseline_has_every_page_and_published_file(tmp_path):
    content = write_tree(tmp_path / "tree", 1, 2)
    project = baseline_docs(tmp_path / "baseline", content)
    docs = project / "docs"
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("index.md"))
    files = [p for p in docs.rglob("*") if p.is_file() and p.suffix != ".md"]
    assert "index.md" in pages and any(p.endswith("/O1/index.md") for p in pages)
    evidence = [p for p in content.rglob("*") if p.is_file() and p.suffix not in (".md", ".yml")]
    assert evidence and len(files) == len(evidence)
    assert (project / "mkdocs.yml").is_file()
