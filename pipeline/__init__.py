"""huiwu (會務): a meeting's print pack from one Excel workbook."""

__version__ = "0.1.0"
