"""Where messages leave a run: log records and exceptions, masked by the registered secrets.

`masked_errors` wraps the root flow, every subflow and every step: it installs the log filter when the
run starts (never at import) and masks what they raise, so Prefect's failed states are masked already.
"""

from __future__ import annotations

import functools
import logging
import traceback

from config.masking import mask, registered


class SecretFilter(logging.Filter):
    """Rewrites a record's message (arguments and traceback included) with secrets masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not registered() or getattr(record, "_vtasks_masked", False):
            return True
        try:
            text = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record: mask what it carries as is
            text = str(record.msg)
        if record.exc_info and record.exc_info[1] is not None:
            text += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
        elif record.exc_text:
            text += "\n" + record.exc_text
        if record.stack_info:
            text += "\n" + record.stack_info
        masked = mask(text)
        if masked != text or record.exc_info or record.exc_text:
            record.msg, record.args = masked, ()
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        record._vtasks_masked = True
        return True


FILTER = SecretFilter()


def install_log_masking() -> None:
    """Put the filter on every handler (Prefect's API and console handlers, root's) and on every logger.

    A filter on a logger alone misses records propagated from its children, so handlers get it too.
    Idempotent; handlers added later by Prefect are covered on the next call."""
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    for logger in loggers:
        if FILTER not in logger.filters:
            logger.addFilter(FILTER)
        for handler in logger.handlers:
            if FILTER not in handler.filters:
                handler.addFilter(FILTER)


def mask_exception(exc: BaseException) -> BaseException:
    """Mask an exception's message in place (its chain too); its type, and so `except` clauses, stay."""
    seen: set[int] = set()
    current = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        _mask_one(current)
        current = current.__cause__ or current.__context__
    return exc


def _mask_one(exc: BaseException) -> None:
    try:
        text = str(exc)
    except Exception:  # noqa: BLE001
        return
    if mask(text) == text:
        return
    exc.args = tuple(mask(a) if isinstance(a, str) else mask(repr(a)) if _leaks(a) else a for a in exc.args)
    if mask(str(exc)) != str(exc):
        # A type whose __str__ does not come from args (SDK errors holding a response): give it a masked one.
        masked, cls = mask(text), type(exc)
        try:
            exc.__class__ = type(cls.__name__, (cls,), {"__str__": lambda self: masked, "__module__": cls.__module__})
        except TypeError:
            exc.args = (masked,)


def _leaks(value) -> bool:
    text = repr(value)
    return mask(text) != text


def masked_errors(fn):
    """Re-raise what `fn` raises with its message masked (wraps steps and subflows, keeps signatures)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        install_log_masking()  # a subflow or step run on its own (a deployment) masks its logs too
        try:
            return fn(*args, **kwargs)
        except BaseException as exc:
            mask_exception(exc)
            raise

    return wrapper
