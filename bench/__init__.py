"""Benchmarks of Arobase (not tests: nothing here asserts a timing). `python -m bench` runs them all
with moderate sizes and prints each figure next to its reference; each script also runs alone
(`bench/edition.py`, `bench/sheets_fill.py`, `bench/broadcast.py`, `bench/collectivity_search.py`,
`bench/review.py`, `python -m faq.bench`)."""
