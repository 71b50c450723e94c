"""The local backend of `oit editor --serve`: Decap CMS's proxy protocol (the one decap-server
speaks: one POST with {"action", "params"} per call), answered by the admin page's own server and
for files under content/ only.

decap-server answered any page of 127.0.0.1 or localhost on any port and read, wrote and deleted
any file of the repository (mkdocs.yml too, whose hooks the preview runs). Here every path must name
a file under content/ once resolved: no absolute path, no `..`, no link leading out of content/.
Who may ask (the admin page of this session only) is checked by the server (editor_server.py).
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import os
from pathlib import Path

from .i18n import _

LIST_DEPTH_LIMIT = 10  # entriesByFolder: Decap asks for depth 1 or 2; deeper is no form of ours


class Refused(Exception):
    """A request the backend does not carry out; the message is for the officer (Thai by default)."""

    def __init__(self, message: str, status: int = 403):
        super().__init__(message)
        self.status = status


class ContentFiles:
    """The files the editor may read and write: those under `content_dir`, named as the CMS names
    them, from the folder that holds content/ ('content/2569/O21/index.md')."""

    def __init__(self, content_dir: Path):
        self.content = Path(os.path.realpath(content_dir))
        self.root = self.content.parent
        self.prefix = self.content.name

    def resolve(self, name: object) -> Path:
        """The file `name` stands for, refused unless it is under content/ after every link is
        followed (a link inside content/ may point anywhere: /etc, the repository's mkdocs.yml)."""
        if not isinstance(name, str) or not name:
            raise Refused(_("the editor sent no file name"), 422)
        parts = name.split("/")
        if ("\\" in name or "\0" in name or name.startswith("/") or parts[0] != self.prefix
                or any(part in ("", ".", "..") for part in parts[1:])):
            raise Refused(_("only files under {folder}/ can be edited here, not {path}").format(
                folder=self.prefix, path=name[:200]))
        real = Path(os.path.realpath(self.root.joinpath(*parts)))
        if self.content not in real.parents:
            raise Refused(_("only files under {folder}/ can be edited here, not {path}").format(
                folder=self.prefix, path=name[:200]))
        return real

    def name_of(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def listing(self, folder: object, extension: str = "", depth: int = 1) -> list[str]:
        """Files under `folder` (up to `depth` levels), by their name from the repository root;
        links are not followed and not listed."""
        start = self.resolve(folder)
        found: list[str] = []

        def walk(directory: Path, relative: str, level: int) -> None:
            if level <= 0:
                return
            try:
                entries = sorted(os.scandir(directory), key=lambda e: e.name)
            except OSError:
                return
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    walk(Path(entry.path), f"{relative}/{entry.name}", level - 1)
                elif entry.is_file(follow_symlinks=False) and entry.name.endswith(extension):
                    found.append(f"{relative}/{entry.name}")

        walk(start, self.name_of(start), min(int(depth), LIST_DEPTH_LIMIT))
        return found

    def entry(self, name: object, label: object = None) -> dict:
        """A text file as the CMS reads it; data null when it cannot be read (a new item)."""
        file = {"path": name, "label": label, "id": None}
        try:
            data = self.resolve(name).read_bytes()
        except OSError:
            return {"data": None, "file": file}
        return {"data": data.decode("utf-8", "replace"), "file": {**file, "id": _sha256(data)}}

    def media(self, name: object) -> dict:
        path = self.resolve(name)
        data = path.read_bytes()
        return {"id": _sha256(data), "content": base64.b64encode(data).decode("ascii"), "encoding": "base64",
                "path": name, "name": path.name}

    def write(self, name: object, data: bytes) -> None:
        path = self.resolve(name)  # the real path: a link there is replaced, never written through
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.oit-new")
        try:
            temporary.write_bytes(data)
            os.replace(temporary, path)  # never half a file
        finally:
            temporary.unlink(missing_ok=True)

    def delete(self, name: object) -> None:
        path = self.resolve(name)
        if path.is_file():
            path.unlink()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _decoded(asset: dict) -> bytes:
    if asset.get("encoding") != "base64" or not isinstance(asset.get("content"), str):
        raise Refused(_("the editor sent a file that is not base64"), 422)
    try:
        return base64.b64decode(asset["content"], validate=True)
    except (binascii.Error, ValueError):
        raise Refused(_("the editor sent a file that is not base64"), 422) from None


def answer(files: ContentFiles, body: object) -> object:
    """The answer to one call of Decap's proxy backend (its `request`), or Refused."""
    if not isinstance(body, dict) or not isinstance(body.get("params", {}), dict):
        raise Refused(_("the editor sent a request that is not understood"), 422)
    action, params = body.get("action"), body.get("params") or {}
    if action == "info":
        return {"repo": files.root.name, "publish_modes": ["simple"], "type": "local_fs"}
    if action == "entriesByFolder":
        return [files.entry(name) for name in
                files.listing(params.get("folder"), str(params.get("extension") or ""), _number(params.get("depth")))]
    if action == "entriesByFiles":
        return [files.entry(f.get("path"), f.get("label")) for f in _records(params.get("files"))]
    if action == "getEntry":
        return files.entry(params.get("path"))
    if action == "persistEntry":
        data_files = _records(params.get("dataFiles") or [params.get("entry")])
        assets = _records(params.get("assets") or [])
        writes = [(f.get("path"), f.get("raw")) for f in data_files] + [(a.get("path"), _decoded(a)) for a in assets]
        for name, _data in writes:  # every path checked before anything is written
            files.resolve(name)
            if not isinstance(_data, (str, bytes)):
                raise Refused(_("the editor sent a request that is not understood"), 422)
        if any(f.get("newPath") for f in data_files):  # a renamed entry: our forms have fixed files
            raise Refused(_("moving an item's file is not possible in this editor"), 422)
        for name, data in writes:
            files.write(name, data.encode("utf-8") if isinstance(data, str) else data)
        return {"message": "entry persisted"}
    if action == "getMedia":
        return [files.media(name) for name in files.listing(params.get("mediaFolder"), "", 1)]
    if action == "getMediaFile":
        return files.media(params.get("path"))
    if action == "persistMedia":
        asset = params.get("asset")
        if not isinstance(asset, dict):
            raise Refused(_("the editor sent a request that is not understood"), 422)
        files.write(asset.get("path"), _decoded(asset))
        return files.media(asset.get("path"))
    if action in ("deleteFile", "deleteFiles"):
        names = [params.get("path")] if action == "deleteFile" else list(params.get("paths") or [])
        for name in names:
            files.resolve(name)
        for name in names:
            files.delete(name)
        return {"message": "deleted"}
    if action == "getDeployPreview":
        return None
    raise Refused(_("the editor asked for something this editor does not do: {action}").format(
        action=str(action)[:80]), 422)


def _records(value: object) -> list[dict]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise Refused(_("the editor sent a request that is not understood"), 422)
    return value


def _number(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 1
