"""What the web kinds (feed and URL) share: fetching the source's address with the validators
of its last fetch, so an unchanged one is answered 304 "not modified"."""

from __future__ import annotations

from articles.fetching import Fetcher, FetchResult
from articles.models import Source


def fetch_source(*, source: Source, fetcher: Fetcher | None) -> FetchResult:
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        return fetcher.get(
            source.url,
            etag=source.etag,
            last_modified=source.last_modified,
            accept="application/rss+xml, application/atom+xml, application/xml, text/html;q=0.9, */*;q=0.5",
        )
    finally:
        if own:
            fetcher.client.close()
