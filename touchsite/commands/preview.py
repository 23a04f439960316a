"""Live preview: build, serve on 127.0.0.1, rebuild on change, reload the open pages.

The server keeps the last good site. A page learns about new builds by long-polling
`/__touchsite/wait`; a failed build shows its problems over the page (and in the terminal)
until an edit fixes them.
"""

from __future__ import annotations

import http.server
import json
import queue
import re
import shutil
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from touchsite.errors import UserError
from touchsite.rebuild import Rebuilder
from touchsite.render.urls import FOLDER_INDEX, NOT_FOUND, is_hashed_asset
from touchsite.write.search import index_search

WAIT_PATH = "/__touchsite/wait"
WAIT_SECONDS = 20
# An asset named by its content never changes under its name: the browser keeps it across
# rebuilds (no re-download and, for the chart library, no re-compile on every reload).
# Everything else is asked for again on each load.
FOREVER = "public, max-age=31536000, immutable"
IGNORED_PARTS = {".git", "site", "__pycache__", ".pytest_cache", "node_modules"}

# Injected into served pages only; the built files never contain it. After a new build the
# page fetches itself again: where only Markdown texts (`.prose`) differ from the page as it
# was served, they are put in place, and the page keeps its charts, scroll position and state
# (the chart library is not run again); anything else reloads the page.
RELOAD_SCRIPT = """
<script id="touchsite-reload">
(function () {
  var build = %(build)d, seen = %(generation)d, box = null;
  var served = document.body.cloneNode(true), head = document.head.innerHTML;  // before app.js
  strip(served);
  function strip(body) {  // this script and what follows it (not yet parsed when it runs)
    var own = body.querySelector("#touchsite-reload");
    while (own && own.nextSibling) own.nextSibling.remove();
    if (own) own.remove();
  }
  function texts(root) { return root.querySelectorAll(".prose"); }
  function withoutTexts(body) {
    var copy = body.cloneNode(true);
    texts(copy).forEach(function (el) { el.textContent = ""; });
    return copy;
  }
  function swapTexts(page) {
    var body = page.body, live = texts(document.body), before = texts(served), after;
    strip(body);
    after = texts(body);
    if (page.head.innerHTML !== head || live.length !== before.length ||
        after.length !== before.length ||
        !withoutTexts(served).isEqualNode(withoutTexts(body))) return false;
    after.forEach(function (el, i) {
      if (!el.isEqualNode(before[i])) live[i].innerHTML = el.innerHTML;
    });
    served = body;
    return true;
  }
  function show(text) {
    if (!box) {
      box = document.createElement("pre");
      box.id = "touchsite-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;" +
        "overflow:auto;margin:0;padding:1rem;background:#fff4f2;color:#5c1a0e;" +
        "border:2px solid #a3341f;border-radius:6px;z-index:9999;" +
        "white-space:pre-wrap;font:13px monospace";
      document.body.appendChild(box);
    }
    box.textContent = text;
  }
  function update(next) {
    fetch(location.href, {cache: "no-store"}).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.text();
    }).then(function (html) {
      if (!swapTexts(new DOMParser().parseFromString(html, "text/html"))) {
        location.reload();
        return;
      }
      build = next;
      if (box) { box.remove(); box = null; }
      poll();
    }).catch(function () { location.reload(); });
  }
  function poll() {
    fetch("%(path)s?since=" + seen).then(function (r) { return r.json(); }).then(function (s) {
      seen = s.generation;
      if (s.error) { show(s.error); }
      else if (s.build !== build) { update(s.build); return; }
      else if (box) { box.remove(); box = null; }
      poll();
    }).catch(function () { setTimeout(poll, 1000); });
  }
  if (%(error)s) show(%(error)s);
  poll();
})();
</script>
"""


