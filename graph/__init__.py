"""govties graph: records -> RDF -> validated store, plus the CLI."""
