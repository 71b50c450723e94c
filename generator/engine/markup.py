"""The markers the renderer writes into its Markdown and the engine acts on.

No engine import here: render.py reads these without loading MkDocs.
"""
from __future__ import annotations

# Lines around HTML the templates write whole: the engine passes such a block through as it is
# instead of parsing it as Markdown (blocks.py). Agency text never opens one.
RAW_OPEN, RAW_CLOSE = "<!--oit:raw-->", "<!--/oit:raw-->"
# A comment before the HTML an item's Markdown text becomes: the engine sanitises the page from
# the first one to the end (sanitise.py). Left out when site.yml says `unsafe_html: allow`.
BODY_OPEN = "<!--oit:body-->"
