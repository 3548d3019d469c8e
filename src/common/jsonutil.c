#include "common/jsonutil.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Free text, where "None" may be what somebody typed. */
static const char *const free_text_fields[] = {
    "display_name",
    "name",
    "alias",
    "source_alias",
    "destination_alias",
    "participant_alias",
    "remote_alias",
    "local_alias",
    "details",
    "tag",
    "service_tag",
    "call_tag",
    "conference",
    "conference_name",
    "message",
    "description",
    "subject",
    "username",
    "remote_conference_name",
    "maintenance_mode_reason",
    "workervm_configuration_name",
    "remote_display_name",
    "local_display_name",
};

bool json_none_is_null(const char *key)
{
    for (size_t i = 0; key && i < sizeof free_text_fields / sizeof free_text_fields[0]; i++)
        if (strcmp(free_text_fields[i], key) == 0)
            return false;
    return true;
}

/* A field's value, NULL for missing or null, and for the literal "None" a
 * node writes for an empty node address or resolution (Python's str(None)). */
static const json_t *field(const json_t *obj, const char *key)
{
    if (!obj || !json_is_object(obj))
        return NULL;
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return NULL;
    if (json_is_string(v) && strcmp(json_string_value(v), "None") == 0 && json_none_is_null(key))
        return NULL;
    return v;
}

const char *jget_str(const json_t *obj, const char *key)
{
    const json_t *v = field(obj, key);
    return v && json_is_string(v) ? json_string_value(v) : NULL;
}

/* snprintf(buf, size, "%s", s) without the cost of formatting. */
static void copy_cut(char *buf, size_t size, const char *s)
{
    size_t n = strnlen(s, size - 1);
    memcpy(buf, s, n);
    buf[n] = '\0';
}

const char *jget_text(const json_t *obj, const char *key, char *buf, size_t size)
{
    const json_t *v = field(obj, key);
    if (size == 0)
        return buf;
    buf[0] = '\0';
    if (!v)
        return buf;
    if (json_is_string(v))
        copy_cut(buf, size, json_string_value(v));
    else if (json_is_integer(v))
        snprintf(buf, size, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v)) {
        double d = json_real_value(v);
        if (d == floor(d) && fabs(d) < 1e15)
            snprintf(buf, size, "%.0f", d);
        else
            snprintf(buf, size, "%.2f", d);
    } else if (json_is_boolean(v))
        copy_cut(buf, size, json_is_true(v) ? "true" : "false");
    return buf;
}

static bool parse_number(const char *s, double *out)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    double d = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (errno || *end || !isfinite(d))
        return false;
    *out = d;
    return true;
}

bool jget_num(const json_t *obj, const char *key, double *out)
{
    const json_t *v = field(obj, key);
    if (!v)
        return false;
    if (json_is_number(v)) {
        *out = json_number_value(v);
        return true;
    }
    return json_is_string(v) && parse_number(json_string_value(v), out);
}

bool jget_int(const json_t *obj, const char *key, long long *out)
{
    const json_t *v = field(obj, key);
    if (v && json_is_integer(v)) {
        *out = json_integer_value(v);
        return true;
    }
    double d;
    if (!jget_num(obj, key, &d) || fabs(d) > 9e18)
        return false;
    *out = (long long)d;
    return true;
}

int jget_bool(const json_t *obj, const char *key)
{
    const json_t *v = field(obj, key);
    if (!v)
        return -1;
    if (json_is_boolean(v))
        return json_is_true(v);
    if (json_is_integer(v))
        return json_integer_value(v) != 0;
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (!strcasecmp(s, "true") || !strcmp(s, "1") || !strcasecmp(s, "yes"))
            return 1;
        if (!strcasecmp(s, "false") || !strcmp(s, "0") || !strcasecmp(s, "no"))
            return 0;
    }
    return -1;
}

const char *jget_id(const json_t *obj, const char *key, char *buf, size_t size)
{
    const json_t *v = field(obj, key);
    if (v && (json_is_string(v) || json_is_integer(v)))
        return jget_text(obj, key, buf, size);
    if (size)
        buf[0] = '\0';
    return buf;
}
