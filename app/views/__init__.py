"""Views: HTTP routes that turn query results into view models for the templates."""
