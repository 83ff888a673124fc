"""Per-subflow settings: one YAML each in `config/`, overridable by `VTASKS_<SUBFLOW>__<KEY>`."""

from __future__ import annotations

from typing import TypeVar

from pydantic import ValidationError
from pydantic_settings import SettingsConfigDict

from config.settings import YamlLayeredSettings


class ConfigError(Exception):
    """A subflow's setting is missing or invalid; the message names the subflow and the key."""


class SubflowSettings(YamlLayeredSettings):
    """Base for a subflow's settings. Subclasses set `yaml_name` to the subflow name."""

    model_config = SettingsConfigDict(env_file=".env", env_nested_delimiter="__", extra="ignore")


S = TypeVar("S", bound=SubflowSettings)


def load_subflow_settings(cls: type[S]) -> S:
    """Load one subflow's settings or raise ConfigError naming the subflow and each bad key."""
    try:
        return cls()
    except ValidationError as exc:
        problems = "; ".join(f"'{'.'.join(str(p) for p in err['loc'])}' {err['msg'].lower()}" for err in exc.errors())
        raise ConfigError(
            f"subflow '{cls.yaml_name}': invalid settings in {cls.yaml_name}.yaml or "
            f"{cls.model_config.get('env_prefix')}*: {problems}"
        ) from None
