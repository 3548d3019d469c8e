/* Times as the Management API writes them: naive UTC ISO-8601
 * ("2015-04-02T09:46:06.106482" or "2021-03-12T14:47:45"), sometimes null. */
#ifndef PEXCON_TIMEUTIL_H
#define PEXCON_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>

/* Parse into seconds since the epoch (UTC). Accepts a date-time with 'T' or
 * ' ', optional fraction, optional 'Z' or +00:00 style offset (applied). */
bool time_parse_utc(const char *s, double *epoch);

/* Epochs time_format_utc() can write: years 0001 to 9999. */
#define TIME_EPOCH_MIN (-62135596800.0) /* 0001-01-01T00:00:00 */
#define TIME_EPOCH_MAX 253402300800.0   /* 10000-01-01T00:00:00 */
bool time_epoch_in_range(double epoch);

/* Format as the API does, naive UTC; with microseconds when `micro`.
 * An epoch outside the range above (or NaN) writes "" and returns false:
 * callers turning user input into a time must treat that as invalid. */
bool time_format_utc(double epoch, bool micro, char *buf, size_t size);

/* Seconds since the epoch now (CLOCK_REALTIME) and a monotonic clock. */
double time_now(void);
double time_monotonic(void);

/* Compact duration for a column: "42s", "3:07", "1:02:03", "3d04h";
 * ">100y" from DURATION_MAX_S up (a server's 1e300 or infinity), "" for
 * NaN, "0s" for negative values. */
#define DURATION_MAX_S (100.0 * 365.25 * 86400.0)
void duration_format(double seconds, char *buf, size_t size);

#endif
