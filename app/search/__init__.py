"""Full-text search words shared by the loader (which builds the index) and the site."""
