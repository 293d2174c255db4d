"""HTTP plumbing below the views: the routes' declared rules, the response-header rule,
validators and caching, gzip, the Host check, and the front door that answers refusals,
304s and cached pages before routing."""
