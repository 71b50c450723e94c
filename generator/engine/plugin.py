"""The engine's MkDocs plugin `oit` (entry point in pyproject.toml; mkdocs_build.build_html adds
it to every build after the agency's own plugins and hooks).

- The pages come from memory, and pages built elsewhere stay link targets (on_files).
- Compiled theme templates are kept on disk, so each build does not compile Material's 42
  Jinja templates again (~0.3 s a process).
- Generated HTML blocks skip Markdown and the search parser as light copies (blocks.py).
- The HTML an item's Markdown text becomes is sanitised with an allow-list (sanitise.py), and the
  site name and URL are text in the theme's pages (on_config, on_page_context).
"""
from __future__ import annotations

import os

import jinja2
from markupsafe import Markup, escape
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from .blocks import GeneratedHtml, put_back
from .sanitise import sanitise_body
from .theme import valid_theme_markup


class OitConfig(Config):
    jinja_cache = opt.Optional(opt.Type(str))  # folder for compiled theme templates; unset: none
    link_only = opt.ListOfItems(opt.Type(str), default=[])  # pages of the site not built in this run


class _PagesOnly(Files):
    """The site's files of a build that writes its pages only: the theme's files are in the site
    already (a warm rebuild), so they are not copied again. They stay in the collection: a link to
    one resolves as in a whole build."""

    def copy_static_files(self, *args, **kwargs) -> None:
        return None


class OitPlugin(BasePlugin[OitConfig]):
    def __init__(self) -> None:
        self.blocks: dict[str, str] = {}  # light copy's key → the generated block, for this build
        self.pages: dict[str, str] = {}  # path → Markdown of the pages this build renders (mkdocs_build.build_html)
        self.assets_in_site = False  # the theme's files are not copied (a warm rebuild)

    def on_config(self, config):
        config.markdown_extensions.append(GeneratedHtml(self.blocks))
        # The theme writes the site name as HTML, unescaped in most places and with `| e` in a few:
        # escaped once, as Markup, it is text in both.
        config.site_name = escape(config.site_name)
        return config

    def on_env(self, env, config, files):
        if self.config.jinja_cache:
            os.makedirs(self.config.jinja_cache, exist_ok=True)
            # keyed by template name and source checksum: an edited or upgraded template recompiles
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(self.config.jinja_cache)
        return env

    def on_files(self, files, config):
        """The pages of this build, from memory. Pages another engine process (or an earlier
        build) renders are still link targets: as excluded files they are not built, but a link
        to `../O11/index.md` becomes `../O11/`."""
        for path, text in self.pages.items():
            files.append(File.generated(config, path, content=text))
        for path in self.config.link_only:
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content="", inclusion=InclusionLevel.EXCLUDED))
        return _PagesOnly(list(files)) if self.assets_in_site else files

    def on_page_content(self, html, page, config, files):
        return sanitise_body(html, self.blocks)

    def on_page_context(self, context, page, config, nav):
        """The theme writes the canonical URL (site_url + page) into an attribute unescaped."""
        if page.canonical_url and not isinstance(page.canonical_url, Markup):
            page.canonical_url = escape(page.canonical_url)
        return context

    @event_priority(100)  # first: other plugins' page hooks must see the page as published
    def on_post_page(self, output, page, config):
        return valid_theme_markup(put_back(output, self.blocks))

    def on_post_template(self, output, template_name, config):
        """Theme pages that are not Markdown pages (404.html) get the same markup fixes."""
        return valid_theme_markup(output) if template_name.endswith(".html") else output

    def on_post_build(self, config):
        self.blocks.clear()
