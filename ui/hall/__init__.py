"""The hall page: find a case of any window of the hall and continue it at this window."""
