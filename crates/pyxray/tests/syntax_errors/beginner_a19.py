'''unterminated
still
