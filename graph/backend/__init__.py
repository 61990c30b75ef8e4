"""Where the graph lives: the embedded pyoxigraph store (the default) or a remote SPARQL 1.1
engine reached by the SPARQL 1.1 Protocol and the Graph Store Protocol (docs/BACKENDS.md).

Callers keep one interface: a store handle with pyoxigraph's read methods (query,
quads_for_pattern, named_graphs, contains_named_graph, len), opened per store version
by graph.backend.embedded.open_version_dir, whichever backend the version is on.
"""
