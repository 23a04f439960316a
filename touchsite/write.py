"""Write stage: put the rendered files in place, all or nothing."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_site(
    files: dict[str, bytes], out_dir: Path, finish: Callable[[Path], None] | None = None
) -> None:
    """Write into a temporary sibling folder, then swap it in for `out_dir`.

    `finish` runs on the complete temporary folder first (the search index is built from the
    written pages); if it fails, the previous site stays untouched like on any other failure.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    try:
        for relative, content in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        if finish is not None:
            finish(staging)
        staging.chmod(0o755)
        if out_dir.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-", dir=out_dir.parent))
            retired.rmdir()
            out_dir.rename(retired)
            staging.rename(out_dir)
            shutil.rmtree(retired)
        else:
            staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
