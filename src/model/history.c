#include "model/history.h"

#include "common/jsonutil.h"
#include "common/timeutil.h"

#include <stdio.h>
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
