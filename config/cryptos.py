"""Settings of the cryptos subflow: coins, currency, holdings, API URLs and Kraken credentials."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import SettingsConfigDict

from config.subflows import SubflowSettings
from tasks.http.client import RetryPolicy


class CryptosPaths(BaseModel):
    prices: str
    balances: str
    value: str
    report: str = "cryptos/cryptos.html"


class CryptosSettings(SubflowSettings):
    """Coins priced in `currency`, units held, and where prices, balances and values go."""

    yaml_name: ClassVar[str] = "cryptos"
    model_config = SettingsConfigDict(env_prefix="VTASKS_CRYPTOS__")

    currency: str = Field(pattern=r"^[a-z]{3,5}$")
    coins: list[str] = Field(min_length=1)
    holdings: dict[str, float] = {}
    kraken_assets: dict[str, str] = {}
    kraken_ignored: list[str] = []
    history_months: int = Field(24, ge=0, le=240)
    source: Literal["auto", "live", "recorded"] = "auto"
    coingecko_url: str
    kraken_url: str
    http: RetryPolicy = RetryPolicy()
    paths: CryptosPaths
    kraken_api_key: SecretStr | None = Field(None, validation_alias="KRAKEN_API_KEY")
    kraken_api_secret: SecretStr | None = Field(None, validation_alias="KRAKEN_API_SECRET")

    @property
    def has_kraken(self) -> bool:
        return bool(self.kraken_api_key and self.kraken_api_secret)
