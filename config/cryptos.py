"""Settings of the cryptos subflow: coins, currency, holdings, API URLs, the CoinGecko plan and credentials."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from config.retry import RetryPolicy
from config.subflows import SubflowSettings

# CoinGecko serves keyless and demo callers the past 365 days of history only (401 past that).
PUBLIC_HISTORY_DAYS = 365


class CryptosPaths(BaseModel):
    prices: str
    balances: str
    value: str
    report: str = "cryptos/cryptos.html"
    # Older prices (`date,coin,price`), merged where CoinGecko gave none; absent is fine.
    price_import: str = "cryptos/import/prices.csv"


class CryptosSettings(SubflowSettings):
    """Coins priced in `currency`, units held, and where prices, balances and values go."""

    yaml_name: ClassVar[str] = "cryptos"
    model_config = SettingsConfigDict(env_prefix="VTASKS_CRYPTOS__")

    currency: str = Field(pattern=r"^[a-z]{3,5}$")
    coins: list[str] = Field(min_length=1)
    holdings: dict[str, float] = {}
    kraken_assets: dict[str, str] = {}
    kraken_ignored: list[str] = []
    # Days of price history wanted; keyless and demo callers get at most the PUBLIC_HISTORY_DAYS CoinGecko serves.
    history_days: int = Field(PUBLIC_HISTORY_DAYS, ge=0, le=36_600)
    source: Literal["auto", "live", "recorded"] = "auto"
    coingecko_url: str
    coingecko_pro_url: str = "https://pro-api.coingecko.com"
    # With COINGECKO_API_KEY: `demo` (free key, public URL) or `pro` (paid key, pro URL). Keyless without it.
    coingecko_plan: Literal["demo", "pro"] = "demo"
    coingecko_api_key: SecretStr | None = Field(None, validation_alias="COINGECKO_API_KEY")
    kraken_url: str
    http: RetryPolicy = RetryPolicy()
    paths: CryptosPaths
    kraken_api_key: SecretStr | None = Field(None, validation_alias="KRAKEN_API_KEY")
    kraken_api_secret: SecretStr | None = Field(None, validation_alias="KRAKEN_API_SECRET")

    @model_validator(mode="after")
    def _pro_needs_a_key(self):
        if self.coingecko_plan == "pro" and not self.coingecko_api_key:
            raise ValueError("coingecko_plan 'pro' needs COINGECKO_API_KEY set")
        return self

    @property
    def coingecko_tier(self) -> str:
        """`keyless`, `demo` or `pro`: who CoinGecko sees calling."""
        return self.coingecko_plan if self.coingecko_api_key else "keyless"

    @property
    def served_history_days(self) -> int:
        """The history asked for: `history_days`, capped at what keyless and demo callers are served."""
        limit = None if self.coingecko_tier == "pro" else PUBLIC_HISTORY_DAYS
        return self.history_days if limit is None else min(self.history_days, limit)

    @property
    def has_kraken(self) -> bool:
        return bool(self.kraken_api_key and self.kraken_api_secret)
