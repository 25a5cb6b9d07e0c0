"""The official form of the papers (document numbers, legal basis, clauses): data, not code."""
