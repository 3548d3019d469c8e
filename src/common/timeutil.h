/* Times as the Management API writes them: naive UTC ISO-8601
 * ("2015-04-02T09:46:06.106482" or "2021-03-12T14:47:45"), sometimes null. */
#ifndef PEXCON_TIMEUTIL_H
#define PEXCON_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>

/* Parse into seconds since the epoch (UTC). Accepts a date-time with 'T' or
 * ' ', optional fraction, optional 'Z' or +00:00 style offset (applied). */
bool time_parse_utc(const char *s, double *epoch);

/* Format as the API does, naive UTC; with microseconds when `micro`. */
void time_format_utc(double epoch, bool micro, char *buf, size_t size);

/* Seconds since the epoch now (CLOCK_REALTIME) and a monotonic clock. */
double time_now(void);
double time_monotonic(void);

/* Compact duration for a column: "42s", "3:07", "1:02:03", "3d04h". */
void duration_format(double seconds, char *buf, size_t size);

#endif
