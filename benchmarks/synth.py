"""Synthetic content trees: years × catalog items × evidence files, all valid.

Every item satisfies its time rule for its year, so `oit validate` does the full work of a
healthy agency (the common case in CI), and every PDF is a real one-page PDF. Every PDF is a
different document (its own text), as in a real agency: a tree repeating the same bytes lets the
file cache read each content once and hides the cost of the personal-data scan.

    python -m benchmarks.synth OUT --years 10 --files 20
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml

from generator.catalog import load_catalog
from tools.samplefiles import make_pdf, make_png

FRAMEWORK = "nacc-2566"
LAST_YEAR = 2566


def _periods(rule: str, year: int, count: int) -> list:
    """`count` periods that together satisfy `rule` for assessment year `year`."""
    months = [f"{year - 1}-{m:02d}" for m in (10, 11, 12)] + [f"{year}-{m:02d}" for m in range(1, 10)]
    if rule == "none":
        return [None] * count
    if rule == "in_force":
        return [f"{year}-{year + 4}"] * count
    if rule == "previous_year":
        return [str(year - 1)] * count
    # current_year, first_half, first_half_monthly: months of the year, Oct–Mar first
    return [months[i % 12] for i in range(count)]


def _field_value(spec, folder: Path, n: int):
    if spec.kind == "url":
        return f"https://www.example.go.th/{spec.name}/"
    record = {key: f"{key} {n}" for key in spec.required + spec.any_of}
    if "email" in record:
        record["email"] = f"person{n}@example.go.th"
    for key in spec.urls:
        record[key] = "https://www.openstreetmap.org/?mlat=13.75&mlon=100.5"
    for key in spec.files:
        name = f"{key}-{n}.png"
        (folder / name).write_bytes(make_png(24, 30, (220, 225, 235), (60, 80, 130)))
        record[key] = name
    return [record] if spec.kind == "list" else record


def write_tree(out: Path, years: int, files: int, name: str = "หน่วยงานทดสอบขนาดใหญ่") -> Path:
    """Write content/ for `years` years ending at 2566, each item with `files` evidence PDFs."""
    catalog = load_catalog(FRAMEWORK)
    content = out / "content"
    if content.exists():
        shutil.rmtree(content)
    content.mkdir(parents=True)
    (content / "site.yml").write_text(
        f"name: {name}\nname_en: Benchmark agency\nbase_url: https://bench.example.go.th/\ndefault_year: {LAST_YEAR}\n",
        encoding="utf-8")
    for year in range(LAST_YEAR - years + 1, LAST_YEAR + 1):
        year_dir = content / str(year)
        year_dir.mkdir()
        (year_dir / "year.yml").write_text(f"framework: {FRAMEWORK}\n", encoding="utf-8")
        for item in catalog.items:
            folder = year_dir / item.code
            folder.mkdir()
            meta = {"owner": "กลุ่มงานอำนวยการ"}
            for n, spec in enumerate(item.fields, 1):
                meta[spec.name] = _field_value(spec, folder, n)
            meta["evidence"] = []
            for i, period in enumerate(_periods(item.time_rule, year, files), 1):
                file = f"{item.code.lower()}-{year}-{i:02d}.pdf"
                lines = [f"Benchmark evidence {item.code} no. {i} of {year}", f"Agency file {file}"]
                (folder / file).write_bytes(make_pdf(lines, f"{item.code}-{year}-{i}"))
                entry = {"title": f"เอกสาร {item.code} ฉบับที่ {i} ปี {year}", "file": file}
                if period:
                    entry["period"] = period
                meta["evidence"].append(entry)
            front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
            body = (f"{item.title} ของปีงบประมาณ {year}: หน่วยงานเผยแพร่เอกสาร {files} ฉบับตามเกณฑ์ "
                    "พร้อมคำอธิบายสำหรับผู้ประเมิน (benchmark content).")
            (folder / "index.md").write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--files", type=int, default=20)
    args = parser.parse_args()
    content = write_tree(args.out, args.years, args.files)
    print(f"{content}: {args.years} years × 43 items × {args.files} files")


if __name__ == "__main__":
    main()
