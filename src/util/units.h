/*
 * units.h: the values users write in configs: durations, percentages and
 * fractions, timestamps.  Each parser returns 0 and sets *out, or -1 and
 * leaves *out unchanged; callers turn -1 into a positioned message.
 */
#ifndef RSO_UNITS_H
#define RSO_UNITS_H

#include <stdint.h>
#include <time.h>

/* "90s", "15m", "26h", "7d", "2w" (a bare number means seconds). */
int units_duration(const char *s, double *out_seconds);

/*
 * "20%" is 0.2; a bare number is taken as a fraction when allow_bare is
 * set ("0.2" is 0.2).  Negative values are refused.
 */
int units_fraction(const char *s, int allow_bare, double *out);

/* A finite decimal number, the whole string. */
int units_number(const char *s, double *out);

/*
 * ISO 8601 date or date-time ("2026-11-01", "2026-11-01T06:00:00Z",
 * "...+02:00", fractional seconds allowed; a date-time without a zone is
 * UTC) or epoch seconds.  Sets seconds since the epoch, UTC.
 */
int units_timestamp(const char *s, double *out);

/* Format t (epoch seconds) as "YYYY-MM-DDTHH:MM:SS" with a Z when zone. */
void units_format_time(char out[32], double t, int zone);

/* Format a duration as the largest whole unit that reads well: "2d 3h". */
void units_format_duration(char out[32], double seconds);

#endif