class SearchIndex:
    """Pagefind, run beside the builds: search is rarely what an edit changes, so the next edit
    shows without waiting for the last one's index.

    Pagefind cannot update an index in place; each run indexes the whole site, once edits
    pause for QUIET seconds, at a lower CPU priority; the updates asked for while it runs
    are made by one run after it.
    """

    QUIET = 1.0

    def __init__(self, out_dir: Path, log: Callable[[str], None]) -> None:
        self.out_dir = out_dir
        self.log = log
        self.wanted = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def update(self) -> None:
        self.wanted.set()

    def _run(self) -> None:
        while True:
            self.wanted.wait()
            self.wanted.clear()
            while self.wanted.wait(self.QUIET):  # another edit came: wait for them to pause
                self.wanted.clear()
            try:
                index_search(self.out_dir, background=True)
            except UserError as failure:
                self.log("\n".join(str(problem) for problem in failure.problems))
            except Exception:  # a bug: reported, and the next edit indexes again
                self.log("the search index was not updated:\n" + traceback.format_exc())


class Preview:
    """The state shared by the builder thread and the request handlers."""

    def __init__(self, project: Path, out_dir: Path, log: Callable[[str], None]) -> None:
        self.project = project.resolve()
        self.out_dir = out_dir
        self.log = log
        self.builder = Rebuilder(self.project, out_dir)
        self.search = SearchIndex(out_dir, log)
        self.changed = threading.Condition()
        self.generation = 0  # every build attempt
        self.build_number = 0  # successful builds
        self.error = ""

    def rebuild(self, changed: Iterable[Path] | None = None) -> None:
        """Rebuild after an edit of the `changed` files (None: build everything)."""
        started = time.perf_counter()
        try:
            rebuilt = self.builder.rebuild(changed)
        except UserError as failure:
            error = "\n".join(str(problem) for problem in failure.problems)
            self._failed(error, f"{len(failure.problems)} problems")
            return
        except Exception:  # a bug in touchsite: the preview lives on, the next edit may pass
            error = traceback.format_exc()
            self._failed(error, "a bug in touchsite; please report it")
            return
        for warning in rebuilt.result.warnings:
            self.log(str(warning))
        with self.changed:
            self.generation += 1
            self.build_number += 1
            self.error = ""
            self.changed.notify_all()
        analysis = "" if rebuilt.analysed else " on the last analysis"
        self.log(
            f"Rebuilt in {time.perf_counter() - started:.2f} s: {rebuilt.rendered} pages"
            f" rendered{analysis}, {len(rebuilt.written)} files written."
        )
        if any(path.endswith(".html") for path in rebuilt.written):
            self.search.update()

    def _failed(self, error: str, why: str) -> None:
        self.log(error + f"\nBuild failed ({why}); serving the last good site.")
        with self.changed:
            self.generation += 1
            self.error = error
            self.changed.notify_all()

    def wait(self, since: int, timeout: float = WAIT_SECONDS) -> dict:
        with self.changed:
            self.changed.wait_for(lambda: self.generation > since, timeout=timeout)
            return {"generation": self.generation, "build": self.build_number, "error": self.error}


def watched(project: Path, out_dir: Path) -> Callable[[object, str], bool]:
    """A watchfiles filter: project files, not the output or tool folders.

    A path is taken as the watcher reports it, below the project's folder: resolved, an edit
    through a link to a folder outside the project (a shared folder of exports) would not be
    the project's. A path outside the project is none of its files.
    """
    out = str(out_dir.resolve())
    root = project.resolve()

    def accept(_change: object, path: str) -> bool:
        if path.startswith(out):
            return False
        try:
            relative = Path(path).relative_to(root)
        except ValueError:
            return False
        return not (set(relative.parts) & IGNORED_PARTS) and not relative.name.startswith(".")

    return accept


