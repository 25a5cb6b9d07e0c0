"""Papers handed over at the counter: what each document says, and the record of every print."""
