/*
 * terminal.h: the summary a person reads at the end of a gate.
 */
#ifndef RSO_TERMINAL_H
#define RSO_TERMINAL_H

#include <stdio.h>

#include "report/results.h"

/*
 * Print one line per finding (problems with their details when verbose
 * is at least 1) and the verdict to f.  Passing findings are listed only
 * when verbose is 2 or more.
 */
void terminal_summary(FILE *f, const struct rso_results *r, int verbose);

#endif
