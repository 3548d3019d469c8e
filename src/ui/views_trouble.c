/* :trouble: every live participant, across all conferences, worst call
 * first, to find the bad call without knowing its conference.
 *
 * The ranking uses what the one all-participants listing already carries
 * (call_quality, the server's verdict over the last windows), refined by
 * the current windowed packet loss and jitter of the worst candidates'
 * media streams. Reading every participant's streams would cost one
 * request per participant per refresh; instead only the TROUBLE_CANDIDATES
 * worst are read, one request at a time (see ui/platform.h). Enter jumps
 * to the participant in its conference. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/resources.h"
#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "common/timeutil.h"
#include "ui/glyph.h"
#include "ui/platform.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- probes ------------------------------------------------------------------------------ */

const trouble_probe *trouble_probe_of(ui_app *app, const char *participant_id)
{
    ui_platform *p = app->platform;
    for (size_t i = 0; p && participant_id && i < p->nprobes; i++)
        if (strcmp(p->probes[i].id, participant_id) == 0)
            return &p->probes[i];
    return NULL;
}

/* The probe slot of a participant, reusing the least recently asked one
 * when the table is full. */
static trouble_probe *probe_slot(ui_platform *p, const char *id)
{
    size_t oldest = 0;
    for (size_t i = 0; i < p->nprobes; i++) {
        if (strcmp(p->probes[i].id, id) == 0)
            return &p->probes[i];
        if (p->probes[i].asked_at < p->probes[oldest].asked_at)
            oldest = i;
    }
    trouble_probe *t =
        p->nprobes < COUNT(p->probes) ? &p->probes[p->nprobes++] : &p->probes[oldest];
    memset(t, 0, sizeof *t);
    snprintf(t->id, sizeof t->id, "%s", id);
    t->loss = t->jitter = -1;
    return t;
}

static double row_score(ui_app *app, const model_row *row)
{
    const trouble_probe *t = trouble_probe_of(app, row->id);
    return quality_rank_score(quality_of_participant(row->obj), t ? t->loss : -1,
                              t ? t->jitter : -1);
}

static bool has_media(const model_row *row)
{
    return jget_bool(row->obj, "has_media") != 0 && !model_row_is_ghost(row);
}

typedef struct candidate {
    const model_row *row;
    double score;
} candidate;

static int candidate_compare(const void *pa, const void *pb)
{
    const candidate *a = pa, *b = pb;
    return a->score < b->score ? 1 : a->score > b->score ? -1 : 0;
}

/* Of the worst candidates, the one whose streams were read longest ago
 * (never first) and not within TROUBLE_REPROBE_S; NULL when none is due. */
static const model_row *next_candidate(ui_app *app)
{
    const model_table *t = model_get(app->model, MT_ALL_PARTICIPANTS);
    size_t n = t ? model_table_count(t) : 0, k = 0;
    candidate *c = calloc(n ? n : 1, sizeof *c);
    if (!c)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const model_row *r = model_table_at(t, i);
        if (has_media(r))
            c[k++] = (candidate){r, row_score(app, r)};
    }
    qsort(c, k, sizeof *c, candidate_compare);
    const model_row *best = NULL;
    double best_asked = 0, now = time_monotonic();
    for (size_t i = 0; i < k && i < TROUBLE_CANDIDATES; i++) {
        const trouble_probe *pr = trouble_probe_of(app, c[i].row->id);
        double asked = pr ? pr->asked_at : 0;
        if (pr && now - asked < TROUBLE_REPROBE_S)
            continue;
        if (!best || asked < best_asked) {
            best = c[i].row;
            best_asked = asked;
        }
    }
    free(c);
    return best;
}

static void probe_done(const api_list_result *res, void *ctx)
{
    ui_app *app = ctx;
    ui_platform *p = app->platform;
    p->trouble.req = NULL;
    p->trouble.generation++;
    p->trouble.next_due = time_monotonic() + TROUBLE_GAP_S;
    trouble_probe *t = probe_slot(p, p->probing);
    if (res->error.kind == API_OK) {
        p->trouble.failures = 0;
        streams_worst_loss_jitter(res->objects, &t->loss, &t->jitter);
        t->probed_at = time_now();
    } else if (res->error.kind != API_ERR_NOT_FOUND) {
        /* A participant that left answers 404: not a failure of the node. */
        p->trouble.failures++;
        double backoff =
            TROUBLE_GAP_S * (double)(1u << (p->trouble.failures < 6 ? p->trouble.failures : 6));
        p->trouble.next_due = time_monotonic() + backoff;
    }
    app_views_stale(app);
}

static bool trouble_on_screen(ui_app *app)
{
    for (size_t i = 0; i < app->npanes; i++)
        if (app->panes[i]->cls == &view_trouble)
            return true;
    return false;
}

