"""Full-text search that runs in the browser: a Pagefind index of the site.

Pagefind (its PyPI package ships the binary) reads the pages' `data-pagefind-body` parts and
makes a static index, which the site holds under `pagefind/`; the search page loads it from
the same folder, so no request leaves the site. It picks the stemmer from each page's `lang`
(German or English).

Pagefind runs as a service (`pagefind --service`): it is sent each searched page, cut down to
its head and those parts, and sends back the index's files. It parses every element of a
page, the charts' data tables and comments it ignores included, and the index it makes of
the cut pages is the same, byte for byte (a test compares them). It is sent the pages in the
order of their paths, one after another, and it reads them in that order: the index is the
same whichever process rendered which page.

Nothing is written for it: at 1,000 touchpoints, writing the copies it read (1,000 files,
created anew by each build) took the render's workers about 1.0 s of CPU on ext4, and its
command line wrote its 1,031 files anew where the index had not changed. Its files now
come back to the build, which writes (or links) them with the site's own
(`search_prepared`); the preview indexes its written site (`index_search`) after each
reload.

Its Python package has an asyncio client for this service; that client sleeps 0.1 s before
reading each reply, 100 s for 1,000 pages. The exchange is plain (each
message base64-encoded JSON, then a comma, both ways), so `Indexing` speaks it here.
"""

from __future__ import annotations

import base64
import contextlib
import fnmatch
import functools
import json
import os
import re
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from touchsite.children import end_with_parent
from touchsite.errors import UserError
from touchsite.render.urls import PATHS, SEARCH_INDEX
from touchsite.write.site import update_site

# The pages whose templates mark what is searched (`data-pagefind-body`): Pagefind reads only
# these. The map, the KPI overview and the printable report have no such part, yet Pagefind
# would parse all of them to find that out (0.25 s of its CPU at 1,000 touchpoints). A test
# checks that every page with a part to search is indexed.
SEARCHED_PAGES = (
    PATHS.touchpoint("*"),
    PATHS.journey("*"),
    PATHS.page("*"),
    PATHS.methods(),
    PATHS.opportunities(),
    PATHS.recommendations(),
)


