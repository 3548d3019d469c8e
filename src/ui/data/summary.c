/* Per-conference figures (participant count, worst call quality, …) for the
 * conferences pane, from the one all-participants listing fetched each
 * refresh. Built once per refresh in O(participants) with a small hash so a
 * frame never scans the participant table per conference. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonutil.h"
#include "common/xmalloc.h"
#include "ui/core/app.h"
#include "ui/data/summary.h"

typedef struct summary_entry {
    char *name;
    ui_conf_summary sum;
} summary_entry;

struct ui_summaries {
    summary_entry *slots;
    size_t nslots;
    size_t people; /* over every conference, waiting callers included */
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

void summaries_free(ui_app *app)
{
    struct ui_summaries *s = app->summaries;
    if (!s)
        return;
    for (size_t i = 0; i < s->nslots; i++)
        free(s->slots[i].name);
    free(s->slots);
    free(s);
    app->summaries = NULL;
}

static summary_entry *summary_slot(struct ui_summaries *s, const char *name, bool create)
{
    if (!s || s->nslots == 0)
        return NULL;
    size_t mask = s->nslots - 1;
    for (size_t i = hash_str(name) & mask;; i = (i + 1) & mask) {
        summary_entry *e = &s->slots[i];
        if (!e->name) {
            if (!create)
                return NULL;
            e->name = xstrdup(name);
            return e;
        }
        if (strcmp(e->name, name) == 0)
            return e;
    }
}

void summaries_rebuild(ui_app *app)
{
    summaries_free(app);
    const model_table *t = model_get(app->model, MT_ALL_PARTICIPANTS);
    size_t n = t ? model_table_count(t) : 0;
    struct ui_summaries *s = xcalloc(1, sizeof *s);
    /* At most one conference per participant: a power of two above 2n
     * keeps the table under half full. */
    size_t slots = 16;
    while (slots < 2 * n + 2)
        slots *= 2;
    s->slots = xcalloc(slots, sizeof *s->slots);
    s->nslots = slots;
    bool *first = xcalloc(n, sizeof *first);
    participant_first_legs(t, first);
    for (size_t i = 0; i < n; i++) {
        const model_row *r = model_table_at(t, i);
        if (model_row_is_ghost(r))
            continue;
        const char *conf = jget_str(r->obj, "conference");
        summary_entry *e = summary_slot(s, conf ? conf : "", true);
        e->sum.legs++;
        if (first[i]) {
            e->sum.people++;
            s->people++;
        }
        if (jget_bool(r->obj, "is_muted") == 1)
            e->sum.muted++;
        if (jget_bool(r->obj, "is_presenting") == 1)
            e->sum.presenting++;
        e->sum.worst = quality_worst((call_quality)e->sum.worst, quality_of_participant(r->obj));
    }
    free(first);
    app->summaries = s;
}

bool summary_people_total(ui_app *app, size_t *people)
{
    if (!app->summaries)
        return false;
    *people = app->summaries->people;
    return true;
}

const ui_conf_summary *summary_for(ui_app *app, const char *conference_name)
{
    summary_entry *e = summary_slot(app->summaries, conference_name ? conference_name : "", false);
    return e ? &e->sum : NULL;
}
