"""The fault campaign (issue 16 #8): seeded kill -9 points, full disks, flipped bytes, malformed replies.

``python -m tests.faults --seed 7 --runs 30`` runs a bigger campaign on demand and prints its figures;
``tests/integration/test_fault_campaign.py`` runs a bounded one in the suite.
"""
