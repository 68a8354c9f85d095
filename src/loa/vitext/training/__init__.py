"""Building the models of :mod:`loa.vitext` (``make model``): code the running text engine never
imports (a test keeps it so).

* :mod:`.train_lm` — ``python -m loa.vitext.training.train_lm``: the syllable n-gram language
  model (``ngram.npz``) from the VNTC corpus.
* :mod:`.render_pages` — ``python -m loa.vitext.training.render_pages``: the OCR channel model
  (``channel.json.gz``) from pages of corpus text rendered with Debian's fonts and read back
  with ``tesseract -l eng`` (to learn the damage; reading scans is
  :mod:`loa.documents.read.tesseract`).
* :mod:`.align` — the token pairs of a rendered page and what the OCR read.
* :mod:`.corpus` — the corpus and its held-out split (also used by ``benchmarks.vitext``).

Nothing here is imported on import of this package: each command loads what it needs.
"""