void trouble_tick(ui_app *app)
{
    ui_platform *p = screens_state(app);
    if (!p || !app->api || p->trouble.req || app->paused || !trouble_on_screen(app) ||
        time_monotonic() < p->trouble.next_due)
        return;
    const model_row *r = next_candidate(app);
    if (!r)
        return;
    snprintf(p->probing, sizeof p->probing, "%s", r->id);
    probe_slot(p, r->id)->asked_at = time_monotonic();
    strbuf path = STRBUF_INIT;
    sb_append(&path, API_STATUS_PARTICIPANT);
    sb_append_urlencoded(&path, r->id);
    sb_append(&path, "/media_stream/");
    unsigned before = p->trouble.generation;
    api_request *req = api_list(app->api, sb_str(&path), NULL, 0, probe_done, app);
    sb_free(&path);
    if (p->trouble.generation == before) {
        p->trouble.req = req;
        if (!req)
            p->trouble.next_due = time_monotonic() + TROUBLE_GAP_S;
    }
}

void trouble_cancel(ui_app *app)
{
    ui_platform *p = app->platform;
    if (p && p->trouble.req)
        api_cancel(p->trouble.req);
    if (p)
        p->trouble.req = NULL;
}

/* ---- columns ------------------------------------------------------------------------------ */

static void tr_quality(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_call_quality(app, quality_of_participant(row->obj), out);
    out->field = "call_quality";
}

static double tr_rank_key(ui_app *app, const model_row *row)
{
    return row_score(app, row);
}

static void tr_loss(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    const trouble_probe *t = trouble_probe_of(app, row->id);
    if (!t || t->loss < 0)
        return;
    cell_loss(t->loss, out);
}

static double tr_loss_key(ui_app *app, const model_row *row)
{
    const trouble_probe *t = trouble_probe_of(app, row->id);
    return t ? t->loss : -1;
}

static void tr_jitter(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    const trouble_probe *t = trouble_probe_of(app, row->id);
    if (!t || t->jitter < 0)
        return;
    cell_printf(out, "%.0f", t->jitter);
    if (t->jitter > QUALITY_JITTER_LIMIT)
        out->slot = SLOT_QUALITY_BAD;
}

static double tr_jitter_key(ui_app *app, const model_row *row)
{
    const trouble_probe *t = trouble_probe_of(app, row->id);
    return t ? t->jitter : -1;
}

static void tr_measured(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    const trouble_probe *t = trouble_probe_of(app, row->id);
    if (!t || t->probed_at <= 0)
        return;
    char buf[32];
    double age = time_now() - t->probed_at;
    duration_format(age > 0 ? age : 0, buf, sizeof buf);
    cell_printf(out, "%s ago", buf);
    out->slot = SLOT_DIM;
}

static const ui_column trouble_columns[] = {
    {.name = "quality",
     .title = "Quality",
     .width = 10,
     .sort_key = tr_rank_key,
     .sort_descending = true,
     .cell = tr_quality},
    {.name = "name",
     .title = "Name",
     .width = 22,
     .min_width = 12,
     .flex = true,
     .sort_field = "display_name",
     .cell = cell_participant_name},
    {.name = "conference",
     .title = "Conference",
     .width = 22,
     .min_width = 12,
     .flex = true,
     .field = "conference"},
    {.name = "loss",
     .title = "WinLoss%",
     .width = 8,
     .right = true,
     .priority = 1,
     .sort_key = tr_loss_key,
     .sort_descending = true,
     .cell = tr_loss},
    {.name = "jitter",
     .title = "Jitter",
     .width = 6,
     .right = true,
     .priority = 2,
     .sort_key = tr_jitter_key,
     .sort_descending = true,
     .cell = tr_jitter},
    {.name = "measured",
     .title = "Measured",
     .width = 9,
     .right = true,
     .priority = 4,
     .cell = tr_measured},
    {.name = "node",
     .title = "Media node",
     .width = 12,
     .priority = 3,
     .field = "media_node",
     .format = FIELD_NODE},
    {.name = "protocol", .title = "Proto", .width = 6, .priority = 5, .field = "protocol"},
    {.name = "duration",
     .title = "Duration",
     .width = 8,
     .right = true,
     .priority = 3,
     .field = "connect_time",
     .format = FIELD_AGE},
};

static void trouble_title(ui_app *app, ui_view *v, char *buf, size_t size)
{
    snprintf(buf, size,
             "Worst calls first (%zu %s): call quality, then windowed loss and jitter of the "
             "worst %d  Enter: go to the call",
             v->rows.count, text_plural(v->rows.count, "leg", "legs"), TROUBLE_CANDIDATES);
}

const ui_view_class view_trouble = {
    .name = "trouble",
    .title = "Trouble",
    .help = "Every live call ranked worst first; Enter jumps to it",
    .table = MT_ALL_PARTICIPANTS,
    .columns = trouble_columns,
    .ncolumns = COUNT(trouble_columns),
    .default_sort = 0,
    .empty_text = "No live participants",
    .fetch_plan = screens_live_calls_fetch_plan,
    .on_enter = screens_live_call_enter,
    .title_text = trouble_title,
};
