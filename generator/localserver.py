"""Serving a built site on loopback, as a web host would: for link checks and live preview."""
from __future__ import annotations

import io
import json
import os
import threading
from contextlib import contextmanager
from typing import Callable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

from .errors import ConfigError
from .i18n import _


POST_LIMIT = 50 * 1024 * 1024  # one request of the editor's backend: decap-server's own limit (a file upload)


@contextmanager
def serve_directory(site: Path, host: str = "127.0.0.1", port: int = 0, extra: dict | None = None,
                    base_path: str = "/", post=None, private: bool = False):
    """Serve `site` (port 0: a free port) for the duration of the block; yields the server's URL.

    `base_path` is where the site lives on the server ('/oit/' when base_url has that path; any
    other path is a 404), as on the agency's host. `extra` maps URL paths ('/x.html') to bytes
    served from memory (of the type its name says), beside the site's files, or to a function of
    the query string that returns JSON: such an endpoint answers only pages of this server (same
    origin). `post(path, body)` answers a JSON POST of this server's own pages with (status, JSON).
    `private` (the editor): every request must name this server as its Host (a web page cannot
    re-point a name of its own here), what comes from memory answers only its own pages, and no
    other page may show it in a frame.
    """
    class SiteHandler(_QuietHandler):
        pass

    SiteHandler.extra, SiteHandler.base_path = extra or {}, base_path
    SiteHandler.post, SiteHandler.private = staticmethod(post) if post else None, private
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
    post: Callable | None = None
    private = False

    def send_head(self):
        path, _, query = self.path.partition("?")
        if self.private and self.headers.get("Host") not in self.own_hosts:
            self.send_error(403, "Only this server's own pages may ask")
            return None
        body = self.extra.get(path)
        if body is None:
            return super().send_head()
        content_type = self.guess_type(path) + ("; charset=utf-8" if self.guess_type(path).startswith("text/") else "")
        if callable(body) or self.private:
            if not self._same_origin():
                self.send_error(403, "Only this server's own pages may ask")
                return None
        if callable(body):
            body = json.dumps(body(parse_qs(query)), ensure_ascii=False).encode("utf-8")
            content_type = "application/json; charset=utf-8"
        return self._answer(200, content_type, body)

    def _answer(self, status: int, content_type: str, body: bytes):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def do_POST(self):
        """A JSON request of one of this server's own pages (Origin and Host are this server's;
        a browser always sends Origin with a POST), to `post`; anything else is a 403."""
        length = self.headers.get("Content-Length", "")
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if (self.post is None or not self._same_origin() or self.headers.get("Origin") is None
                or content_type != "application/json"):
            status, answer = 403, {"error": _("Only the editor's own page may ask")}
        elif not length.isdigit() or int(length) > POST_LIMIT:
            status, answer = 413, {"error": _("The request is too large (at most {megabytes} MB)").format(
                megabytes=POST_LIMIT // (1024 * 1024))}
        else:
            try:
                body = json.loads(self.rfile.read(int(length)))
            except ValueError:
                status, answer = 400, {"error": _("The request is not JSON")}
            else:
                status, answer = self.post(self.path.partition("?")[0], body)
        data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        self.close_connection = True  # an unread body must not be taken for the next request
        with self._answer(status, "application/json; charset=utf-8", data) as sent:
            self.wfile.write(sent.read())

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
        if self.private:
            self.send_header("X-Frame-Options", "DENY")
        super().end_headers()

    def list_directory(self, path):
        # a web host serves no listing for a folder without index.html: a missing page is a 404
        self.send_error(404, "No index.html")
        return None

    def log_message(self, *args):
        pass


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)
