#include "model/platform.h"

#include "common/jsonutil.h"
#include "common/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- licensing ------------------------------------------------------------ */

static const struct {
    const char *id;
    const char *label;
} known_kinds[] = {
    {"port", "Ports (video calls)"},
    {"audio", "Audio calls"},
    {"vmr", "VMRs"},
    {"system", "Registered systems"},
    {"teams", "Microsoft Teams"},
    {"ghm", "Google Meet (GHM)"},
    {"otj", "One-Touch Join"},
    {"scheduling", "Scheduling"},
    {"telehealth", "Telehealth"},
    {"customlayouts", "Custom layouts"},
    {"googletrustedjoin", "Google trusted join"},
    {"zoomtrustedjoin", "Zoom trusted join"},
};
#define NKNOWN (sizeof known_kinds / sizeof known_kinds[0])

static const char *kind_label(const char *id)
{
    for (size_t i = 0; i < NKNOWN; i++)
        if (strcmp(known_kinds[i].id, id) == 0)
            return known_kinds[i].label;
    return id;
}

static long kind_rank(const char *id)
{
    for (size_t i = 0; i < NKNOWN; i++)
        if (strcmp(known_kinds[i].id, id) == 0)
            return (long)i;
    return -1;
}

/* "port_count" -> "port" when the key ends with suffix; false otherwise. */
static bool key_prefix(const char *key, const char *suffix, char *buf, size_t size)
{
    size_t kl = strlen(key), sl = strlen(suffix);
    if (kl <= sl || strcmp(key + kl - sl, suffix) != 0 || kl - sl >= size)
        return false;
    memcpy(buf, key, kl - sl);
    buf[kl - sl] = '\0';
    return true;
}

static json_t *kind_object(json_t *kinds, const char *id)
{
    json_t *o = json_object_get(kinds, id);
    if (o)
        return o;
    o = json_pack("{s:s, s:s}", "id", id, "label", kind_label(id));
    if (o && json_object_set_new(kinds, id, o) != 0)
        return NULL;
    return o;
}

static void kind_set_number(json_t *kinds, const json_t *lic, const char *key, const char *id,
                            const char *field)
{
    long long n;
    if (!jget_int(lic, key, &n))
        return;
    json_t *o = kind_object(kinds, id);
    if (o)
        json_object_set_new(o, field, json_integer(n));
}

static int kind_compare(const void *pa, const void *pb)
{
    const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
    long ra = kind_rank(a), rb = kind_rank(b);
    if (ra >= 0 && rb >= 0)
        return ra < rb ? -1 : ra > rb;
    if (ra >= 0 || rb >= 0)
        return ra >= 0 ? -1 : 1;
    return strcmp(a, b);
}

json_t *licensing_kinds(const json_t *licensing_objects)
{
    const json_t *lic =
        json_is_array(licensing_objects) ? json_array_get(licensing_objects, 0) : licensing_objects;
    json_t *kinds = json_object(), *out = json_array();
    const char *key;
    json_t *value;
    char id[64];
    if (json_is_object(lic)) {
        json_object_foreach((json_t *)lic, key, value)
        {
            if (key_prefix(key, "_count", id, sizeof id))
                kind_set_number(kinds, lic, key, id, "count");
            else if (key_prefix(key, "_total", id, sizeof id))
                kind_set_number(kinds, lic, key, id, "total");
            else if (key_prefix(key, "_active", id, sizeof id) && jget_bool(lic, key) >= 0) {
                json_t *o = kind_object(kinds, id);
                if (o)
                    json_object_set_new(o, "active", json_boolean(jget_bool(lic, key) == 1));
            }
        }
    }
    size_t n = json_object_size(kinds), i = 0;
    const char **ids = xcalloc(n ? n : 1, sizeof *ids);
    json_object_foreach(kinds, key, value) ids[i++] = key;
    qsort(ids, n, sizeof *ids, kind_compare);
    for (i = 0; i < n; i++)
        json_array_append(out, json_object_get(kinds, ids[i]));
    free(ids);
    json_decref(kinds);
    return out;
}

/* ---- alarms ------------------------------------------------------------------ */

alarm_level alarm_level_parse(const char *level)
{
    static const struct {
        const char *name;
        alarm_level level;
    } names[] = {
        {"critical", ALARM_CRITICAL}, {"error", ALARM_ERROR},        {"major", ALARM_ERROR},
        {"warning", ALARM_WARNING},   {"minor", ALARM_WARNING},      {"info", ALARM_INFO},
        {"notice", ALARM_INFO},       {"informational", ALARM_INFO},
    };
    for (size_t i = 0; level && i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(level, names[i].name) == 0)
            return names[i].level;
    return ALARM_UNKNOWN;
}

const char *alarm_level_label(alarm_level l)
{
    static const char *const labels[] = {"unknown", "info", "warning", "error", "critical"};
    return l >= ALARM_UNKNOWN && l <= ALARM_CRITICAL ? labels[l] : "unknown";
}

/* ---- listings ------------------------------------------------------------------ */

size_t json_union_by_id(json_t *into, const json_t *more)
{
    if (!json_is_array(into) || !json_is_array(more))
        return 0;
    json_t *seen = json_object(); /* out of memory aborts: no row is ever lost */
    char id[160];
    size_t i, added = 0;
    json_t *o;
    json_array_foreach(into, i, o)
    {
        if (jget_id(o, "id", id, sizeof id)[0])
            json_object_set_new(seen, id, json_true());
    }
    json_array_foreach(more, i, o)
    {
        if (jget_id(o, "id", id, sizeof id)[0]) {
            if (json_object_get(seen, id))
                continue;
            json_object_set_new(seen, id, json_true());
        }
        if (json_array_append(into, o) == 0)
            added++;
    }
    json_decref(seen);
    return added;
}

/* ---- live call ranking ------------------------------------------------------------ */

double quality_rank_score(call_quality q, double loss_percent, double jitter_ms)
{
    /* Three bands that never overlap: quality (steps of 1e6), loss capped
     * at 100 % (steps of 1e3 per percent), jitter capped below 1000 ms. */
    double loss = loss_percent < 0 ? 0 : loss_percent > 100 ? 100 : loss_percent;
    double jitter = jitter_ms < 0 ? 0 : jitter_ms > 999 ? 999 : jitter_ms;
    return (double)q * 1e6 + loss * 1e3 + jitter;
}

static void worst_of(const json_t *s, const char *field, double *worst)
{
    double v;
    if (jget_num(s, field, &v) && v > *worst)
        *worst = v;
}

void streams_worst_loss_jitter(const json_t *streams, double *loss_percent, double *jitter_ms)
{
    *loss_percent = -1;
    *jitter_ms = -1;
    size_t i;
    const json_t *s;
    json_array_foreach(streams, i, s)
    {
        double before = *loss_percent;
        *loss_percent = -1;
        worst_of(s, "rx_windowed_packet_loss", loss_percent);
        worst_of(s, "tx_windowed_packet_loss", loss_percent);
        if (*loss_percent < 0) {
            worst_of(s, "rx_packet_loss", loss_percent);
            worst_of(s, "tx_packet_loss", loss_percent);
        }
        if (before > *loss_percent)
            *loss_percent = before;
        worst_of(s, "rx_jitter", jitter_ms);
        worst_of(s, "tx_jitter", jitter_ms);
    }
}

bool status_media_load(const json_t *obj, double *percent)
{
    return jget_num(obj, "media_load", percent);
}
