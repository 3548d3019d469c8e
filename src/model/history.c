#include "model/history.h"

#include "common/jsonutil.h"
#include "common/timeutil.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *history_uri_id(const char *uri, char *buf, size_t size)
{
    if (size)
        buf[0] = '\0';
    if (!uri || !size)
        return buf;
    size_t end = strlen(uri);
    while (end > 0 && uri[end - 1] == '/')
        end--;
    size_t start = end;
    while (start > 0 && uri[start - 1] != '/')
        start--;
    size_t len = end - start;
    if (len >= size)
        len = size - 1;
    memcpy(buf, uri + start, len);
    buf[len] = '\0';
    return buf;
}

const json_t *history_participant_streams(const json_t *participant)
{
    const json_t *s =
        json_is_object(participant) ? json_object_get(participant, "media_streams") : NULL;
    return json_is_array(s) ? s : NULL;
}

call_quality history_participant_quality(const json_t *participant)
{
    call_quality q = quality_of_participant(participant);
    if (q != QUALITY_UNKNOWN)
        return q;
    const json_t *streams = history_participant_streams(participant);
    for (size_t i = 0; i < json_array_size(streams); i++)
        q = quality_worst(q, quality_of_stream(json_array_get(streams, i)));
    return q;
}

const char *history_participant_conference_id(const json_t *participant, char *buf, size_t size)
{
    char raw[512];
    jget_id(participant, "conference", raw, sizeof raw);
    return history_uri_id(raw, buf, size);
}

bool history_duration(const json_t *record, double *seconds)
{
    double d, start, end;
    if (jget_num(record, "duration", &d) && d >= 0) {
        *seconds = d;
        return true;
    }
    const char *s = jget_str(record, "start_time"), *e = jget_str(record, "end_time");
    if (s && e && time_parse_utc(s, &start) && time_parse_utc(e, &end) && end >= start) {
        *seconds = end - start;
        return true;
    }
    return false;
}

const char *history_duration_text(const json_t *record, char *buf, size_t size)
{
    double secs;
    if (size)
        buf[0] = '\0';
    if (history_duration(record, &secs))
        duration_format(secs, buf, size);
    return buf;
}

bool history_parse_window(const char *s, double *seconds)
{
    char *end = NULL;
    if (!s || !isdigit((unsigned char)s[0]))
        return false;
    double n = strtod(s, &end);
    if (end == s || !(n > 0) || !isfinite(n) || !end[0] || end[1])
        return false;
    static const struct {
        char unit;
        double seconds;
    } units[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (tolower((unsigned char)end[0]) == units[i].unit) {
            double secs = n * units[i].seconds;
            /* "1e300d" is no window: nothing could be formatted from it. */
            if (!isfinite(secs) || secs > DURATION_MAX_S)
                return false;
            *seconds = secs;
            return true;
        }
    }
    return false;
}

bool history_parse_time(const char *s, double now, double *epoch)
{
    int hh, mm;
    char tail;
    double w;
    if (!s)
        return false;
    if (sscanf(s, "%d:%d%c", &hh, &mm, &tail) == 2 && hh >= 0 && hh < 24 && mm >= 0 && mm < 60 &&
        strlen(s) <= 5) {
        *epoch = floor(now / 86400.0) * 86400.0 + hh * 3600.0 + mm * 60.0;
        return true;
    }
    if (history_parse_window(s, &w)) {
        *epoch = now - w;
        return true;
    }
    return time_parse_utc(s, epoch);
}
