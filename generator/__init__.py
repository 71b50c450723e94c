"""oit-site: publish and check an agency's OIT disclosure pages (ITA items O1–O43).

Pipeline: content.py/catalog.py/references.py load → validate.py checks, guard.py decides what may be published → render.py/build.py publish → check.py gates.
"""
__version__ = "0.1.0"
