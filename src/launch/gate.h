/*
 * gate.h (launch): the launch forecast as a part of the gate.
 *
 * With a `launches:` mapping in the config, the gate adds a testsuite
 * "launches" with one testcase per upcoming item within the horizon
 * (classname recsysops.launches.upcoming, name the item's key): a
 * blocking failure for an at-risk item launching within block_within, a
 * warning failure for any other at-risk item, a pass for the rest.  The
 * failure text holds the prediction, the interval, the threshold, the
 * reasons, the comparable launches and the suggested fixes; the
 * launches' `hotfix` entries are attached as suggested hotfixes.  When
 * the forecast cannot run (a bad setting or unusable data) one error
 * testcase named "launches" says why.
 */
#ifndef RSO_LAUNCH_GATE_H
#define RSO_LAUNCH_GATE_H

#include "check/check.h"

/* Add the launch findings to run's results; nothing without launches. */
void launch_gate(struct rso_run *run);

#endif
