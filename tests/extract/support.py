"""What the rule tests share: the record proposed for one short invented article, read with
the seed records' gazetteer (the `seeds` fixture) and published on one fixed day, so that
relative dates ("on Thursday") resolve the same in every test."""

from datetime import date

from graph.extract.propose import propose

PUBLISHED = date(2024, 5, 10)


def proposed(seeds, text: str, published: date | None = PUBLISHED) -> dict:
    return propose(text, *seeds, published=published).record
