#include "model/participants.h"

#include "common/jsonutil.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"
#include "strmap.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *conversation_of(const json_t *p)
{
    const char *c = jget_str(p, "conversation_id");
    return c && c[0] ? c : NULL;
}

static const char *nonempty(const json_t *p, const char *field)
{
    const char *s = jget_str(p, field);
    return s && s[0] && strcmp(s, "None") != 0 ? s : NULL;
}

const char *participant_person_key(const json_t *p)
{
    const char *key = conversation_of(p);
    if (!key)
        key = nonempty(p, "parent_id");
    return key ? key : nonempty(p, "id");
}

bool participant_same_person(const json_t *a, const json_t *b)
{
    const char *ka = participant_person_key(a), *kb = participant_person_key(b);
    return ka && kb && strcmp(ka, kb) == 0;
}

/* The leg that carries the call itself: its call_uuid is the conversation. */
static bool is_call_leg(const json_t *p)
{
    const char *conv = conversation_of(p), *uuid = jget_str(p, "call_uuid");
    return conv && uuid && strcmp(conv, uuid) == 0;
}

/* A leg that names another as its parent (a WebRTC media leg under its
 * signalling leg) is never the primary one. */
static bool has_parent(const json_t *p)
{
    return nonempty(p, "parent_id") != NULL;
}

bool participant_is_waiting(const json_t *p)
{
    int hold = jget_bool(p, "is_on_hold");
    if (hold == 1)
        return true;
    const char *st = jget_str(p, "service_type");
    /* Without either field, let the server decide. */
    return (st && strcmp(st, "waiting_room") == 0) || (!st && hold < 0);
}

/* Service types of a participant inside a conference proper. */
static const char *const settled_types[] = {"conference", "lecture", "gateway", "test_call",
                                            "media_playback"};

const char *participant_stage(const json_t *p, bool *warning)
{
    bool warn = false;
    const char *word = NULL;
    const char *st = jget_str(p, "service_type");
    if (st && st[0] && strcmp(st, "None") != 0) {
        word = st;
        for (size_t i = 0; i < sizeof settled_types / sizeof settled_types[0]; i++)
            if (strcasecmp(st, settled_types[i]) == 0)
                word = NULL;
        if (word && strcasecmp(st, "waiting_room") == 0)
            word = "waiting";
        if (word && strcasecmp(st, "invalid_license_screen") == 0) {
            word = "no licence";
            warn = true;
        }
    }
    /* A transient stage says more than being on hold there. */
    if (!word && jget_bool(p, "is_on_hold") == 1)
        word = "on hold";
    if (warning)
        *warning = warn;
    return word;
}

int participant_leg_compare(const json_t *a, const json_t *b)
{
    bool ca = has_parent(a), cb = has_parent(b);
    if (ca != cb)
        return ca ? 1 : -1;
    bool pa = is_call_leg(a), pb = is_call_leg(b);
    if (pa != pb)
        return pa ? -1 : 1;
    bool ma = jget_bool(a, "has_media") == 1, mb = jget_bool(b, "has_media") == 1;
    if (ma != mb)
        return ma ? -1 : 1;
    double ta, tb;
    const char *sa = jget_str(a, "connect_time"), *sb = jget_str(b, "connect_time");
    bool ha = sa && time_parse_utc(sa, &ta), hb = sb && time_parse_utc(sb, &tb);
    if (ha && hb && ta != tb)
        return ta < tb ? -1 : 1;
    if (ha != hb)
        return ha ? -1 : 1;
    return 0;
}

/* Insertion sort of one person's legs: groups are tiny and it is stable. */
static void sort_legs(const model_row **legs, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        const model_row *r = legs[i];
        size_t j = i;
        while (j > 0 && participant_leg_compare(r->obj, legs[j - 1]->obj) < 0) {
            legs[j] = legs[j - 1];
            j--;
        }
        legs[j] = r;
    }
}

