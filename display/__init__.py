"""Progress arranged and drawn for reading, by every page that shows it: the signed-in
dashboard (dashboard/) and the public site (public/).

`selectors.py` arranges indicators/progress.py's results for a page; `charts.py` draws
them as plotly charts. Neither renders a page nor knows who asks: a page decides which
rows and years go in (the public site passes published years only).
"""
