"""Importing official FDA labels (DailyMed SPL XML, openFDA JSON) as medref monographs.

``import_files`` is the whole feature; the modules, in the order a label goes through them:

- ``detect``: finds the documents in the files named (XML, JSON, zips, zips in zips);
- ``spl`` / ``openfda``: read one label into the neutral ``label.Label``, with ``textify``
  turning markup into text;
- ``names`` and ``build``: name the monograph and write its Markdown;
- ``writer``: merges labels of one generic and writes files atomically;
- ``run``: ties them together, in worker processes for large batches.
"""

from __future__ import annotations

from .run import ImportReport, import_files

__all__ = ["ImportReport", "import_files"]
