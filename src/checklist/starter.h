/*
 * starter.h: a starter checklist, wired to the checks a config has.
 *
 * Every rubric test gets a commented title; a test whose 'kinds' match
 * checks of the config gets '{ check: [...] }' evidence, the others a
 * commented-out manual attestation to fill in.  The text loads with
 * checklist_parse() against the same rubric.
 */
#ifndef RSO_STARTER_H
#define RSO_STARTER_H

#include "checklist/rubric.h"
#include "config/config.h"
#include "util/buf.h"

/* Append the starter checklist for cfg and rubric r to out. */
void checklist_starter(struct rso_buf *out, const struct rso_config *cfg,
                       const struct rubric *r);

#endif
