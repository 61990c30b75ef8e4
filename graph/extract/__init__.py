"""Proposing curated records from news articles: candidate ties, each with its evidence.

chrome (prose vs page furniture) -> gazetteer (the graph's names, spaCy
EntityRuler) -> mentions (new organisations and people) -> rules (cue
patterns per sentence) -> propose (a record in the curated format plus the
sentences behind every fact). evaluate scores proposals against gold records.
"""
