"""The map and the timeline: agreements by country, pair of countries and date.

Both views answer one question from two sides (which agreements, where and when),
so they share one reading of the agreements (agreements.py) and one set of
filters; world.py aggregates it per country and pair, timeline.py per date.
"""
