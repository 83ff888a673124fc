"""What an archive run would do: moves and zip extractions planned against storage, nothing changed yet."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from config.archive import ArchiveSettings
from tasks.archive.rules import Rule, RuleError, compiled_rule, inside_root, rendered_target
from tasks.storage.base import Storage
from tasks.storage.content_hash import content_hash
from tasks.validation import InputError


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    rule: str


@dataclass
class Extraction:
    """One zip's members (target path -> bytes) that are not in place yet; the zip goes once all are."""

    zip_path: str
    rule: str
    members: dict[str, bytes] = field(default_factory=dict)
    blocked: bool = False  # a member's name is taken by a different file: keep the zip


@dataclass
class Plan:
    moves: list[Move] = field(default_factory=list)
    extractions: list[Extraction] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def move_rules(cfg: ArchiveSettings) -> list[tuple[Rule, str, bool]]:
    """Every move rule compiled and checked: (rule, folder, subfolders). Raises RuleError on a bad one."""
    return [
        (
            compiled_rule(r.name, r.pattern, r.output, cfg.roots),
            inside_root(r.folder, cfg.roots, f"archive rule '{r.name}': folder"),
            r.subfolders,
        )
        for r in cfg.rules
    ]


def planned_moves(storage: Storage, cfg: ArchiveSettings, plan: Plan) -> Plan:
    """Add a move for each file a rule matches; collisions and impossible dates become warnings."""
    claimed: set[str] = set()
    taken = {m.target.lower() for m in plan.moves}
    for rule, folder, subfolders in move_rules(cfg):
        candidates = storage.list(f"{folder}/*") + (storage.list(f"{folder}/*/*") if subfolders else [])
        for source in candidates:
            if source in claimed:
                continue
            try:
                target = rendered_target(rule, source.rsplit("/", 1)[-1])
                if target is None:
                    continue
                target = inside_root(target, cfg.roots, f"archive rule '{rule.name}': '{source}'")
            except ValueError as exc:
                plan.warnings.append(f"archive: '{source}' ({rule.name}): {exc}; left in place")
                continue
            except RuleError as exc:
                plan.warnings.append(f"{exc}; left in place")
                continue
            claimed.add(source)
            if target == source:
                continue
            # Dropbox paths ignore case, so a collision is checked case-insensitively everywhere.
            if target.lower() in taken or storage.exists(target):
                plan.warnings.append(f"archive: '{source}' -> '{target}': the target already exists; left in place")
                continue
            taken.add(target.lower())
            plan.moves.append(Move(source, target, rule.name))
    return plan


def planned_extractions(storage: Storage, cfg: ArchiveSettings, plan: Plan) -> Plan:
    """Open every matching zip now, so a broken zip or a wrong password stops the run before any change."""
    password = cfg.zip_password.get_secret_value().encode() if cfg.zip_password else None
    for z in cfg.zips:
        rule = compiled_rule(z.name, z.pattern, z.output.rstrip("/") + "/{name}", cfg.roots)
        folder = inside_root(z.folder, cfg.roots, f"zip rule '{z.name}': folder")
        if z.encrypted and password is None:
            raise RuleError(f"zip rule '{z.name}': encrypted zips need VTASKS_ARCHIVE__ZIP_PASSWORD in the environment")
        for path in storage.list(f"{folder}/*"):
            if rule.regex.fullmatch(path.rsplit("/", 1)[-1]):
                plan.extractions.append(_extraction(storage, cfg, z.name, z.output, path, password, plan.warnings))
    return plan


def _extraction(storage, cfg, rule: str, output: str, path: str, password, warnings: list[str]) -> Extraction:
    found = Extraction(path, rule)
    try:
        with zipfile.ZipFile(io.BytesIO(storage.read_bytes(path))) as archive:
            for info in (i for i in archive.infolist() if not i.is_dir()):
                name = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
                if name in ("", ".", ".."):
                    raise InputError(f"{path}: member {info.filename!r} has no usable file name")
                target = inside_root(f"{output.rstrip('/')}/{name}", cfg.roots, f"zip rule '{rule}': '{path}'")
                data = archive.read(info, pwd=password)
                if storage.exists(target):
                    if storage.metadata(target).content_hash != content_hash(data):
                        warnings.append(
                            f"archive: '{path}' member '{name}' -> '{target}': the target already "
                            "exists with other content; zip kept"
                        )
                        found.blocked = True
                    continue
                found.members[target] = data
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise InputError(f"{path}: not a readable zip file ({exc})") from None
    except RuntimeError as exc:  # zipfile's way of saying: encrypted, and no or a wrong password
        raise InputError(
            f"{path}: cannot decrypt ({exc}); expected the password in VTASKS_ARCHIVE__ZIP_PASSWORD"
        ) from None
    return found
