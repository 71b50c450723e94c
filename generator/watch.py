"""Which files that make the site changed, as the system reports them (inotify, through watchdog,
which MkDocs brings) instead of a look at every file's stat: `oit serve` notices an edit at once,
and what it costs does not grow with the site (a look at 18,000 files took 0.2 s, every second).

`Watch.current()` is incremental.snapshot kept up to date: each reported folder is looked at
again, and only it. Where the system cannot watch (no inotify, its limit of watches reached), or
when the watcher stops, every call looks at everything, as before. A full look every
FULL_LOOK_SECONDS also catches anything a watcher could miss.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from .build import input_roots, stat_entries
from .engine import config_file_for
from .incremental import snapshot, year_folder_lists

FULL_LOOK_SECONDS = 30.0
MANY_FOLDERS = 50  # more changed folders than this (a git checkout): one look at everything is quicker
SETTLE_SECONDS = 0.05  # an editor's save is several events (write, close, rename): taken together


class Watch:
    """The snapshot of `content_dir`, kept up to date by the system's reports; close() when done."""

    def __init__(self, content_dir: Path):
        self.content_dir = Path(content_dir)
        self._lock = threading.Lock()
        self._event = threading.Event()
        self.observer = None
        self._look_at_everything()

    def _look_at_everything(self) -> None:
        """Watch what the build reads now (the configuration may name other files) and take the snapshot."""
        self.close()
        roots = input_roots(self.content_dir)
        self.folders = [str(root) for root in roots if root.is_dir()]
        self.files = [str(root) for root in roots if not root.is_dir()]  # the engine's configuration and the files it names
        self._dirty: set[str] = set()
        self.config = config_file_for(self.content_dir)  # the agency's mkdocs.yml, or ours while it has none
        self.observer = self._start()
        self.stats, self.looked = snapshot(self.content_dir), time.monotonic()

    def _start(self):
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer
        except ImportError:
            return None
        watch = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                if event.event_type in ("opened", "closed_no_write"):
                    return  # read, not changed
                paths = [event.src_path, getattr(event, "dest_path", "")]
                with watch._lock:
                    for path in filter(None, map(os.fsdecode, paths)):
                        watch._dirty.add(path if event.is_directory else os.path.dirname(path))
                        if event.is_directory:
                            watch._dirty.add(os.path.dirname(path))
                watch._event.set()

        observer = Observer()
        try:
            for folder in self.folders:
                observer.schedule(Handler(), folder, recursive=True)
            beside = os.path.dirname(os.path.abspath(self.content_dir))  # where an agency's mkdocs.yml appears
            for folder in {beside} | {os.path.dirname(os.path.abspath(file)) for file in self.files}:
                observer.schedule(Handler(), folder, recursive=False)
            observer.daemon = True
            observer.start()
        except OSError:  # no inotify, or its limit of watches reached: look at every file
            observer.stop()
            return None
        return observer

    def wait(self, seconds: float) -> None:
        """Return when a change is reported (after a moment for the rest of it), or after `seconds`."""
        if self._event.wait(seconds):
            time.sleep(SETTLE_SECONDS)

    def current(self) -> dict[str, str]:
        """The snapshot now (incremental.snapshot's form)."""
        self._event.clear()
        with self._lock:
            dirty, self._dirty = self._dirty, set()
        if (self.observer is None or not self.observer.is_alive() or len(dirty) > MANY_FOLDERS
                or time.monotonic() - self.looked > FULL_LOOK_SECONDS):
            self._look_at_everything()
            return dict(self.stats)
        files_before = {file: self.stats.get(file) for file in self.files}
        for folder in sorted(dirty):
            self._look_again(folder)
        if (any(self.stats.get(file) != before for file, before in files_before.items())
                or config_file_for(self.content_dir) != self.config):
            self._look_at_everything()  # the configuration changed: it may name other files
            return dict(self.stats)
        self.stats.update(year_folder_lists(self.content_dir))
        for key in [k for k in self.stats if k.endswith(os.sep) and not os.path.isdir(k)]:
            del self.stats[key]  # a year folder removed
        return dict(self.stats)

    def _look_again(self, folder: str) -> None:
        """Replace what the snapshot holds under `folder` with what is there now."""
        for file in self.files:
            if os.path.dirname(os.path.abspath(file)) == os.path.abspath(folder):
                self.stats.pop(file, None)
                self.stats.update(entry.split("\0", 1) for entry in stat_entries(Path(file)))
        root = next((r for r in self.folders if folder == r or folder.startswith(r + os.sep)), None)
        if root is None or any(part.startswith(".") or part == "__pycache__"
                               for part in folder[len(root):].split(os.sep) if part):
            return  # not read by a build (input_state leaves hidden folders out)
        inside = folder + os.sep
        for key in [k for k in self.stats if k.startswith(inside) and not k.endswith(os.sep)]:
            del self.stats[key]
        if os.path.isdir(folder):
            self.stats.update(entry.split("\0", 1) for entry in stat_entries(Path(folder)))

    def close(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=2)
            self.observer = None
