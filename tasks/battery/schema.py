"""The fields of a "3C Battery Manager" export (`bmw_history.txt`) and the columns of `battery.parquet`."""

COL_TIME = "time"  # naive UTC
COL_LEVEL = "level"  # integer percent
COL_TEMPERATURE = "temperature"  # degrees Celsius
COL_CURRENT = "current_ma"  # negative while discharging
COL_VOLTAGE = "voltage_mv"
COL_PLUGGED = "plugged"  # as the app writes it: ac, unplugged, usb, wireless...
COL_SCREEN = "screen"  # on / off
COL_CHANGE = "change"  # kept as given: its meaning is not documented
COL_RESTART = "restart"  # kept as given

# The stored log, in this order and with these dtypes (nullable where the 2023 history may lack a value).
LOG_DTYPES = {
    COL_TIME: "datetime64[ms]",
    COL_LEVEL: "int64",
    COL_TEMPERATURE: "float64",
    COL_CURRENT: "Int64",
    COL_VOLTAGE: "Int64",
    COL_PLUGGED: "str",
    COL_SCREEN: "str",
    COL_CHANGE: "str",
    COL_RESTART: "str",
}
LOG_COLUMNS = list(LOG_DTYPES)

# The export has no header: fields by zero-based position (field 0 and those past 9 are not used).
EXPORT_FIELDS = {
    1: COL_LEVEL,
    2: COL_CURRENT,
    3: COL_CHANGE,
    4: COL_TEMPERATURE,
    5: COL_VOLTAGE,
    6: COL_PLUGGED,
    7: COL_SCREEN,
    8: COL_RESTART,
    9: COL_TIME,
}
MIN_FIELDS = 10

SCREEN_VALUES = ("on", "off")

# `battery.parquet` as the 2023 pipeline wrote it: its column names for ours.
LEGACY_COLUMNS = {
    "time": COL_TIME,
    "battery": COL_LEVEL,
    "temperature": COL_TEMPERATURE,
    "mA": COL_CURRENT,
    "mV": COL_VOLTAGE,
    "plugged": COL_PLUGGED,
    "screen": COL_SCREEN,
    "change": COL_CHANGE,
    "restart": COL_RESTART,
}

from tasks.run.history_guard import History  # noqa: E402

LOG_HISTORY = History("battery", (COL_TIME,), kind="append", date=COL_TIME)  # exports only ever add readings
