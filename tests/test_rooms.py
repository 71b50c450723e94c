"""One room per idea (issue 14): contracts in the repository's docs, one table per time rule,
thin commands, one error policy."""
from __future__ import annotations

import fcntl
import re
import threading

from conftest import ROOT, run_oit

from generator.findings import RULES

CONTRACTS = ROOT / "docs" / "contracts.md"
OLD_CITATION = "DESIGN " + "§"  # split, so this file does not cite it


def _section(text: str, anchor: str) -> str:
    """The text under the heading whose anchor is `anchor`, up to the next heading of its level."""
    match = re.search(rf"^(#+) {re.escape(anchor)}\n(.*?)(?=^\1 |\Z)", text, flags=re.M | re.S)
    assert match, f"docs/contracts.md has no section #{anchor}"
    return match.group(2)


def test_contracts_list_every_rule_with_its_default_severity():
    rows = re.findall(r"^\| `([a-z-]+)` \| (error|warning) \|$", _section(CONTRACTS.read_text(encoding="utf-8"), "rules"),
                      flags=re.M)
    assert dict(rows) == RULES


def test_comments_cite_sections_that_exist():
    """Every section of the contracts a comment cites (docs/contracts.md plus #, the heading's
    anchor) is a heading of that document, and nothing cites the design note that is not here."""
    text = CONTRACTS.read_text(encoding="utf-8")
    anchors = {line.lstrip("#").strip().replace(" ", "-") for line in text.splitlines() if line.startswith("#")}
    cited = set()
    for folder in ("generator", "tests", "tools"):
        for path in (ROOT / folder).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            assert OLD_CITATION not in source, f"{path}: cites {OLD_CITATION}, a document not in the repository"
            cited |= set(re.findall(r"docs/contracts\.md#([a-z-]+)", source))
            cited |= set(re.findall(r"docs/contracts\.md#[a-z-]+(?:, #([a-z-]+))+", source))
    assert cited and cited <= anchors, sorted(cited - anchors)


def test_one_table_per_time_rule():
    """Adding a time rule touches time_rules.py only: catalog loader, coverage, renderer, scaffold
    and catalog diff read that table and keep no table of their own."""
    from generator import catalog, time_rules
    assert catalog.TIME_RULES is time_rules.RULES
    for module in ("catalog", "coverage", "render", "scaffold", "catalog_diff", "catalog_check", "rollover", "editor", "status"):
        source = (ROOT / "generator" / f"{module}.py").read_text(encoding="utf-8")
        for name in list(time_rules.RULES)[1:]:  # "none" is also a plain word
            assert f'"{name}"' not in source, f"generator/{module}.py names time rule {name!r}: use time_rules.RULES"
    for rule in time_rules.RULES.values():
        assert rule.label(2566) and rule.advice_for(2566) and rule.summary_th and callable(rule.check)


def test_a_new_time_rule_needs_no_other_module(tree, capsys, monkeypatch):
    """A rule registered in time_rules.RULES alone is accepted by the catalog loader, checked by
    coverage and shown by the renderer and scaffold."""
    from generator import time_rules
    from generator.periods import fiscal_year_months
    extra = time_rules.TimeRule("second_half", time_rules.RULES["current_year"].check, fiscal_year_months, "within",
                                "ครึ่งปีหลัง {y}", "ครึ่งปีหลัง", "the second half of fiscal year {y}.")
    monkeypatch.setitem(time_rules.RULES, "second_half", extra)
    catalog_file = tree.base / "oit_items" / "mini.yml"
    catalog_file.write_text(catalog_file.read_text(encoding="utf-8").replace(
        "time_rule: previous_year}", "time_rule: second_half}"), encoding="utf-8")
    from conftest import run_oit
    code, out, _ = run_oit(capsys, "new", "2567", "--framework", "mini", "--content", str(tree.content))
    assert code == 0, out
    assert "the second half of fiscal year 2567." in (tree.content / "2567" / "O8" / "index.md").read_text(encoding="utf-8")


# --- thin commands, one error policy ------------------------------------------------------------

COMMAND_MODULES = ("cli.py", "commands.py")  # the only modules that read arguments and print


