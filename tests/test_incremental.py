"""`oit serve`'s warm rebuilds (generator/incremental.py): after any sequence of edits, the site
it updates file by file is byte for byte the site a cold build makes of the same content."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import Phase, given, settings, strategies as st

from conftest import GOOD_ITEMS, Tree
from generator.build import build_site
from generator.incremental import Preview
from generator.thai import BEDate

AS_OF = BEDate(2566, 9, 30)
CODES = sorted(GOOD_ITEMS)
UNITS = "units:\n  - id: it\n    name: ศูนย์เทคโนโลยีสารสนเทศ\n  - id: hr\n    name: กลุ่มงานบริหารบุคคล\n"


def site_files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def assert_same_site(incremental: Path, cold: Path) -> None:
    mine, theirs = site_files(incremental), site_files(cold)
    assert sorted(mine) == sorted(theirs)
    different = [path for path in mine if mine[path] != theirs[path]]
    assert not different, different
    folders = {p.relative_to(incremental).as_posix() for p in incremental.rglob("*") if p.is_dir()}
    assert folders == {p.relative_to(cold).as_posix() for p in cold.rglob("*") if p.is_dir()}


def apply(tree: Tree, edit: tuple) -> None:
    """One webmaster's edit of the content tree."""
    kind, code, number = edit
    folder = tree.year_dir / code
    index = folder / "index.md"
    if kind == "body" and index.is_file():
        index.write_text(index.read_text(encoding="utf-8") + f"\nแก้ไขข้อความครั้งที่ {number}\n", encoding="utf-8")
    elif kind == "link" and index.is_file():  # a link to another item's page, which may be missing or present
        other = CODES[number % len(CODES)]
        index.write_text(index.read_text(encoding="utf-8") + f"\nดู [{other}](../{other}/index.md) และ [ไฟล์](../{other}/x.pdf)\n",
                         encoding="utf-8")
    elif kind == "owner" and index.is_file():
        text = index.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            owner = ["it", "กลุ่มงานบริหารบุคคล", "ฝ่ายที่ไม่มี"][number % 3]
            index.write_text(f"---\nowner: {owner}\n" + text[4:], encoding="utf-8")
    elif kind == "broken" and index.is_file():
        index.write_text("---\nevidence: [\n---\nข้อความ\n", encoding="utf-8")
    elif kind == "add-file" and folder.is_dir():
        Tree.file(folder / f"extra{number}.pdf", "pdf")
    elif kind == "change-file":
        files = sorted(p for p in folder.glob("*.pdf")) if folder.is_dir() else []
        if files:
            Tree.file(files[number % len(files)], f"changed {number}".encode() * (number + 1))
    elif kind == "delete-file":
        files = sorted(p for p in folder.iterdir() if p.name != "index.md") if folder.is_dir() else []
        if files:
            files[number % len(files)].unlink()
    elif kind == "delete-item":
        shutil.rmtree(folder, ignore_errors=True)
    elif kind == "restore-item":
        shutil.rmtree(folder, ignore_errors=True)
        front, files = GOOD_ITEMS[code]
        tree.item(code, front, files=files)
    elif kind == "empty-folder":
        folder.mkdir(exist_ok=True)
    elif kind == "odd-folder":  # not an item code: a full build, and a finding
        (tree.year_dir / f"notes{number}").mkdir(exist_ok=True)
    elif kind == "site":  # outside item folders: a full build
        site_yml = tree.content / "site.yml"
        site_yml.write_text(site_yml.read_text(encoding="utf-8") + f"# {number}\n", encoding="utf-8")


EDITS = st.tuples(st.sampled_from(["body", "link", "owner", "broken", "add-file", "change-file", "delete-file",
                                   "delete-item", "restore-item", "empty-folder", "odd-folder", "site"]),
                  st.sampled_from(CODES), st.integers(0, 5))


@settings(max_examples=15, phases=[Phase.explicit, Phase.generate])  # no shrinking: each example builds several sites
@given(st.booleans(), st.lists(EDITS, min_size=1, max_size=6))
def test_incremental_site_is_the_cold_site(units, edits):
    base = Path(tempfile.mkdtemp(prefix="oit-incremental-"))
    try:
        tree = Tree(base)
        if units:
            (tree.content / "site.yml").write_text((tree.content / "site.yml").read_text(encoding="utf-8") + UNITS,
                                                   encoding="utf-8")
        preview = Preview(tree.content, base / ".oit-preview", AS_OF)
        preview.rebuild()
        for number, edit in enumerate(edits):
            if number % 2:  # as oit serve does while it waits (the engine warmed in this process, garbage collected)
                preview.between_rebuilds()
            apply(tree, edit)
            preview.rebuild()
            cold = base / f"cold{number}"
            build_site(tree.content, cold, AS_OF, incremental=False, link_evidence=True)
            assert_same_site(base / ".oit-preview", cold)
        preview.close()  # the full manifest: a later build of the preview reuses what it holds
        again = build_site(tree.content, base / ".oit-preview", AS_OF, link_evidence=True)
        assert (again.rendered, again.copied) == (0, 0)
        assert_same_site(base / ".oit-preview", cold)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_one_item_edit_is_not_a_full_build(tree):
    """An edit inside one item folder reloads and renders that item, not the site."""
    preview = Preview(tree.content, tree.base / ".oit-preview", AS_OF)
    preview.rebuild()
    index = tree.index("O5")
    index.write_text(index.read_text(encoding="utf-8") + "\nข้อความใหม่\n", encoding="utf-8")
    result = preview.rebuild()
    assert preview.full_builds == 1
    assert result.rendered <= 1 + 2  # the item page, and the home and year pages the engine always builds
    assert "ข้อความใหม่" in (tree.base / ".oit-preview" / "2566" / "O5" / "index.html").read_text(encoding="utf-8")


def test_failed_incremental_build_leaves_the_site(tree, monkeypatch):
    """A failure before the new files are renamed in leaves every served file as it was."""
    from generator import engine
    out = tree.base / ".oit-preview"
    preview = Preview(tree.content, out, AS_OF)
    preview.rebuild()
    before = site_files(out)
    index = tree.index("O5")
    index.write_text(index.read_text(encoding="utf-8") + "\nข้อความใหม่\n", encoding="utf-8")

    def fails(*args, **kwargs):
        raise engine.EngineError("the engine broke")
    monkeypatch.setattr(engine, "build_site_pages", fails)
    try:
        preview.rebuild()
    except engine.EngineError:
        pass
    else:
        raise AssertionError("the failure was not reported")
    assert site_files(out) == before
    assert not list(tree.base.glob(".oit-preview.building-*"))
    monkeypatch.undo()
    preview.rebuild()  # the next rebuild still sees the edit, and is still incremental
    assert "ข้อความใหม่" in (out / "2566" / "O5" / "index.html").read_text(encoding="utf-8")
    assert preview.full_builds == 1
    build_site(tree.content, tree.base / "cold", AS_OF, incremental=False, link_evidence=True)
    assert_same_site(out, tree.base / "cold")
