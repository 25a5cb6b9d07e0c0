"""Printed papers and reports (reportlab). Importing any part installs the Chinese line-breaking
rules (:mod:`printing.line_breaking`) before any paragraph is broken into lines, so a paper or a
report breaks the same way whatever was printed before it in the process."""
from printing import line_breaking as _line_breaking

_line_breaking.install()
