/* backprop-cli-export.h: `backprop-cli export`, in a file of its own. */
#pragma once

/* argv[0] is "export". Returns the exit status: 0, 1 for bad input, 2 for
 * a usage error. */
int bp_cli_export (int argc, char **argv);
