"""govties HTTP service: SPARQL 1.1 endpoint, path queries and the graph view."""
