"""The theme's side of a site: our assets and the agency's logo and colours in the docs folder,
and fixes to the theme's own markup."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from .config import TEMPLATES, THEME_CSS

ASSET_DIR = "assets"  # inside the site, for our CSS and fonts


def prepare_docs(docs_dir: Path, face: dict | None = None) -> list[str]:
    """Copy the theme assets (and the agency's logo, favicon and colours) into the docs dir;
    returns the extra_css entries."""
    shutil.copytree(TEMPLATES / "assets", docs_dir / ASSET_DIR, dirs_exist_ok=True)
    shutil.copyfile(THEME_CSS, docs_dir / ASSET_DIR / THEME_CSS.name)
    if not face:
        return [f"{ASSET_DIR}/oit.css"]
    for key in ("logo", "favicon"):
        shutil.copyfile(face[key], docs_dir / face_asset(face, key))
    (docs_dir / ASSET_DIR / "agency.css").write_text(agency_css(face["color"]), encoding="utf-8")
    return [f"{ASSET_DIR}/oit.css", f"{ASSET_DIR}/agency.css"]


def face_asset(face: dict, key: str) -> str:
    """Where the site publishes the agency's logo or favicon: 'assets/agency-logo.svg'."""
    return f"{ASSET_DIR}/agency-{key}{Path(face[key]).suffix.lower()}"


def _luminance(color: str) -> float:
    """WCAG relative luminance of '#rrggbb'."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(color[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def agency_css(color: str) -> str:
    """The agency's colour for the header and links; header text black when white would not
    reach 4.5:1 on it, links a darker shade when the colour itself is too light on white."""
    light = _luminance(color)
    on_color = "#ffffff" if 1.05 / (light + 0.05) >= 4.5 else "#000000"
    scale = 1.0
    while (1.05 / (_luminance(_shade(color, scale)) + 0.05)) < 4.5 and scale > 0.1:  # link text on white
        scale -= 0.05
    return (f":root, [data-md-color-scheme=default] {{ --md-primary-fg-color: {color}; "
            f"--md-primary-fg-color--light: {color}; --md-primary-fg-color--dark: {_shade(color, 0.8)}; "
            f"--md-primary-bg-color: {on_color}; --md-primary-bg-color--light: {on_color}; "
            f"--md-accent-fg-color: {_shade(color, scale * 0.8)}; "
            f"--md-typeset-a-color: {_shade(color, scale)}; --oit-agency-color: {color}; }}\n")


def _shade(color: str, scale: float) -> str:
    return "#" + "".join(f"{min(255, int(int(color[i:i + 2], 16) * scale)):02x}" for i in (1, 3, 5))


# Material's own markup that the W3C Nu checker rejects on every page: `autocomplete` on its
# hidden toggle checkboxes (only text-like inputs take it), and the table of contents' title
# `<label for="__toc">` on pages outside the nav, where the theme writes no `__toc` input.
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"')
_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def valid_theme_markup(html: str) -> str:
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    if _TOC_LABEL in html and 'id="__toc"' not in html:
        html = html.replace(_TOC_LABEL, '<label class="md-nav__title">')
    return html
