"""The columns of a "3C Battery Manager" export (headerless CSV) and of `battery.parquet`."""

from tasks.validation import Column

COL_TIME = "time"
COL_LEVEL = "level"
COL_TEMPERATURE = "temperature"
COL_CURRENT = "current_ma"
COL_VOLTAGE = "voltage_mv"
COL_PLUGGED = "plugged"
COL_SCREEN = "screen"

# In file order; the export has no header row, so these names are ours.
EXPORT_COLUMNS = [
    Column(COL_TIME, "int", minimum=0),  # epoch milliseconds
    Column(COL_LEVEL),  # "NN%"
    Column(COL_TEMPERATURE, "float"),  # degrees Celsius
    Column(COL_CURRENT, "int"),  # negative while discharging
    Column(COL_VOLTAGE, "int", minimum=0),
    Column(COL_PLUGGED, blank=""),
    Column(COL_SCREEN),  # "on" or "off"
]

SCREEN_VALUES = ("on", "off")
