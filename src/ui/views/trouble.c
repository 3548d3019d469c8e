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
#include "ui/theme/glyph.h"
#include "ui/views/views.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- columns ------------------------------------------------------------------------------ */

static void tr_quality(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_call_quality(app, quality_of_participant(row->obj), out);
    out->field = "call_quality";
}

static double tr_rank_key(ui_app *app, const model_row *row)
{
    return trouble_score(app, row);
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
    double age = app_wall(app) - t->probed_at;
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
    COL_PARTICIPANT(22),
    COL_CONFERENCE(22, 12, 0, "conference"),
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
    COL_DURATION(3, "connect_time"),
};

static void trouble_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    live_calls_fetch_plan(app, plan);
    plan->probes = true;
}

static void trouble_title(ui_app *app, ui_view *v, char *buf, size_t size)
{
    char age[48];
    view_age_note(app, MT_ALL_PARTICIPANTS, age, sizeof age);
    snprintf(buf, size,
             "Worst calls first (%zu %s%s): call quality, then windowed loss and jitter of the "
             "worst %d  Enter: go to the call",
             v->rows.count, text_plural(v->rows.count, "leg", "legs"), age, TROUBLE_CANDIDATES);
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
    .fetch_plan = trouble_fetch_plan,
    .enter = ENTER_CALL,
    .title_text = trouble_title,
};
