"""Column names of the cryptos outputs and the API paths their inputs come from."""

COL_MONTH = "month"
COL_COIN = "coin"
COL_PRICE = "price"
COL_MARKET_CAP = "market_cap"
COL_UNITS = "units"
COL_TOTAL = "total"

PRICE_COLUMNS = [COL_MONTH, COL_COIN, COL_PRICE, COL_MARKET_CAP]
BALANCE_COLUMNS = [COL_MONTH, COL_COIN, COL_UNITS]

PATH_MARKETS = "/api/v3/coins/markets"
PATH_MARKET_CHART = "/api/v3/coins/{coin}/market_chart/range"
PATH_BALANCE = "/0/private/Balance"

# CoinGecko's API key headers: a free demo key to the public URL, a paid key to the pro URL.
HEADER_DEMO_KEY = "x-cg-demo-api-key"
HEADER_PRO_KEY = "x-cg-pro-api-key"
PATH_PRICE_STATE = "_state/cryptos/prices.json"

from tasks.run.history_guard import History  # noqa: E402

PRICES_HISTORY = History("cryptos", (COL_MONTH, COL_COIN), date=COL_MONTH)
BALANCES_HISTORY = History("cryptos", (COL_MONTH, COL_COIN), date=COL_MONTH)
