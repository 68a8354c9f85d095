"""Web pages, one module per feature. Views stay thin: rows come from the scoped querysets
(``visible_to`` / ``editable_by``) or :class:`~loa.org.access.Scope`, figures from
:mod:`loa.plans.dashboard`, writes from the domain's own functions (the activity writer, the
importer). HTTP helpers shared by the pages live in :mod:`loa.web.views.http`.

* :mod:`.auth` sign in and out; :mod:`.home` home and "my unit"; :mod:`.plans` plan pages;
  :mod:`.assignments`; :mod:`.activities` recording and evidence; :mod:`.spreadsheets` the
  .xlsx template, import and export; :mod:`.plan_import` "Nhập kế hoạch"; :mod:`.jobs`
  background work's progress; :mod:`.units` the unit directory; :mod:`.errors` error pages and
  the health check.
"""
