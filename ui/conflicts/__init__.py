"""The supervisor's conflicts screen (issue 14 item 4): what the platform said that the app did not apply."""
