"""Proposing curated records from news articles: candidate ties, each with its evidence.

chrome (prose vs page furniture) -> gazetteer, countries, nlp (the graph's
names and every country, spaCy EntityRuler) -> entities, new_names, mentions
(new organisations and people) -> rules, cues, sentence, role_rules,
setting_rules (cue patterns per sentence) -> propose, proposal (a record in the
curated format plus the sentences behind every fact). service is the one entry
point of the command line and POST /extract; evaluate scores proposals against
gold records.
"""
