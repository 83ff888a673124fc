"""A settings source that fills secret fields from Prefect Secret blocks, when asked to.

With `VTASKS_PREFECT_SECRETS=true`, a secret setting missing from the environment and `.env` is read
from the Secret block named after its variable: `DROPBOX_REFRESH_TOKEN` -> block `dropbox-refresh-token`.
"""

from __future__ import annotations

import os
from typing import Any, get_args

from pydantic import SecretStr
from pydantic.fields import FieldInfo
from pydantic_settings import PydanticBaseSettingsSource

ENV_ENABLE = "VTASKS_PREFECT_SECRETS"


def block_name(variable: str) -> str:
    return variable.lower().replace("_", "-")


def _is_secret(field: FieldInfo) -> bool:
    return field.annotation is SecretStr or SecretStr in get_args(field.annotation)


class PrefectSecretsSource(PydanticBaseSettingsSource):
    """Looks up only secret fields, and only when enabled, so plain runs never touch the Prefect API."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        if os.environ.get(ENV_ENABLE, "").lower() not in ("1", "true", "yes"):
            return {}
        from prefect.blocks.system import Secret  # deferred: config loads without Prefect unless blocks are on

        prefix = self.settings_cls.model_config.get("env_prefix", "")
        found = {}
        for name, field in self.settings_cls.model_fields.items():
            if not _is_secret(field):
                continue
            variable = field.validation_alias if isinstance(field.validation_alias, str) else f"{prefix}{name}"
            try:
                found[variable if isinstance(field.validation_alias, str) else name] = Secret.load(
                    block_name(variable)
                ).get()
            except ValueError:  # no such block: the setting stays unset
                continue
        return found
