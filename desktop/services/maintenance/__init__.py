"""Operations for IT: start-up data, db check, self-test, diagnostics, store recovery."""
