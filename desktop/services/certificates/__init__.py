"""E-certificates (电子证照): look-up and use at the window, and the offline cache."""
