"""MkDocs hooks (part of the engine door, see engine.py): compiled theme templates are kept on
disk, so each build does not compile Material's 42 Jinja templates again (~0.3 s a process)."""
from __future__ import annotations

import os

import jinja2

CACHE_ENV = "OIT_JINJA_CACHE"  # set by engine.build_html; unset: no cache


def on_env(env, config, files):
    directory = os.environ.get(CACHE_ENV)
    if directory:
        os.makedirs(directory, exist_ok=True)
        # keyed by template name and source checksum: an edited or upgraded template recompiles
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(directory)
    return env
