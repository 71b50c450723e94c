"""`oit portal`: many agencies published and supervised together (README "Many agencies",
docs/contracts.md#portal-yml).

config (portal.yml) → sources (a folder, or a git checkout) → fanout (local worker processes or a
Dask cluster) → agency (one agency's build or validation, as a task) → home (the portal's own
pages) and status (the supervisor's view). Each agency is built by build.build_site, with its own
manifest and cache: the portal adds no second way to build a site.
"""
