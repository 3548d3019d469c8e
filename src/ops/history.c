/* History search presets (history.h). */
#include "ops/history.h"

#include "api/resources.h"
#include "common/sanitize.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"
#include "model/history.h"
#include "model/platform.h"
#include "model/view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- parsing ---- */

bool history_parse_loss(const char *s, double *percent)
{
    char *end = NULL;
    double v = strtod(s ? s : "", &end);
    if (!s || end == s || *end || !(v >= 0) || v > 100)
        return false;
    *percent = v;
    return true;
}

static bool parse_error(char *err, size_t size, const char *msg, const char *token)
{
    char shown[64];
    sanitize_into(shown, sizeof shown, token ? token : "");
    snprintf(err, size, "%s%s%s", msg, token ? ": " : "", shown);
    return false;
}

/* "ended WINDOW" or "ended FROM [TO]"; the words after "ended" in *save. */
static bool parse_ended(history_query *d, char **save, double now, char *err, size_t size)
{
    char *from = strtok_r(NULL, " \t", save);
    double v;
    if (!from)
        return parse_error(err, size, "ended wants a window (1h) or FROM [TO]", NULL);
    d->mode = HISTORY_SEARCH;
    if (history_parse_window(from, &v)) {
        d->window_s = v;
    } else if (history_parse_time(from, now, &d->ended_from)) {
        char *to = *save && **save ? strtok_r(NULL, " \t", save) : NULL;
        if (to && !history_parse_time(to, now, &d->ended_to))
            return parse_error(err, size, "not a time (YYYY-MM-DDTHH:MM or HH:MM)", to);
    } else {
        return parse_error(err, size, "not a window or time", from);
    }
    return true;
}

bool history_parse_args(const char *args, double now, history_query *q, char *err, size_t size)
{
    history_query d = {
        .mode = HISTORY_CONFERENCES, .window_s = HISTORY_DEFAULT_WINDOW_S, .loss_above = -1};
    char buf[256];
    snprintf(buf, sizeof buf, "%s", args ? args : "");
    char *save = NULL, *tok = strtok_r(buf, " \t", &save);
    while (tok) {
        double v;
        if (strcmp(tok, "loss") == 0) {
            if (!history_parse_loss(strtok_r(NULL, " \t", &save), &v))
                return parse_error(err, size, "loss wants a percentage, e.g. loss 2", NULL);
            d.mode = HISTORY_SEARCH;
            d.loss_above = v;
        } else if (strcmp(tok, "ended") == 0) {
            if (!parse_ended(&d, &save, now, err, size))
                return false;
        } else if (strncmp(tok, "name=", 5) == 0) {
            snprintf(d.name, sizeof d.name, "%s", tok + 5);
        } else if (history_parse_window(tok, &v)) {
            d.window_s = v;
        } else {
            return parse_error(err, size, "unknown argument", tok);
        }
        tok = strtok_r(NULL, " \t", &save);
    }
    *q = d;
    return true;
}

void history_window_text(double seconds, char *buf, size_t size)
{
    long s = lround(seconds);
    if (s % 86400 == 0 && s >= 2 * 86400)
        snprintf(buf, size, "%ldd", s / 86400);
    else if (s % 3600 == 0)
        snprintf(buf, size, "%ldh", s / 3600);
    else if (s % 60 == 0)
        snprintf(buf, size, "%ldm", s / 60);
    else
        snprintf(buf, size, "%lds", s);
}

/* ---- queries ---- */

unsigned history_search_queries(const history_query *q)
{
    return q->loss_above >= 0 ? 2 : 1;
}

bool history_search_params(const history_query *q, unsigned index, double now, history_params *out)
{
    memset(out, 0, sizeof *out);
    if (index >= history_search_queries(q))
        return false;
    double from = q->ended_from > 0 ? q->ended_from : q->window_s > 0 ? now - q->window_s : 0;
    if (from > 0) {
        time_format_utc(from, false, out->from, sizeof out->from);
        out->p[out->n++] = (api_param){"end_time__gte", out->from};
    }
    if (q->ended_to > 0) {
        time_format_utc(q->ended_to, false, out->to, sizeof out->to);
        out->p[out->n++] = (api_param){"end_time__lt", out->to};
    }
    if (q->loss_above >= 0) {
        snprintf(out->loss, sizeof out->loss, "%g", q->loss_above);
        out->p[out->n++] = (api_param){index == 0 ? "media_streams__rx_packet_loss__gte"
                                                  : "media_streams__tx_packet_loss__gte",
                                       out->loss};
    }
    return true;
}

static void append_params(strbuf *out, const api_param *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sb_printf(out, "&%s=", p[i].key);
        sb_append_urlencoded(out, p[i].value);
    }
}

void history_conferences_query(const history_query *q, double now, strbuf *out)
{
    char t[40];
    time_format_utc(now - q->window_s, false, t, sizeof t);
    api_param p[] = {{"end_time__gte", t}, {"name__icontains", q->name}};
    sb_append(out, API_HISTORY_CONFERENCE "?order_by=-start_time");
    append_params(out, p, q->name[0] ? 2 : 1);
}

bool history_participants_query(const history_query *q, const char *conference_id, unsigned index,
                                double now, strbuf *out)
{
    if (conference_id) {
        if (index > 0)
            return false;
        sb_append(out, API_HISTORY_PARTICIPANT "?order_by=start_time&conference=");
        sb_append_urlencoded(out, conference_id);
        return true;
    }
    /* rx loss, then tx loss: the API has no OR, the answers are merged by id. */
    history_params hp;
    if (!history_search_params(q, index, now, &hp))
        return false;
    sb_append(out, API_HISTORY_PARTICIPANT "?order_by=-end_time");
    append_params(out, hp.p, hp.n);
    return true;
}

/* ---- merging ---- */

typedef struct sort_item {
    json_t *obj;
    size_t pos; /* tie-break: qsort is not stable */
} sort_item;

typedef struct sort_order {
    const char *field;
    bool descending;
} sort_order;

static int order_compare(const void *pa, const void *pb, void *arg)
{
    const sort_item *a = pa, *b = pb;
    const sort_order *o = arg;
    int r = model_value_compare(a->obj, b->obj, o->field);
    if (o->descending)
        r = -r;
    return r ? r : (a->pos > b->pos) - (a->pos < b->pos);
}

static void sort_objects(json_t *objects, const char *order)
{
    size_t n = json_array_size(objects);
    if (!order || !order[0] || n < 2)
        return;
    sort_item *items = xmalloc(n * sizeof *items);
    for (size_t i = 0; i < n; i++)
        items[i] = (sort_item){json_incref(json_array_get(objects, i)), i};
    sort_order o = {order + (order[0] == '-'), order[0] == '-'};
    qsort_r(items, n, sizeof *items, order_compare, &o);
    json_array_clear(objects);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(objects, items[i].obj);
    free(items);
}

size_t history_merge(json_t *into, const json_t *more, const char *order)
{
    size_t added = json_union_by_id(into, more);
    sort_objects(into, order);
    return added;
}
