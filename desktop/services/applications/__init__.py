"""Applications (办件) as read by screens, papers and sync: the list queries, one case loaded, its views."""
