#include "common/timeutil.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool read_digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return false;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return true;
}

static bool expect(const char **p, char c)
{
    if (**p != c)
        return false;
    (*p)++;
    return true;
}

bool time_parse_utc(const char *s, double *epoch)
{
    if (!s)
        return false;
    const char *p = s;
    int y, mo, d, h = 0, mi = 0, sec = 0;
    if (!read_digits(&p, 4, &y) || !expect(&p, '-') || !read_digits(&p, 2, &mo) ||
        !expect(&p, '-') || !read_digits(&p, 2, &d))
        return false;
    if (*p == 'T' || *p == ' ') {
        p++;
        if (!read_digits(&p, 2, &h) || !expect(&p, ':') || !read_digits(&p, 2, &mi))
            return false;
        if (*p == ':' && (p++, !read_digits(&p, 2, &sec)))
            return false;
    }
    double frac = 0, scale = 0.1;
    if (*p == '.') {
        p++;
        while (isdigit((unsigned char)*p)) {
            frac += (*p - '0') * scale;
            scale /= 10;
            p++;
        }
    }
    int offset = 0;
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1, oh, om = 0;
        p++;
        if (!read_digits(&p, 2, &oh))
            return false;
        if (*p == ':')
            p++;
        if (isdigit((unsigned char)*p) && !read_digits(&p, 2, &om))
            return false;
        offset = sign * (oh * 3600 + om * 60);
    }
    if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return false;
    struct tm tm = {.tm_year = y - 1900,
                    .tm_mon = mo - 1,
                    .tm_mday = d,
                    .tm_hour = h,
                    .tm_min = mi,
                    .tm_sec = sec};
    *epoch = (double)timegm(&tm) - offset + frac;
    return true;
}

bool time_epoch_in_range(double epoch)
{
    return epoch >= TIME_EPOCH_MIN && epoch < TIME_EPOCH_MAX; /* false for NaN */
}

bool time_format_utc(double epoch, bool micro, char *buf, size_t size)
{
    if (size)
        buf[0] = '\0';
    if (!time_epoch_in_range(epoch))
        return false;
    time_t t = (time_t)floor(epoch);
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return false;
    char base[40]; /* %Y would not pad year 1 to "0001" */
    snprintf(base, sizeof base, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (micro) {
        long us = (long)((epoch - (double)t) * 1e6);
        if (us < 0)
            us = 0;
        if (us > 999999)
            us = 999999;
        snprintf(buf, size, "%s.%06ld", base, us);
    } else {
        snprintf(buf, size, "%s", base);
    }
    return true;
}

double time_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

double time_monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void duration_format(double seconds, char *buf, size_t size)
{
    if (isnan(seconds)) {
        snprintf(buf, size, "%s", "");
        return;
    }
    if (seconds >= DURATION_MAX_S) {
        snprintf(buf, size, "%s", ">100y");
        return;
    }
    if (seconds < 0)
        seconds = 0;
    long s = (long)seconds;
    if (s < 60)
        snprintf(buf, size, "%lds", s);
    else if (s < 3600)
        snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
    else if (s < 86400)
        snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    else
        snprintf(buf, size, "%ldd%02ldh", s / 86400, (s / 3600) % 24);
}
