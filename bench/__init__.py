"""The benchmark of ecociv: files to verdicts, floors, scaling, memory; prints figures.

Run with ``nox -s bench`` (``-- --quick`` for a smoke run, ``-- --big`` for ten
million rows, ``-- --profile`` for where the CSV path spends its time), or
``python -m bench`` from the repository root with ecociv and the dataframe
extra installed. Every figure is measured in this one run, side by side, and
printed with its target as a ratio and a PASS / MISS mark; the exit status is
0 whatever the marks say: this is a report, not a test.

- ``data``: the generated national data set and the files written from it;
- ``floors``: the columnar and numpy floors, the naive pint loop;
- ``measure``: medians of repeats taken in turns, child processes, peak RSS;
- ``worker``: one case in a fresh process (``python -m bench.worker``);
- ``sections``: the figures, section by section; ``table``: the printed table.
"""
