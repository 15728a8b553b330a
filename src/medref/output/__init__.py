"""Everything medref prints, in one place.

- ``document``: the typed document every command's text output is made of;
- ``build``: the builders, from the model and the core's results to documents;
- ``payloads``: every ``--json`` payload, its schema version and JSON Schema;
- ``plain`` and ``styled``: the two writers of a document (pipes; terminals, via Rich);
- ``console``: where output goes: stdout, the pager, stderr messages, terminal settings;
- ``progress``: the one progress bar.

Nothing here imports the CLI; the CLI imports from here. Rich is imported only by
``styled`` and ``progress``, and only when they run.
"""
