"""Settings of the gcal subflow: the calendars, where their secret iCal addresses come from, outputs."""

from __future__ import annotations

import os
from typing import ClassVar

from dotenv import dotenv_values
from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from config.masking import register_secret
from config.retry import RetryPolicy
from config.settings import TimeZoneName
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
            register_secret(value)  # the address carries its token in the path
        return SecretStr(value) if value else None


class ConfusionCheck(BaseModel):
    """The "title in several calendars" check: flag a title only where its minority calendars' share of its
    events is under `max_share` (a slip, not a choice), leaving out the calendars in `exclude`."""

    max_share: float = Field(0.10, gt=0, le=1)
    exclude: list[str] = []


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
    timezone: TimeZoneName = "UTC"
    future_days: int = Field(7, ge=0, le=3660)
    http: RetryPolicy = RetryPolicy()
    confusion: ConfusionCheck = ConfusionCheck()
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

    @model_validator(mode="after")
    def _known_excluded(self) -> GcalSettings:
        unknown = sorted(set(self.confusion.exclude) - {c.name for c in self.calendars})
        if unknown:
            raise ValueError(f"confusion.exclude names calendars not configured: {', '.join(unknown)}")
        return self
