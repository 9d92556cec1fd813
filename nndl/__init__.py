"""What the course gives learners ready-made, so that they never have to write it.

- ``nndl.dnn_utils``: sigmoid / relu and their backward versions (week 4).
- ``nndl.dnn_app_utils``: the week-4 application's building blocks, loader and ``predict``.
- ``nndl.lr_utils``: the week-2 cat loader.
- ``nndl.planar_utils``: the week-3 data sets and decision-boundary plot.

Nothing here is graded; the graded functions live in ``solutions/`` (reference) and
``exercises/`` (stubs).
"""
