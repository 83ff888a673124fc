"""The `vtasks.cryptos` subflow: monthly crypto prices, holdings and their value in one currency."""

from __future__ import annotations

from prefect import flow

from config.cryptos import CryptosSettings
from config.subflows import load_subflow_settings
from flows.contract import Sources, Subflow, SubflowOutput
from flows.naming import RunInfo, subflow_run_name
from reports.cryptos import cryptos_report
from reports.page_step import Page
from tasks.clients import Clients
from tasks.cryptos.demo import demo_files
from tasks.cryptos.sources import build_crypto_sources
from tasks.cryptos.steps import extract_cryptos
from tasks.run.fingerprint import Inputs, api_inputs
from tasks.run.history_guard import guard_for
from tasks.run.masked_output import masked_errors
from tasks.write_back.steps import write_back_cryptos


@flow(name="vtasks.cryptos", flow_run_name=subflow_run_name, validate_parameters=False)
@masked_errors  # the failed state keeps a masked message
def cryptos(clients: Clients, run: RunInfo) -> SubflowOutput:
    cfg = load_subflow_settings(CryptosSettings)
    sources = build_crypto_sources(cfg, clients.storage, clients.settings.active_profile, run.date)
    extracted = extract_cryptos(sources, clients.storage, cfg, run.date, guard_for(run, clients.settings))
    rebuilt = SUBFLOW.render(clients, run, cfg)
    if cfg.write_back is not None:  # after the tables: a bad target fails the run with its data kept
        write_back_cryptos(clients.sheets, clients.storage, cfg, run.date)
    return SubflowOutput.of(extracted, reports=rebuilt)


def cryptos_inputs(clients: Clients, run: RunInfo) -> Inputs:
    return api_inputs(load_subflow_settings(CryptosSettings), clients.settings.active_profile)


def cryptos_page(cfg: CryptosSettings, run: RunInfo, locale: str) -> Page:
    paths = cfg.paths
    inputs = (paths.prices, paths.balances, paths.value)
    build = lambda t: cryptos_report(*(t[p] for p in inputs), cfg.coins, cfg.currency, locale, run.generated_at)  # noqa: E731
    return Page(
        paths.report, inputs, build, extra={"locale": locale, "coins": ",".join(cfg.coins), "currency": cfg.currency}
    )


SUBFLOW = Subflow(
    "cryptos",
    cryptos,
    "Crypto prices (CoinGecko), holdings (Kraken, config) and their monthly value",
    settings=CryptosSettings,
    inputs=cryptos_inputs,
    reports=(cryptos_page,),
    demo=demo_files,
    sources=lambda cfg: Sources(
        urls={k: getattr(cfg, k) for k in ("coingecko_url", "coingecko_pro_url", "kraken_url")}
    ),
)
