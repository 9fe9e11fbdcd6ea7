/* A shared library that exports a symbol outside the cors_ prefix, so that
 * the exported_symbols check can be seen to catch a leak. */
int cors_fixture_visible(void);
int fixture_leaked_helper(void);

int cors_fixture_visible(void) { return 1; }

int fixture_leaked_helper(void) { return 2; }