def make_handler(preview: Preview) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(preview.out_dir), **kwargs)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's name
            return

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            url = urlsplit(self.path)
            if url.path == WAIT_PATH:
                since = int(parse_qs(url.query).get("since", ["0"])[0] or 0)
                self._send(200, "application/json", json.dumps(preview.wait(since)).encode())
                return
            target = Path(self.translate_path(url.path))
            if target.is_dir():
                target = target / FOLDER_INDEX
            if target.suffix == ".html" and target.is_file():
                self._send(200, "text/html; charset=utf-8", self._with_reload(target))
            elif not target.exists() and (preview.out_dir / NOT_FOUND).is_file():
                self._send(
                    404, "text/html; charset=utf-8", self._with_reload(preview.out_dir / NOT_FOUND)
                )
            else:
                self.cache_control = FOREVER if is_hashed_asset(url.path) else "no-cache"
                super().do_GET()

        def end_headers(self) -> None:
            if getattr(self, "cache_control", ""):
                self.send_header("Cache-Control", self.cache_control)
                self.cache_control = ""
            super().end_headers()

        def _with_reload(self, path: Path) -> bytes:
            html = path.read_text(encoding="utf-8")
            with preview.changed:
                script = RELOAD_SCRIPT % {
                    "build": preview.build_number,
                    "generation": preview.generation,
                    "path": WAIT_PATH,
                    "error": json.dumps(preview.error).replace("<", "\\u003c"),
                }
            return html.replace("</body>", script + "</body>", 1).encode("utf-8")

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def serve(project: Path, port: int, log: Callable[[str], None], ready=None) -> None:
    """Run until interrupted. `ready(url)` is called once the server listens.

    The preview's site is a copy of the client's report in a temporary folder: it is removed
    however the preview ends, by a port that is taken or by Ctrl+C (which the command line
    also makes of SIGTERM and SIGHUP).
    """
    out_dir = Path(tempfile.mkdtemp(prefix="touchsite-serve-")) / "site"
    try:
        _serve(Preview(project, out_dir, log), port, ready or log)
    finally:
        shutil.rmtree(out_dir.parent, ignore_errors=True)


def _serve(preview: Preview, port: int, ready: Callable[[str], None]) -> None:
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), make_handler(preview))
    except OSError as error:
        raise UserError(
            f"cannot listen on 127.0.0.1:{port}: {error.strerror}",
            "choose another port with --port",
        ) from None
    stop = threading.Event()
    # The project is watched before the first build: an edit made while it runs (seconds for
    # a large project, and the moment a user saves a file after starting the preview) starts
    # the next build. Watched after it, such an edit was lost until the next one.
    try:
        edits = _watch(preview, stop)
        preview.rebuild()  # after binding, so a taken port is reported before a long build
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        # shut down only once serving: before, `shutdown` waits forever for it to begin (an
        # end during the first build, SIGTERM's second ignored)
        try:
            ready(f"http://127.0.0.1:{server.server_address[1]}/")
            while True:
                changed = _paths(edits.get())
                while not edits.empty():  # edits made during a build: built together
                    changed |= _paths(edits.get_nowait())
                preview.rebuild(Path(path) for path in sorted(changed))
        finally:
            server.shutdown()
    finally:
        stop.set()
        server.server_close()


Edits = queue.SimpleQueue[set[str] | BaseException]


def _watch(preview: Preview, stop: threading.Event) -> Edits:
    """The paths of each batch of edits to the project's files, from a thread that watches
    them until `stop` is set; what ended the watching where it failed (the system's limit
    of watched folders reached, the project's folder removed), to end the preview with.
    Returns once the watching has begun; raises what kept it from beginning."""
    import watchfiles
    from watchfiles._rust_notify import WatchfilesRustInternalError

    edits: Edits = queue.SimpleQueue()
    root = str(preview.project)
    watching = _Watching(stop)

    def watch() -> None:
        try:
            for changes in watchfiles.watch(
                preview.project,
                watch_filter=watched(preview.project, preview.out_dir),
                stop_event=watching,
                debounce=100,
                step=20,
            ):
                # A removed folder's watch is gone for good, even once it is back: no edit
                # to the project could be seen any more.
                if (watchfiles.Change.deleted, root) in changes or not preview.project.is_dir():
                    edits.put(_removed(preview.project))
                    return
                edits.put({path for _change, path in changes})
        except (OSError, WatchfilesRustInternalError) as error:  # the system's, not ours
            edits.put(_watching_failed(error, preview.project))
        except BaseException as error:  # noqa: BLE001 - handed to the preview's thread
            edits.put(error)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    # Every folder is watched before the first build: an edit saved the moment the preview
    # starts is seen (before, it was lost while the watcher was still starting). A watcher
    # that cannot start ends the preview at once, not after a first build of minutes.
    while not watching.began.wait(0.05) and thread.is_alive():
        pass
    if not watching.began.is_set() and not edits.empty():
        _paths(edits.get())
    return edits


