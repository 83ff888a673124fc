"""Typed settings: environment variables over `.env` over `config/vtasks.yaml`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, ClassVar, Literal
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, Field, PositiveInt, SecretStr
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, YamlConfigSettingsSource

from config.masking import register_secret
from config.retry import RetryPolicy
from config.secret_blocks import PrefectSecretsSource


def known_zone(zone: str) -> str:
    """An IANA time zone name the system knows, as settings accept it."""
    try:
        ZoneInfo(zone)
    except Exception:
        raise ValueError(f"unknown time zone {zone!r}; expected a name like Europe/Madrid") from None
    return zone


TimeZoneName = Annotated[str, AfterValidator(known_zone)]

PATH_PACKAGE_CONFIG = Path(__file__).parent


def config_dir() -> Path:
    """Where the YAML files live: `VTASKS_CONFIG_DIR` (the user's own) or the packaged defaults."""
    return Path(os.environ.get("VTASKS_CONFIG_DIR") or PATH_PACKAGE_CONFIG)


def yaml_file(name: str) -> Path:
    """The YAML for `name`, falling back to the packaged default when the user's dir lacks it."""
    own = config_dir() / f"{name}.yaml"
    return own if own.exists() else PATH_PACKAGE_CONFIG / f"{name}.yaml"


class YamlLayeredSettings(BaseSettings):
    """Base for settings read from env, then `.env`, then one YAML file named by `yaml_name`."""

    yaml_name: ClassVar[str] = "vtasks"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        yaml_source = YamlConfigSettingsSource(settings_cls, yaml_file=yaml_file(cls.yaml_name))
        return init_settings, env_settings, dotenv_settings, PrefectSecretsSource(settings_cls), yaml_source

    def model_post_init(self, context) -> None:
        register_model_secrets(self)


def register_model_secrets(model: BaseModel) -> None:
    """Register every SecretStr the settings hold (nested models too), so messages mask them from now on."""
    for name in type(model).model_fields:
        value = getattr(model, name, None)
        for item in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(item, SecretStr):
                register_secret(item)
            elif isinstance(item, BaseModel):
                register_model_secrets(item)


class Settings(YamlLayeredSettings):
    """Settings shared by the whole pipeline. Subflow settings live in `config/subflows.py`."""

    model_config = SettingsConfigDict(env_prefix="VTASKS_", env_file=".env", extra="ignore")

    env: Literal["dev", "prod"] = "dev"
    data_dir: Path = Path("./data")
    storage: Literal["local", "dropbox"] | None = None
    profile: Literal["demo", "real"] | None = None
    locale: str = "en_GB"
    # The user's zone: run times on the home page, today's date for data ages, the digest's week.
    timezone: TimeZoneName = "Europe/Madrid"  # VTASKS_TIMEZONE
    # Per subflow: days after which its newest data shows "stale" on the home page.
    stale_after_days: dict[str, PositiveInt] = {}
    max_concurrency: int = Field(2, ge=1, le=16)
    # A history table may shrink by this share of its rows without losing a key (duplicates); see history_guard.
    shrink_max_drop: float = Field(0.2, ge=0.0, le=1.0)
    task_runner: str = "thread"  # or "dask" (flows/runners.py checks it before any subflow starts)
    dask_address: str | None = None  # an existing dask.distributed scheduler; none: a temporary local cluster
    enabled: list[str] | None = None

    dropbox_root: str = "/vtasks"
    dropbox_api_url: str | None = None
    dropbox_access_token: SecretStr | None = Field(None, validation_alias="DROPBOX_ACCESS_TOKEN")
    dropbox_refresh_token: SecretStr | None = Field(None, validation_alias="DROPBOX_REFRESH_TOKEN")
    dropbox_app_key: str | None = Field(None, validation_alias="DROPBOX_APP_KEY")
    dropbox_app_secret: SecretStr | None = Field(None, validation_alias="DROPBOX_APP_SECRET")
    # Big uploads need a longer timeout than an API call.
    dropbox_http: RetryPolicy = RetryPolicy(timeout_s=60)

    sheets: Literal["workbook", "gspread"] | None = None
    sheets_api_url: str | None = None
    # Per spreadsheet ("Money") or worksheet ("Money/Transactions"): how numbers typed as text read.
    sheets_number_formats: dict[str, Literal["plain", "spanish"]] = {}
    google_service_account_json: SecretStr | None = Field(None, validation_alias="GOOGLE_SERVICE_ACCOUNT_JSON")
    sheets_http: RetryPolicy = RetryPolicy()

    def model_post_init(self, context) -> None:
        super().model_post_init(context)
        from prefect.settings import PREFECT_API_KEY  # deferred: config, the bottom layer, loads without Prefect

        # Prefect's own key is not one of our fields, but a run's messages may carry it all the same.
        register_secret_value(PREFECT_API_KEY.value())

    @property
    def has_dropbox_credentials(self) -> bool:
        return bool(self.dropbox_access_token or (self.dropbox_refresh_token and self.dropbox_app_key))

    @property
    def storage_backend(self) -> str:
        """Dropbox when asked for or when its credentials are set; the local folder otherwise."""
        return self.storage or ("dropbox" if self.has_dropbox_credentials else "local")

    @property
    def sheets_backend(self) -> str:
        """Google Sheets (gspread) when asked for or when a service account is set; workbooks otherwise."""
        return self.sheets or ("gspread" if self.google_service_account_json else "workbook")

    @property
    def active_profile(self) -> str:
        """`demo` until a real source (Dropbox, Google Sheets) is configured, unless set explicitly."""
        real = self.storage_backend == "dropbox" or self.sheets_backend == "gspread"
        return self.profile or ("real" if real else "demo")


def register_secret_value(value) -> None:
    register_secret(value)


def load_settings(**overrides) -> Settings:
    """Build the settings; explicit overrides (from CLI options) win over every source."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
