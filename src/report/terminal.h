/*
 * terminal.h: the summary a person reads at the end of a gate.
 */
#ifndef RSO_TERMINAL_H
#define RSO_TERMINAL_H

#include <stdio.h>

#include "report/results.h"

/*
 * Print the verdict to f.  At verbose 1 and above, first one line per
 * problem with its details and a count; at 2 and above, passing findings
 * too.
 */
void terminal_summary(FILE *f, const struct rso_results *r, int verbose);

#endif