class _Watching:
    """The watcher's stop event, which also tells when the watching began: watchfiles asks
    it whether to stop only once every folder is watched."""

    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop
        self.began = threading.Event()

    def is_set(self) -> bool:
        self.began.set()
        return self.stop.is_set()


def _paths(edit: set[str] | BaseException) -> set[str]:
    if isinstance(edit, BaseException):
        raise edit
    return edit


def _removed(project: Path) -> UserError:
    return UserError(
        "the project's folder was removed while it was served: no edit to it can be seen",
        "start `touchsite serve` again once the folder is back",
        path=project,
    )


# The folder a watcher's error is about: the `notify` crate names it as `about ["/path"]`.
_ABOUT = re.compile(r'about \["((?:[^"\\]|\\.)*)"')
_POLL = (
    "let the preview look for edits every 300 ms instead of being told of them:"
    " WATCHFILES_FORCE_POLLING=1 touchsite serve"
)
# A file name that is not UTF-8 (a German Windows zip unpacked as it is) ends the watching.
_UNDECODABLE = re.compile(r'Unable to decode path "(.*)" to string')


def _watching_failed(error: BaseException, project: Path) -> UserError:
    """What stopped the watching of the project for edits, and what would fix it.

    Watchfiles raises the errors of the system's file events as OSError (FileNotFoundError,
    PermissionError for a folder), or as its internal error where they come while watching.
    """
    text = str(error)
    about = _ABOUT.search(text)
    folder = _unquoted(about.group(1)) if about else str(project)
    if "file watch limit reached" in text:  # inotify_add_watch: ENOSPC
        return UserError(
            "cannot watch this folder for edits: the system's limit of watched folders"
            " (fs.inotify.max_user_watches) is reached",
            "raise it: `sudo sysctl fs.inotify.max_user_watches=524288` (the line"
            " fs.inotify.max_user_watches=524288 in /etc/sysctl.conf keeps it), move folders"
            " of many subfolders (a virtual environment, node_modules) out of the project, or "
            + _POLL,
            path=folder,
        )
    if "Too many open files" in text:  # inotify_init: EMFILE, one instance per watcher
        return UserError(
            "cannot watch the project for edits: the system's limit of file watchers"
            " (fs.inotify.max_user_instances) is reached",
            "close programs that watch files (other previews, editors), raise it:"
            " `sudo sysctl fs.inotify.max_user_instances=1024`, or " + _POLL,
            path=project,
        )
    if undecodable := _UNDECODABLE.search(text):
        return UserError(
            "cannot watch the project for edits: this file's name is not UTF-8",
            "rename it (`convmv -f latin1 -t utf8 --notest` renames such names), or move it"
            " out of the project",
            path=undecodable.group(1),
        )
    if isinstance(error, PermissionError):
        return UserError(
            "cannot watch this folder for edits: permission denied",
            "give your user the right to read it (chmod, chown), or move it out of the project",
            path=folder,
        )
    if isinstance(error, FileNotFoundError):
        return UserError(
            "cannot watch this folder for edits: it is gone",
            "start `touchsite serve` again once the project's folder is back",
            path=folder,
        )
    return UserError(
        f"the preview stopped watching the project for edits: {text}",
        "start `touchsite serve` again; if this happens again, " + _POLL,
        path=project,
    )


def _unquoted(path: str) -> str:
    try:
        return json.loads(f'"{path}"')
    except ValueError:
        return path
