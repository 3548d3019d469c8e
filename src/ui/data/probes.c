/* The trouble probes: the media streams of the worst live calls, read one
 * at a time for :trouble (the view is views_trouble.c). Only the
 * TROUBLE_CANDIDATES worst are read, at most one request every
 * TROUBLE_GAP_S and any one participant every TROUBLE_REPROBE_S
 * (ui/screen_state.h); failures back off from TROUBLE_GAP_S by the rule
 * of poller.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/resources.h"
#include "common/jsonutil.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"
#include "ui/data/poller.h"
#include "ui/data/probes.h"

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

double trouble_score(ui_app *app, const model_row *row)
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
    candidate *c = xcalloc(n, sizeof *c);
    for (size_t i = 0; i < n; i++) {
        const model_row *r = model_table_at(t, i);
        if (has_media(r))
            c[k++] = (candidate){r, trouble_score(app, r)};
    }
    qsort(c, k, sizeof *c, candidate_compare);
    const model_row *best = NULL;
    double best_asked = 0, now = app_mono(app);
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
    poller_answered(&p->trouble);
    trouble_probe *t = probe_slot(p, p->probing);
    if (res->error.kind == API_OK) {
        poller_ok(app, &p->trouble, TROUBLE_GAP_S);
        streams_worst_loss_jitter(res->objects, &t->loss, &t->jitter);
        t->probed_at = app_wall(app);
    } else {
        /* A participant that left answers 404: not a failure of the node. */
        poller_failed(app, &p->trouble, &res->error, TROUBLE_GAP_S, POLLER_404_VANISHED);
    }
    app_views_stale(app);
}

void trouble_tick(ui_app *app)
{
    ui_platform *p = app_platform(app);
    if (!app->api || !poller_due(app, &p->trouble) || !p->probes_wanted)
        return;
    const model_row *r = next_candidate(app);
    if (!r)
        return;
    snprintf(p->probing, sizeof p->probing, "%s", r->id);
    probe_slot(p, r->id)->asked_at = app_mono(app);
    strbuf path = STRBUF_INIT;
    api_media_stream_path(&path, r->id);
    unsigned token = poller_start(app, &p->trouble);
    api_request *req = api_list(app->api, sb_str(&path), NULL, 0, probe_done, app);
    sb_free(&path);
    poller_sent(&p->trouble, token, req);
}

void trouble_cancel(ui_app *app)
{
    ui_platform *p = app->platform;
    if (p)
        poller_cancel(&p->trouble); /* its context is the app: nothing to free */
}
