"""The query time limit for path searches (/paths, /neighbours, /ties, /view), as a dependency.

Searches stop themselves (graph.network.deadline): this opens the limit in the
request's context, which the handler's thread inherits, once the projection is
ready, so building the projection for a new store version counts against no search.
"""

from collections.abc import AsyncIterator

from fastapi import Depends, Request

from api.deps import Projection, settings
from graph.network.deadline import within


async def search_time_limit(request: Request, graph: Projection) -> AsyncIterator[None]:
    with within(settings(request).query_timeout):
        yield


SearchLimit = Depends(search_time_limit)
