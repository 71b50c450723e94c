"""The site engine (moved here from engine.py; being split into one door)."""
from .mkdocs_build import *  # noqa: F401,F403
from .mkdocs_build import EngineError, ENGINE, TEMPLATES, PARALLEL_MIN_PAGES  # noqa: F401
