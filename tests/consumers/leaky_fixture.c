/* A shared library that exports an internal cors__ symbol and one outside
 * the cors_ prefix, so that the exported_symbols check can be seen to
 * catch both kinds of leak. */
int cors_fixture_visible(void);
int cors__fixture_internal(void);
int fixture_leaked_helper(void);

int cors_fixture_visible(void) { return 1; }

int cors__fixture_internal(void) { return 2; }

int fixture_leaked_helper(void) { return 3; }
