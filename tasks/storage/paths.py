"""Storage paths: relative ones live under the storage root, absolute ones (leading `/`) anywhere in it.

`/Aplicaciones/pixel/bmw_history.txt` is that Dropbox path whatever `VTASKS_DROPBOX_ROOT` is; on local
storage the data dir stands for the top of the Dropbox, so it is `<data dir>/Aplicaciones/pixel/...`.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass

TOP = "/"  # the top of an absolute namespace, as a folder


class PathError(ValueError):
    """Not a usable storage path; the message names it."""


def normalize_path(path: str) -> str:
    """The canonical `a/b/c.ext` (under the root) or `/a/b/c.ext` (absolute) form; no `..`, no empty path."""
    text = str(path).replace("\\", "/")
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        raise PathError(f"'{path}': expected a path like 'folder/file.ext' or '/Dropbox/folder/file.ext'")
    return ("/" if text.startswith("/") else "") + "/".join(parts)


def is_absolute(path: str) -> bool:
    return str(path).startswith("/")


def parent(path: str) -> str:
    """The folder holding a normalized path: "" for a file under the root, TOP for one at the very top."""
    folder = path.rsplit("/", 1)[0] if "/" in path else ""
    return TOP if folder == "" and is_absolute(path) else folder


def normalize_folder(folder: str) -> str:
    """A folder as `list`, the snapshot and the backends take it: "" (the root), TOP, or a normalized path."""
    if folder in ("", TOP):
        return folder
    return normalize_path(folder)


@dataclass(frozen=True)
class Folder:
    """A folder a run lists once: with its subfolders (`recursive`) or only its own files."""

    path: str
    recursive: bool = False


def pattern_folder(pattern: str) -> Folder:
    """The one folder listing that answers a glob: `a/*.csv` needs `a`, `a/**` or `a/*/x` all of `a`."""
    if pattern in ("*", "**"):
        return Folder("", True)
    head = pattern.split("*", 1)[0].split("?", 1)[0].split("[", 1)[0].split("{", 1)[0]
    folder = head.rsplit("/", 1)[0] if "/" in head else ""
    if folder == "" and is_absolute(pattern):
        folder = TOP
    rest = pattern[len(folder) :].lstrip("/")
    return Folder(normalize_folder(folder), "/" in rest or "**" in rest)


def folders_used(paths: Iterable[str]) -> tuple[Folder, ...]:
    """The listings that cover every path, glob or `{year}` template given, each folder once.

    A file needs its folder; a glob its folder (with subfolders when it reaches into them); a template
    the folder above its first placeholder, with subfolders. A folder inside a recursive one is dropped.
    """
    specs = [
        pattern_folder(p) if any(c in p for c in "*?[{") else Folder(parent(normalize_path(p))) for p in paths if p
    ]
    return merged_folders(specs)


def merged_folders(folders: Iterable[Folder]) -> tuple[Folder, ...]:
    """Each folder once (recursive if any asks so), without those a recursive listing above covers."""
    wanted: dict[str, Folder] = {}
    for spec in folders:
        known = wanted.get(spec.path.lower())
        wanted[spec.path.lower()] = Folder(spec.path, spec.recursive or bool(known and known.recursive))
    kept = [
        f
        for key, f in wanted.items()
        if not any(o.recursive and covers(o, f.path) for other, o in wanted.items() if other != key)
    ]
    return tuple(sorted(kept, key=lambda f: f.path.lower()))


def covers(listing: Folder, folder: str) -> bool:
    """Whether `listing` holds every file directly in `folder`."""
    mine, other = listing.path.lower(), folder.lower()
    if mine == other:
        return True
    if not listing.recursive or is_absolute(mine) != is_absolute(other):
        return False
    return mine in ("", TOP) or other.startswith(mine + "/")


def glob_match(path: str, pattern: str) -> bool:
    """Case-insensitive, as Dropbox is; `*` stays within a folder, `**` crosses folders."""
    if pattern in ("*", "**"):
        return not is_absolute(path)  # everything under the root, as before absolute paths existed
    if "**" in pattern:
        return fnmatch.fnmatchcase(path.lower(), pattern.replace("**/", "*").replace("**", "*").lower())
    return path.count("/") == pattern.count("/") and fnmatch.fnmatchcase(path.lower(), pattern.lower())