void model_view_group_legs(model_view *v)
{
    size_t n = v->count;
    if (n < 2)
        return;
    /* group_of[i]: the view index of the first leg of row i's person;
     * next[i]: the following leg of the same person (n = none). */
    size_t *group_of = xmalloc(n * sizeof *group_of), *next = xmalloc(n * sizeof *next);
    size_t *last = xmalloc(n * sizeof *last);
    const model_row **out = xmalloc(n * sizeof *out);
    strmap firsts = STRMAP_INIT;
    for (size_t i = 0; i < n; i++) {
        next[i] = n;
        group_of[i] = i;
        const char *conv = participant_person_key(v->rows[i]->obj);
        size_t first;
        if (conv && strmap_get(&firsts, conv, &first)) {
            group_of[i] = first;
            next[last[first]] = i;
            last[first] = i;
        } else {
            last[i] = i;
            if (conv)
                strmap_put(&firsts, conv, i);
        }
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (group_of[i] != i)
            continue;
        size_t start = k;
        for (size_t j = i; j < n; j = next[j])
            out[k++] = v->rows[j];
        sort_legs(out + start, k - start);
    }
    memcpy(v->rows, out, n * sizeof *out);
    strmap_free(&firsts);
    free(group_of);
    free(next);
    free(last);
    free(out);
}

size_t model_view_person_end(const model_view *v, size_t start)
{
    if (start >= v->count)
        return v->count;
    size_t i = start + 1;
    while (i < v->count && participant_same_person(v->rows[start]->obj, v->rows[i]->obj))
        i++;
    return i;
}

void participant_first_legs(const model_table *participants, bool *first)
{
    strmap people = STRMAP_INIT;
    size_t n = model_table_count(participants);
    for (size_t i = 0; i < n; i++) {
        const model_row *r = model_table_at(participants, i);
        const char *key = model_row_is_ghost(r) ? NULL : participant_person_key(r->obj);
        size_t seen;
        first[i] = !model_row_is_ghost(r) && (!key || !strmap_get(&people, key, &seen));
        if (first[i] && key)
            strmap_put(&people, key, i);
    }
    strmap_free(&people);
}

void conference_summary_of(const model_table *participants, const char *conference_name,
                           conference_summary *out)
{
    memset(out, 0, sizeof *out);
    strmap people = STRMAP_INIT;
    size_t n = model_table_count(participants);
    for (size_t i = 0; i < n; i++) {
        const model_row *r = model_table_at(participants, i);
        const char *conf = jget_str(r->obj, "conference");
        if (model_row_is_ghost(r) || !conf || !conference_name ||
            strcmp(conf, conference_name) != 0)
            continue;
        out->legs++;
        const char *conv = participant_person_key(r->obj);
        size_t seen;
        if (!conv || !strmap_get(&people, conv, &seen)) {
            out->people++;
            if (conv)
                strmap_put(&people, conv, 1);
        }
        const char *role = jget_str(r->obj, "role");
        if (role && strcmp(role, "chair") == 0)
            out->chairs++;
        if (jget_bool(r->obj, "is_muted") == 1)
            out->muted++;
        if (jget_bool(r->obj, "is_presenting") == 1)
            out->presenting++;
        out->worst = quality_worst(out->worst, quality_of_participant(r->obj));
    }
    strmap_free(&people);
}

bool model_elapsed(const json_t *obj, const char *field, double now, double *seconds)
{
    const char *s = jget_str(obj, field);
    double t;
    if (!s || !time_parse_utc(s, &t))
        return false;
    *seconds = now > t ? now - t : 0;
    return true;
}

const char *model_duration_text(const json_t *obj, const char *field, double now, char *buf,
                                size_t size)
{
    double secs;
    if (size)
        buf[0] = '\0';
    if (model_elapsed(obj, field, now, &secs))
        duration_format(secs, buf, size);
    return buf;
}