def index_search(site: Path, background: bool = False) -> None:
    """Index the written `site`: its index folder gets the files whose bytes changed, and
    loses those the index no longer has. `background`: at a lower CPU priority, so that the
    work in front (a preview's next rebuild) is not slowed down."""
    pages = sorted(
        (page.relative_to(site).as_posix(), page.read_bytes())
        for pattern in SEARCHED_PAGES
        for page in site.glob(pattern)
    )
    indexing = Indexing(pages, site / SEARCH_INDEX, background)
    try:
        files = indexing.files()
    finally:
        indexing.stop()
    folder = site / SEARCH_INDEX
    written = {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    update_site(files, written, folder)


@contextmanager
def search_prepared(site: Path) -> Iterator[Search]:
    """A build's search of the site it writes to `site`: Pagefind started on the rendered pages
    (`Search.start`), its index's files taken as the site is written. On any way out Pagefind
    is ended; a build killed outright takes Pagefind with it (`end_with_parent`)."""
    search = Search(site / SEARCH_INDEX)
    try:
        yield search
    finally:
        search.stop()


class Search:
    """Pagefind on a build's searched pages."""

    folder = SEARCH_INDEX  # the site's folder that holds the index's files (`finish`)

    def __init__(self, where: Path) -> None:
        self.where = where  # the index's folder, named in its errors
        self.indexing: Indexing | None = None

    def start(self, files: Iterable[tuple[str, bytes]]) -> None:
        """Start Pagefind on the searched pages among `files` (a site's, by path, in the order
        of the paths; taken as they come, by another thread). Pagefind reads the pages while
        the rest are rendered, the links are checked and the site's files written."""
        searched = ((path, content) for path, content in files if is_searched(path))
        self.indexing = Indexing(searched, self.where)

    def finish(self) -> dict[str, bytes]:
        """What `write_site` calls once it has written the site's files: it waits for the
        index and returns its files, by their paths in the site."""
        assert self.indexing is not None
        files = self.indexing.files()
        # Pagefind has sent all it will: it ends (the system frees its memory) while the
        # build writes these, not once `stop` waits for it after the swap (20-50 ms)
        self.indexing.process.kill()
        return {SEARCH_INDEX + path: content for path, content in files.items()}

    def stop(self) -> None:
        if self.indexing is not None:
            self.indexing.stop()


def is_searched(path: str) -> bool:
    """Whether the site's file at `path` is one Pagefind reads, as `Path.glob` and Pagefind's
    `--glob` match SEARCHED_PAGES: a `*` stands for any part of one name."""
    parts = path.split("/")
    return any(
        len(parts) == len(pattern) and all(map(fnmatch.fnmatchcase, parts, pattern))
        for pattern in _SEARCHED_PARTS
    )


_SEARCHED_PARTS = [pattern.split("/") for pattern in SEARCHED_PAGES]


class Indexing:
    """Pagefind's service started on `pages` (the searched pages' paths and bytes, in the
    order they are to be read), each cut down to what it reads of it, for the index's folder
    `where` (named in its errors). A thread sends them, so
    that this process goes on while Pagefind reads (and a Pagefind that reads nothing cannot
    block it); another reads the replies. Ask for the index's `files`, or stop it."""

    def __init__(
        self, pages: Iterable[tuple[str, bytes]], where: Path, background: bool = False
    ) -> None:
        self.where = where
        binary = _pagefind(where)
        # its messages into a file, not a pipe: nobody reads a pipe while it runs
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop)
        try:
            # started by this thread: on Linux it ends with the thread that started it
            self.process = subprocess.Popen(
                [str(binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.log,
                preexec_fn=end_in_background if background else end_with_parent,
            )
        except (OSError, subprocess.SubprocessError) as error:
            self.log.close()
            raise _search_error(str(error), where) from None
        self.replies: dict[int, dict] = {}
        self.pages: list[str] = []  # the pages' paths, by their messages' numbers from 2
        self.answered = threading.Condition()
        self.ended = False  # Pagefind's replies ended (it exited, or was stopped)
        self.garbled = ""  # what it sent that is not a reply, if it did
        self.failed: BaseException | None = None  # what stopped the sending thread
        self.reading = threading.Thread(target=self._read, daemon=True)
        self.reading.start()
        self.sending = threading.Thread(target=self._send_all, args=(pages,), daemon=True)
        self.sending.start()

    def files(self) -> dict[str, bytes]:
        """The index's files, by their paths in its folder, once Pagefind has read every page
        and made the index; a UserError if it failed."""
        self.sending.join()
        if self.failed is not None and not isinstance(self.failed, OSError):
            raise self.failed  # a bug here, not Pagefind's failure
        asked = len(self.pages) + 2  # the index, asked for after the last page
        with self.answered:
            self.answered.wait_for(lambda: asked in self.replies or self.ended)
        if asked not in self.replies:
            raise self._failure()
        if self.replies.get(1, {}).get("index_id") != 0:  # the first index of a new service
            raise self._error(f"unexpected reply to a new index: {self.replies.get(1)}")
        for number, path in enumerate(self.pages, start=2):
            if self.replies.get(number, {}).get("type") == "Error":
                message = self.replies[number].get("message", "")
                raise self._error(f"{path}: {message}", _REFUSED)
        index = self.replies[asked]
        if index.get("type") != "GetFiles":  # it could not make the index
            raise self._error(index.get("message") or f"unexpected reply: {index}")
        outside = [file["path"] for file in index["files"] if not _inside(file["path"])]
        if outside:  # its files are written under the index's folder, nowhere else
            raise self._error(f"a file of the index outside its folder: {outside[0]!r}")
        return {
            file["path"]: base64.b64decode(file["content"])
            for file in sorted(index["files"], key=lambda file: file["path"])
        }

    def stop(self) -> None:
        """End Pagefind if it still runs, and reap it and the threads. A Pagefind started by
        a wrapper that does not `exec` it (a shell script in PAGEFIND_BINARY_PATH) outlives
        the wrapper: it ends once its input is closed, and then its output."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.sending.join()  # it ended: Pagefind read all it was sent, or could read no more
        with contextlib.suppress(OSError):  # what was left unread: nobody reads it now
            self.process.stdin.close()
        self.reading.join(timeout=10)
        if not self.reading.is_alive():  # else its output is held open elsewhere: leave it
            self.process.stdout.close()
        self.log.close()
        self.failed = None  # its traceback holds this object and the pages

    def _send_all(self, pages: Iterable[tuple[str, bytes]]) -> None:
        try:
            self._send(1, {"type": "NewIndex", "config": None})
            for relative, html in pages:
                self.pages.append(relative)
                searched = searched_parts(html)
                page = {"type": "AddFile", "index_id": 0, "file_path": relative}
                page["file_contents"] = (html if searched is None else searched).decode(
                    "utf-8", "replace"
                )
                self._send(len(self.pages) + 1, page)
            # the index at once: Pagefind makes it while this process goes on (the build
            # checks its links and writes its files), not once `files` is asked for
            self._send(len(self.pages) + 2, {"type": "GetFiles", "index_id": 0})
        except BaseException as error:  # a Pagefind that ended (or stopped) reads no more
            self.failed = error

    def _send(self, number: int, payload: dict) -> None:
        assert self.process.stdin is not None
        message = json.dumps({"message_id": number, "payload": payload})
        self.process.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
        self.process.stdin.flush()

    def _read(self) -> None:
        """Each reply by its message's number, until Pagefind's output ends, or holds
        something else than its replies: then Pagefind is ended (it would wait for more
        input for good, and the build for its replies)."""
        assert self.process.stdout is not None
        pending = bytearray()
        message = b""
        try:
            while chunk := self.process.stdout.read1(1 << 20):
                pending += chunk  # what came before holds no comma: no whole message
                if b"," not in chunk:
                    continue
                *messages, rest = pending.split(b",")
                pending = bytearray(rest)
                replies = []
                for message in messages:
                    replies.append(_reply(message))
                with self.answered:
                    self.replies.update(replies)
                    self.answered.notify_all()
        except OSError:  # its output closed: stopped
            pass
        except Exception:  # not one of its replies
            self.garbled = bytes(message or pending)[:200].decode("utf-8", "replace")
            self.process.kill()
        finally:
            with self.answered:
                self.ended = True
                self.answered.notify_all()

    def _failure(self) -> UserError:
        """Pagefind's failure, in its own words where it said any."""
        if self.garbled:
            return self._error(f"pagefind sent what is not a reply: {self.garbled!r}")
        try:
            status = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # its output closed, and it still runs
            self.process.kill()
            status = self.process.wait()
        self.log.seek(0)
        message = self.log.read().decode("utf-8", "replace").strip()[-500:]
        if status < 0:  # ended by a signal: another program's, or the system's short of memory
            ended = f"pagefind was ended by {_signal_name(-status)}"
            return self._error(f"{message} ({ended})" if message else ended, _ENDED)
        return self._error(message or f"pagefind ended with status {status}")

    def _error(self, detail: str, hint: str = "") -> UserError:
        return _search_error(detail, self.where, hint or _INSTALL)


def _reply(message: bytes) -> tuple[int, dict]:
    """A reply's message number and payload; a ValueError if `message` is not a reply. A
    reply to a message Pagefind could not read has no number but holds the message."""
    reply = json.loads(base64.b64decode(message, validate=True))
    payload = reply["payload"]
    if not isinstance(payload, dict):
        raise ValueError(f"not a reply: {reply!r}")
    number = reply.get("message_id")
    if number is None and payload.get("original_message"):
        number = json.loads(payload["original_message"])["message_id"]
    if not isinstance(number, int):
        raise ValueError(f"not a reply: {reply!r}")
    return number, payload


def _inside(path: str) -> bool:
    """Whether `path` names a file inside the folder it is relative to."""
    parts = PurePosixPath(path).parts
    return bool(parts) and not PurePosixPath(path).is_absolute() and ".." not in parts


# An element marked to be searched; a page's comments, scripts and styles (raw text,
# whatever tags it holds). Bytes, as the pages come: only the cut is decoded, and HTML's
# tag and attribute names are ASCII (its letters alone ignore case, its spaces alone part
# a tag's attributes), as in a bytes pattern
BODY_MARK = b"data-pagefind-body"
_BODY = re.compile(rb"<([a-zA-Z][\w-]*)\b[^>]*?\sdata-pagefind-body\b[^>]*>")
_RAW_TEXT = rb"<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>"
_SCRIPTS = re.compile(_RAW_TEXT, re.S | re.I)
# What Pagefind reads outside the searched parts too: metadata, filters, sort keys, weights
_READ_ANYWHERE = re.compile(rb"data-pagefind-(?!body|ignore)")
VOID = frozenset(b"area base br col embed hr img input link meta source".split())


def searched_parts(html: bytes) -> bytes | None:
    """`html` (UTF-8) cut down to what Pagefind indexes of it: its head without scripts and
    styles, and the elements marked `data-pagefind-body`. None where the page must be read
    whole: it marks no part, marks something else Pagefind reads, or its markup is not
    understood (an element left open). At 1,000 touchpoints this cuts 35 MB of pages to
    4 MB, in the build's process while it renders: on bytes, and so decoding the cut alone,
    in a third of the CPU it took on the decoded pages."""
    body_at = html.find(b"<body")
    if body_at < 0:
        return None
    parts: list[tuple[int, int]] = []
    at = html.find(BODY_MARK, body_at)
    while at >= 0:
        # the opening tag the mark is written in (a mark in a text is no element's)
        match = _BODY.match(html, html.rfind(b"<", body_at, at))
        if match and match.end() > at and not (parts and match.start() < parts[-1][1]):
            end = _element_end(html, match.group(1).lower(), match.end())
            if end is None:
                return None
            parts.append((match.start(), end))
        at = html.find(BODY_MARK, at + len(BODY_MARK))
    if not parts:
        return None
    bounds = [0, *(at for part in parts for at in part), len(html)]
    if any(
        _READ_ANYWHERE.search(html, a, b) and _READ_ANYWHERE.search(_SCRIPTS.sub(b"", html[a:b]))
        for a, b in zip(bounds[::2], bounds[1::2], strict=True)
    ):
        return None
    head = _SCRIPTS.sub(b"", html[:body_at])
    return head + b"<body>\n" + b"\n".join(html[a:b] for a, b in parts) + b"\n</body>\n</html>\n"


def _element_end(html: bytes, tag: bytes, start: int) -> int | None:
    """Where the element whose opening tag ends at `start` closes, past its closing tag."""
    if tag in VOID:
        return None
    depth = 1
    for match in _tags(tag).finditer(html, start):
        if match.group(1) is None:
            continue  # raw text, whatever it holds
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return None


@functools.cache
def _tags(tag: bytes) -> re.Pattern[bytes]:
    """The opening and closing tags of the element `tag`, and the raw texts among them."""
    return re.compile(_RAW_TEXT + rb"|<(/?)" + tag + rb"(?=[\s>/])[^>]*>", re.S | re.I)


def _pagefind(where: Path) -> Path:
    """The Pagefind binary, found as `python -m pagefind` finds it; run directly, as that would
    start a second Python only to exec it (0.1 s of CPU, 0.2-0.4 s of a build's wall time)."""
    try:
        from pagefind.service import get_executable  # imports asyncio: only when indexing
    except ImportError:
        raise _search_error("the Python package 'pagefind' is not installed", where) from None
    binary = get_executable()
    if binary is None:
        raise _search_error("the Pagefind binary was not found", where)
    return binary


def end_in_background() -> None:
    end_with_parent()
    os.nice(10)


_INSTALL = "install touchsite with its dependencies (pip install touchsite), which bring Pagefind"
_REFUSED = (
    "the page is as touchsite rendered it: please report this, with the page and the version "
    "of Pagefind (pip show pagefind)"
)


_ENDED = (
    "nothing in the project caused it: another program or the system (short of memory) ended "
    "Pagefind; build again (the last site is as it was)"
)


def _search_error(detail: str, where: Path, hint: str = _INSTALL) -> UserError:
    return UserError(
        f"the search index could not be built: {detail or 'pagefind failed'}", hint, where
    )


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
