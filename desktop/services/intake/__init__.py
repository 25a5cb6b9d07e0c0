"""Window intake (窗口受理): drafts, the checklist, applicants, the four decisions, acceptance numbers."""
