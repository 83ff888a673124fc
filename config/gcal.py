"""Settings of the gcal subflow: the calendars, where their secret iCal addresses come from, outputs."""

from __future__ import annotations

import os
from typing import ClassVar

from dotenv import dotenv_values
from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from config.retry import RetryPolicy
from config.subflows import SubflowSettings


class CalendarConfig(BaseModel):
    """One calendar. Its address is read from the env var `url_env` (a secret) or given as `url`."""

    name: str = Field(min_length=1)
    colour: str = "#4285F4"
    main: bool = False
    url_env: str | None = None
    url: str | None = None

    def secret_url(self) -> SecretStr | None:
        """The feed address from the environment, else `.env`; None when neither has it."""
        if self.url:
            return SecretStr(self.url)
        if not self.url_env:
            return None
        value = os.environ.get(self.url_env) or dotenv_values(".env").get(self.url_env)
        if value:
            from tasks.ops.masking import register_secret

            register_secret(value)  # the address carries its token in the path
        return SecretStr(value) if value else None


class GcalPaths(BaseModel):
    events: str
    report: str
    state: str
    demo_dir: str
    # What the report reads instead of every event; written with the events.
    day_hours: str = "gcal/day_hours.parquet"
    title_counts: str = "gcal/title_counts.parquet"


class GcalSettings(SubflowSettings):
    """Calendars, expansion window and HTTP behaviour (`config/gcal.yaml`)."""

    yaml_name: ClassVar[str] = "gcal"
    model_config = SettingsConfigDict(env_prefix="VTASKS_GCAL__")

    calendars: list[CalendarConfig] = Field(min_length=1)
    timezone: str = "UTC"
    future_days: int = Field(7, ge=0, le=3660)
    http: RetryPolicy = RetryPolicy()
    paths: GcalPaths

    def model_post_init(self, context) -> None:
        super().model_post_init(context)
        for calendar in self.calendars:
            if calendar.url_env:  # registers the address read from the environment
                calendar.secret_url()

    @field_validator("calendars")
    @classmethod
    def _unique_names(cls, calendars: list[CalendarConfig]) -> list[CalendarConfig]:
        names = [c.name for c in calendars]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"calendar names must be unique; repeated: {', '.join(repeated)}")
        return calendars

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, zone: str) -> str:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(zone)
        except Exception:
            raise ValueError(f"unknown time zone {zone!r}") from None
        return zone
