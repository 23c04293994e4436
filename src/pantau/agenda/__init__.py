"""The institution's agenda and agenda-setting analysis.

- :mod:`pantau.agenda.items`: agenda items (each owns a topic), the institution's own
  accounts, YAML/CSV import and export;
- :mod:`pantau.agenda.calendar`: national holidays, commemorations and workspace dates;
- :mod:`pantau.agenda.salience`: attention to each item and issue per arena (own posts,
  news, public social media), per day, as shares, with sentiment;
- :mod:`pantau.agenda.stats`: rank-order correlation, cross-lagged correlation,
  stationarity and Granger tests, with plain-language explanations;
- :mod:`pantau.agenda.gaps`: what to push, what to answer, what is turning negative;
- :mod:`pantau.agenda.analysis`: ``agenda_report``, everything above for one period.
"""
