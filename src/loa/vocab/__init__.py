"""loa.vocab — the domain's shared vocabulary, in plain Python (no Django), for every layer:
the document parser as much as the models, forms, spreadsheets, dashboards and the API.

* :mod:`loa.vocab.channels` — the channels a unit publishes on, their names and synonyms, the
  families of channels a plan names, and the usual channels of each unit kind.
"""