def test_domain_modules_neither_read_arguments_nor_print():
    """Commands live in commands.py; the domain returns what it did and raises what stopped it."""
    offenders = []
    for path in sorted((ROOT / "generator").glob("*.py")):
        if path.name in COMMAND_MODULES:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"\bprint\(|sys\.std(err|out)|\bargs\.|def \w+_command\(|\binput\(", code):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_every_command_has_one_function_and_an_exit_status():
    from generator.cli import build_parser
    from generator.commands import COMMANDS, Exit
    parser = build_parser()
    choices = next(a for a in parser._actions if a.dest == "command").choices
    assert set(choices) == set(COMMANDS)
    assert [e.value for e in Exit] == [0, 1, 2, 130]


def test_catalog_commands_refuse_year(tree, capsys):
    """A catalog is not one year's content: `--year` there was accepted and ignored."""
    for args in (("catalog", "diff", "nacc-2568", "nacc-2569"), ("catalog", "check", "nacc-2569"),
                 ("catalog", "new", "nacc-2570", "--from", "nacc-2569")):
        status, out, err = run_oit(capsys, *args, "--year", "2599", "--content", tree.content)
        assert status == 2 and "--year" in err and len(err.strip().splitlines()) == 1, (args, err)
    assert not (tree.base / "oit_items" / "nacc-2570.yml").exists()


def test_a_build_waiting_for_another_says_so_once(tree, capsys):
    """The notice comes from the build (logger "oit") and reaches stderr through cli.main."""
    from generator import build
    out = tree.base / "site"
    status, _, _ = run_oit(capsys, "build", "--content", tree.content, "--out", out)
    assert status == 0
    with open(build.lock_path(out), "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        release = threading.Timer(0.6, lambda: fcntl.flock(held, fcntl.LOCK_UN))  # the other build ends
        release.start()
        status, _, err = run_oit(capsys, "build", "--content", tree.content, "--out", out)
        release.join()
    assert status == 0
    assert err.count("oit: another build is writing") == 1, err


# --- type hints ---------------------------------------------------------------------------------

def test_make_test_lints_and_type_checks_once_before_the_tests():
    """ruff and mypy run once each, pinned, in `make test`'s typecheck step (not again inside pytest)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: .*\btypecheck\b", makefile, flags=re.M)
    assert re.search(r"^typecheck: .*\n\t\$\(BIN\)/ruff check generator tests tools benchmarks\n\t\$\(BIN\)/mypy generator$",
                     makefile, flags=re.M)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'"mypy==[\d.]+"', pyproject) and re.search(r'"ruff==[\d.]+"', pyproject)
    assert not [p.name for p in (ROOT / "tests").glob("test_*.py")
                if re.search(r"^\s*(from mypy\b|import mypy\b)", p.read_text(encoding="utf-8"), flags=re.M)]


# --- import graph ---------------------------------------------------------------------------------

def _imports_of(path, package: str) -> set:
    """The generator modules `path` imports, at any level (a lazy import inside a function counts too)."""
    import ast
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")[:len(package.split(".")) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            found |= {f"{target}.{alias.name}" for alias in node.names} | {target}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator"):
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_no_import_cycle_among_generator_modules():
    """A module is a room with one job: the imports between rooms only go one way."""
    modules = {}
    for path in (ROOT / "generator").rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        modules[name] = path
    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        graph[name] = {m for m in _imports_of(path, package) if m in modules and m != name}
    cycles, state = [], {}

    def visit(name, trail):
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                cycles.append(" → ".join(trail[trail.index(target):] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


# --- tests -----------------------------------------------------------------------------------------

def test_no_test_asserts_how_long_something_takes():
    """Speed is measured by benchmarks/ (medians, ratios in one run); a timing assertion fails on a
    slower CI machine and proves nothing on a faster one."""
    clock = re.compile(r"^\s*assert\b[^\n]*(perf_counter|monotonic\(\)|time\.time\(\)|elapsed)", re.M)
    offenders = [f"{p.name}:{text[:m.start()].count(chr(10)) + 1}" for p in sorted((ROOT / "tests").glob("*.py"))
                 for text in [p.read_text(encoding="utf-8")] for m in clock.finditer(text)]
    assert offenders == []
