"""Serving a built site on loopback, as a web host would: for link checks and live preview."""
from __future__ import annotations

import io
import json
import os
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

from .errors import ConfigError
from .i18n import _


@contextmanager
def serve_directory(site: Path, host: str = "127.0.0.1", port: int = 0, extra: dict | None = None,
                    base_path: str = "/"):
    """Serve `site` (port 0: a free port) for the duration of the block; yields the server's URL.

    `base_path` is where the site lives on the server ('/oit/' when base_url has that path; any
    other path is a 404), as on the agency's host. `extra` maps URL paths ('/x.html') to HTML
    served from memory, beside the site's files, or to a function of the query string that
    returns JSON: such an endpoint answers only pages of this server (same origin).
    """
    class SiteHandler(_QuietHandler):
        pass

    SiteHandler.extra, SiteHandler.base_path = extra or {}, base_path
    handler = partial(SiteHandler, directory=str(site))
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except (OSError, OverflowError) as err:  # port in use, out of range, unknown host
        from .errors import os_reason  # the one error policy's wording of the system's reason
        raise ConfigError(_("cannot serve on {host}:{port}: {reason}").format(
            host=host, port=port, reason=(os_reason(err) if isinstance(err, OSError) else None) or err)) from None
    port = server.server_address[1]
    SiteHandler.own_hosts = ({f"{host}:{port}"} | ({f"localhost:{port}"} if host == "127.0.0.1" else set()))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".yml": "text/yaml"}
    extra: dict = {}
    base_path: str = "/"
    own_hosts: set = set()  # host:port this server is reached by (an endpoint answers only its own pages)

    def send_head(self):
        path, _, query = self.path.partition("?")
        body = self.extra.get(path)
        if body is None:
            return super().send_head()
        content_type = "text/html; charset=utf-8"
        if callable(body):
            if not self._same_origin():
                self.send_error(403, "Only this server's own pages may ask")
                return None
            body = json.dumps(body(parse_qs(query)), ensure_ascii=False).encode("utf-8")
            content_type = "application/json; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def _same_origin(self) -> bool:
        """A request from a page this server served: the Host is this server's address (not a
        name that a web page re-pointed here) and the browser says the page is of this origin."""
        host = self.headers.get("Host")
        origin = self.headers.get("Origin")
        fetch_site = self.headers.get("Sec-Fetch-Site")
        return (host in self.own_hosts and origin in (None, f"http://{host}")
                and fetch_site in (None, "same-origin"))

    def translate_path(self, path):
        """The file for a URL, never one outside the served folder (a link inside it may point
        anywhere: /etc/passwd): those get a path that cannot be opened, hence a 404."""
        if not path.startswith(self.base_path):
            return os.path.join(os.devnull, "outside-the-site")
        translated = super().translate_path("/" + path[len(self.base_path):])
        root = os.path.realpath(self.directory)
        candidates = [translated] + ([os.path.join(translated, name) for name in ("index.html", "index.htm")]
                                     if os.path.isdir(translated) else [])
        if all(_inside(os.path.realpath(c), root) for c in candidates):
            return translated
        return os.path.join(os.devnull, "outside-the-site")  # not a folder: opening it fails

    def end_headers(self):
        # LinkChecker waits 0.1–0.6 s between requests to one host unless the host answers with a
        # "LinkChecker" header; then maxrequestspersecond (linkcheck.LINKCHECKER_RC) sets the pace.
        self.send_header("LinkChecker", "oit-site")
        super().end_headers()

    def list_directory(self, path):
        # a web host serves no listing for a folder without index.html: a missing page is a 404
        self.send_error(404, "No index.html")
        return None

    def log_message(self, *args):
        pass


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)
