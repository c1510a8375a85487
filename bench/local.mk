# bench: benchmark targets
