"""HTTP plumbing below the views: the response-header rule, validators and caching, gzip,
the Host check, and the memory path that answers 304s and cached pages before the app."""
