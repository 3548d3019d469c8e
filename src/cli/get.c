/* `pexcon get RESOURCE`: list a resource as a table, JSON or CSV. */
#include "cli/verbs.h"

#include "api/resources.h"
#include "cli/args.h"
#include "cli/output.h"
#include "cli/resolve.h"
#include "cli/resources.h"
#include "cli/session.h"
#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"
#include "model/history.h"
#include "model/platform.h"
#include "ops/history.h"
#include "ops/resolve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLUMNS 64
#define MAX_PARAMS (CLI_MAX_REPEAT + 8)

static const cli_option get_options[] = {
    {"conference", 0, true, false, "NAME",
     "participants / history-participants of one conference\n"
     "(history-participants also takes a history conference id)",
     NULL},
    {"participant", 0, true, false, "ID|NAME", "media: the participant whose streams to list",
     NULL},
    {"filter", 0, true, true, "FIELD__OP=VALUE",
     "server-side filter, repeatable; OP is one of exact,\n"
     "iexact, contains, icontains, startswith, istartswith,\n"
     "endswith, iendswith, regex, iregex, lt, lte, gt, gte\n"
     "(no OP: exact), e.g. --filter display_name__icontains=bob",
     NULL},
    {"order-by", 0, true, false, "[-]FIELD", "server-side ordering; '-' for descending", NULL},
    {"output", 'o', true, false, "FORMAT",
     "table (default; fits the terminal width), json (every\n"
     "object, as an array), csv (RFC 4180, header row)",
     NULL},
    {"columns", 0, true, false, "A,B,...", "table/csv columns: column keys or raw field names",
     NULL},
    {"loss-above", 0, true, false, "PERCENT",
     "history-participants with a media stream whose rx or tx\n"
     "packet loss was >= PERCENT (two queries, merged)",
     NULL},
    {"ended-after", 0, true, false, "TIME", "history-participants that ended at or after TIME",
     NULL},
    {"ended-before", 0, true, false, "TIME",
     "... and before TIME; TIME is YYYY-MM-DDTHH:MM[:SS] (UTC),\n"
     "HH:MM today (UTC), or a window back from now (90m, 2h, 7d)",
     NULL},
};
#define NOPTS (sizeof get_options / sizeof get_options[0])

typedef struct get_request {
    const cli_resource_def *res;
    out_format format;
    api_param params[MAX_PARAMS];
    size_t nparams;
    cli_column_def columns[MAX_COLUMNS];
    size_t ncolumns;
    char *columns_copy; /* --columns text, split in place */
    strbuf path;        /* resource path (media: below the participant) */
    char conference_name[256];
    /* history-participants presets (ops/history.h): --loss-above (rx OR tx
     * loss: two queries merged), --ended-after, --ended-before */
    history_query query;
    history_params preset; /* query 0's filters, at params[preset_at] */
    size_t preset_at;
    bool merge;        /* more than one query: collect, merge, then print */
    const char *order; /* order_by value, for sorting the merged answer */
} get_request;

static void list_resources(FILE *f)
{
    for (size_t i = 0; i < cli_resource_count(); i++) {
        const cli_resource_def *r = cli_resource_at(i);
        fprintf(f, "  %-22s %s\n", r->name, r->description);
    }
}

void cli_help_get(FILE *f)
{
    fputs("Usage: pexcon [global options] get RESOURCE [options]\n"
          "\n"
          "List a resource of the Management Node (every page).\n"
          "\n"
          "Resources:\n",
          f);
    list_resources(f);
    fputs("\nOptions:\n", f);
    cli_print_options(f, get_options, NOPTS, NULL, NULL);
    fputs("\n"
          "Examples:\n"
          "  pexcon get conferences\n"
          "  pexcon get participants --conference VMR_1 -o csv\n"
          "  pexcon get history-conferences --order-by -start_time --filter "
          "start_time__gte=2024-05-01T00:00:00\n"
          "  pexcon get media --participant 'Alice' -o json\n"
          "  pexcon get history-participants --loss-above 2 --ended-after 24h\n",
          f);
}

static int add_param(get_request *g, const char *key, const char *value)
{
    if (g->nparams == MAX_PARAMS)
        return cli_usage_error("get", "too many filters");
    g->params[g->nparams++] = (api_param){key, value};
    return CLI_EXIT_OK;
}

/* --filter k=v: split in place (argv strings are ours to modify). */
static int add_filters(get_request *g, const cli_option_value *filters)
{
    for (size_t i = 0; filters && i < filters->count; i++) {
        char *f = (char *)filters->values[i];
        char *eq = strchr(f, '=');
        if (!eq || eq == f)
            return cli_usage_error("get", "--filter wants FIELD__OP=VALUE, not '%s'", f);
        *eq = '\0';
        int rc = add_param(g, f, eq + 1);
        if (rc)
            return rc;
    }
    return CLI_EXIT_OK;
}

static int choose_columns(get_request *g, const char *spec)
{
    if (!spec) {
        g->ncolumns = g->res->ncolumns < MAX_COLUMNS ? g->res->ncolumns : MAX_COLUMNS;
        memcpy(g->columns, g->res->columns, g->ncolumns * sizeof *g->columns);
        return CLI_EXIT_OK;
    }
    g->columns_copy = xstrdup(spec);
    char *save = NULL;
    for (char *key = strtok_r(g->columns_copy, ",", &save); key; key = strtok_r(NULL, ",", &save)) {
        if (g->ncolumns == MAX_COLUMNS)
            return cli_usage_error("get", "too many columns");
        cli_column_for_key(g->res, key, &g->columns[g->ncolumns++]);
    }
    if (g->ncolumns == 0)
        return cli_usage_error("get", "--columns needs at least one column");
    return CLI_EXIT_OK;
}

/* --ended-after / --ended-before: a time for an end_time filter. */
static int preset_time(const char *opt, const char *value, double *epoch)
{
    if (value && !history_parse_time(value, time_now(), epoch))
        return cli_usage_error("get",
                               "--%s wants YYYY-MM-DDTHH:MM[:SS], HH:MM or a window "
                               "such as 2h, not '%s'",
                               opt, value);
    return CLI_EXIT_OK;
}

/* The history-participants presets: packet loss above a threshold and an
 * end-time window (no window unless given). */
static int get_presets(get_request *g, const cli_args *a)
{
    const char *loss = cli_args_get(a, get_options, NOPTS, "loss-above");
    const char *after = cli_args_get(a, get_options, NOPTS, "ended-after");
    const char *before = cli_args_get(a, get_options, NOPTS, "ended-before");
    g->query = (history_query){.mode = HISTORY_SEARCH, .loss_above = -1};
    if (!loss && !after && !before)
        return CLI_EXIT_OK;
    if (strcmp(g->res->name, "history-participants") != 0)
        return cli_usage_error("get", "--loss-above, --ended-after and --ended-before apply to "
                                      "history-participants only");
    int rc = preset_time("ended-after", after, &g->query.ended_from);
    if (rc == 0)
        rc = preset_time("ended-before", before, &g->query.ended_to);
    if (rc == 0 && loss && !history_parse_loss(loss, &g->query.loss_above))
        return cli_usage_error("get", "--loss-above wants a percentage (0-100), not '%s'", loss);
    history_search_params(&g->query, 0, time_now(), &g->preset);
    g->preset_at = g->nparams;
    g->merge = history_search_queries(&g->query) > 1;
    for (size_t i = 0; rc == 0 && i < g->preset.n; i++)
        rc = add_param(g, g->preset.p[i].key, g->preset.p[i].value);
    return rc;
}

/* Parse and check everything that needs no network. */
static int get_prepare(get_request *g, const cli_args *a)
{
    if (a->npositional < 1) {
        fputs("pexcon get: which resource? One of:\n", stderr);
        list_resources(stderr);
        return CLI_EXIT_USAGE;
    }
    if (a->npositional > 1)
        return cli_usage_error("get", "unexpected argument '%s'", a->positional[1]);
    g->res = cli_resource_find(a->positional[0]);
    if (!g->res) {
        cli_usage_error("get", "unknown resource '%s'", a->positional[0]);
        fputs("Resources:\n", stderr);
        list_resources(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *format = cli_args_get(a, get_options, NOPTS, "output");
    g->format = OUT_TABLE;
    if (format && !out_format_parse(format, &g->format))
        return cli_usage_error("get", "unknown output format '%s' (table, json or csv)", format);
    const char *conference = cli_args_get(a, get_options, NOPTS, "conference");
    const char *participant = cli_args_get(a, get_options, NOPTS, "participant");
    if (conference && !g->res->takes_conference && !g->res->takes_participant)
        return cli_usage_error("get", "--conference does not apply to %s", g->res->name);
    if (participant && !g->res->takes_participant)
        return cli_usage_error("get", "--participant does not apply to %s", g->res->name);
    if (g->res->takes_participant && !participant)
        return cli_usage_error("get", "%s needs --participant ID|NAME", g->res->name);
    int rc = add_filters(g, cli_args_all(a, get_options, NOPTS, "filter"));
    const char *order = cli_args_get(a, get_options, NOPTS, "order-by");
    if (!order) {
        const api_resource *ar = api_resource_by_path(g->res->path);
        order = ar && !g->res->takes_participant ? ar->default_order : NULL;
    }
    if (rc == 0)
        rc = get_presets(g, a);
    if (rc == 0 && order && order[0]) {
        g->order = order;
        rc = add_param(g, "order_by", order);
    }
    if (rc == 0)
        rc = choose_columns(g, cli_args_get(a, get_options, NOPTS, "columns"));
    return rc;
}

/* A live conference given by id stands for its name in ?conference=. */
static int scope_participants(cli_session *s, get_request *g, const char *conference)
{
    snprintf(g->conference_name, sizeof g->conference_name, "%s", conference);
    if (ops_looks_like_uuid(conference)) {
        strbuf path = STRBUF_INIT;
        sb_printf(&path, "%s%s/", API_STATUS_CONFERENCE, conference);
        json_t *obj;
        api_error err;
        int rc = cli_get_object(s, sb_str(&path), &obj, &err);
        sb_free(&path);
        if (rc == CLI_EXIT_OK && jget_str(obj, "name"))
            snprintf(g->conference_name, sizeof g->conference_name, "%s", jget_str(obj, "name"));
        json_decref(obj);
        if (rc != CLI_EXIT_OK && err.kind != API_ERR_NOT_FOUND)
            return cli_report_error("cannot look up the conference", &err);
    }
    return add_param(g, "conference", g->conference_name);
}

/* Scoping that needs the server: --conference, --participant. */
static int get_scope(cli_session *s, get_request *g, const cli_args *a)
{
    const char *conference = cli_args_get(a, get_options, NOPTS, "conference");
    const char *participant = cli_args_get(a, get_options, NOPTS, "participant");
    sb_append(&g->path, g->res->path);
    if (g->res->takes_participant) {
        cli_target t;
        int rc = cli_resolve_participant(s, participant, conference, true, &t);
        if (rc)
            return rc;
        sb_reset(&g->path);
        api_media_stream_path(&g->path, t.id);
        return CLI_EXIT_OK;
    }
    if (!conference)
        return CLI_EXIT_OK;
    if (strcmp(g->res->name, "history-participants") == 0)
        return add_param(g, ops_looks_like_uuid(conference) ? "conference" : "conference_name",
                         conference);
    return scope_participants(s, g, conference);
}

static void table_columns(const get_request *g, out_column *cols)
{
    for (size_t c = 0; c < g->ncolumns; c++)
        cols[c] = g->columns[c].col;
}

/* One table/CSV row per object (cell strings only). */
static void add_rows(const get_request *g, out_table *t, const json_t *objects,
                     const node_map *nodes, double now)
{
    char bufs[MAX_COLUMNS][512];
    const char *values[MAX_COLUMNS];
    for (size_t i = 0; i < json_array_size(objects); i++) {
        const json_t *o = json_array_get(objects, i);
        if (!json_is_object(o))
            continue;
        for (size_t c = 0; c < g->ncolumns; c++)
            values[c] = cli_cell_text(&g->columns[c], o, now, nodes, bufs[c], sizeof bufs[c]);
        out_table_add_row(t, values);
    }
}

static void print_rows(const get_request *g, const json_t *objects, const node_map *nodes)
{
    out_column cols[MAX_COLUMNS];
    table_columns(g, cols);
    out_table t;
    out_table_init(&t, cols, g->ncolumns);
    add_rows(g, &t, objects, nodes, time_now());
    if (g->format == OUT_CSV)
        out_print_csv(stdout, &t);
    else
        out_print_table(stdout, &t, out_terminal_width());
    out_table_free(&t);
}

static bool columns_need_nodes(const get_request *g)
{
    for (size_t c = 0; c < g->ncolumns; c++)
        if (g->columns[c].kind == CELL_NODE)
            return true;
    return false;
}

/* IP -> node name for NODE columns; without it the IPs are shown. */
static node_map *load_node_names(cli_session *s)
{
    node_map *nodes = node_map_new();
    cli_list_result res;
    if (cli_list(s, API_CONFIG_WORKER_VM, NULL, 0, &res) == CLI_EXIT_OK)
        node_map_load(nodes, res.objects);
    json_decref(res.objects);
    return nodes;
}

/* The listing; for --loss-above the rx and tx listings merged by id (the
 * later queries' filters replace the first's in place). */
static int get_list(cli_session *s, get_request *g, cli_list_result *res)
{
    int rc = cli_list(s, sb_str(&g->path), g->params, g->nparams, res);
    history_params hp;
    for (unsigned i = 1; rc == CLI_EXIT_OK && history_search_params(&g->query, i, time_now(), &hp);
         i++) {
        memcpy(&g->params[g->preset_at], hp.p, hp.n * sizeof hp.p[0]);
        cli_list_result more;
        rc = cli_list(s, sb_str(&g->path), g->params, g->nparams, &more);
        if (rc != CLI_EXIT_OK) {
            json_decref(res->objects);
            *res = more;
            return rc;
        }
        history_merge(res->objects, more.objects, g->order);
        json_decref(more.objects);
        res->total_count = (long long)json_array_size(res->objects);
    }
    return rc;
}

static int report_get_error(const get_request *g, const api_error *err)
{
    char what[128];
    snprintf(what, sizeof what, "cannot get %s", g->res->name);
    return cli_report_error(what, err);
}

/* Presets are collected whole (--loss-above merges two listings). */
static int get_collected(cli_session *s, get_request *g, const node_map *nodes)
{
    cli_list_result res;
    int rc = get_list(s, g, &res);
    if (rc != CLI_EXIT_OK)
        rc = report_get_error(g, &res.error);
    else if (g->format == OUT_JSON)
        rc = out_print_json(stdout, res.objects) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
    else
        print_rows(g, res.objects, nodes);
    json_decref(res.objects);
    return rc;
}

/* Where the pages of a streamed listing go: JSON and CSV are written page
 * by page and the page dropped; a table needs every row to size its
 * columns, so it keeps the cell strings (not the objects) until the end. */
typedef struct get_stream {
    const get_request *g;
    const node_map *nodes;
    double now;
    bool started; /* the first page arrived: "[" or the CSV header is out */
    bool failed;  /* a write error */
    out_column cols[MAX_COLUMNS];
    out_table table; /* table: every row; CSV: the current page's rows */
    out_json_stream json;
} get_stream;

static void stream_csv_page(get_stream *st, const json_t *objects)
{
    if (!st->started)
        out_print_csv_header(stdout, st->cols, st->g->ncolumns);
    add_rows(st->g, &st->table, objects, st->nodes, st->now);
    out_print_csv_rows(stdout, &st->table);
    out_table_free(&st->table);
    out_table_init(&st->table, st->cols, st->g->ncolumns);
    if (fflush(stdout) != 0)
        st->failed = true;
}

static void on_get_page(const json_t *objects, void *ctx)
{
    get_stream *st = ctx;
    switch (st->g->format) {
    case OUT_JSON:
        if (!st->started)
            out_json_stream_begin(&st->json, stdout);
        if (!out_json_stream_add(&st->json, objects))
            st->failed = true;
        break;
    case OUT_CSV:
        stream_csv_page(st, objects);
        break;
    case OUT_TABLE:
        add_rows(st->g, &st->table, objects, st->nodes, st->now);
        break;
    }
    st->started = true;
}

/* Every page printed as it arrives. On an error after some pages the JSON
 * array is still closed, so that stdout stays valid JSON; the error goes
 * to stderr. A table is printed only when every page arrived. */
static int get_streamed(cli_session *s, get_request *g, const node_map *nodes)
{
    get_stream st = {.g = g, .nodes = nodes, .now = time_now()};
    table_columns(g, st.cols);
    out_table_init(&st.table, st.cols, g->ncolumns);
    cli_list_result res;
    int rc = cli_list_paged(s, sb_str(&g->path), g->params, g->nparams, on_get_page, &st, &res);
    json_decref(res.objects);
    if (g->format == OUT_JSON && st.started && !out_json_stream_end(&st.json))
        st.failed = true;
    if (g->format == OUT_TABLE && rc == CLI_EXIT_OK)
        out_print_table(stdout, &st.table, out_terminal_width());
    out_table_free(&st.table);
    if (rc != CLI_EXIT_OK) {
        fflush(stdout); /* what did arrive goes out before the error */
        return report_get_error(g, &res.error);
    }
    if (st.failed) {
        fputs("pexcon: cannot write the output\n", stderr);
        return CLI_EXIT_REFUSED;
    }
    return CLI_EXIT_OK;
}

static int get_fetch_and_print(cli_session *s, get_request *g)
{
    node_map *nodes = g->format != OUT_JSON && columns_need_nodes(g) ? load_node_names(s) : NULL;
    int rc = g->merge ? get_collected(s, g, nodes) : get_streamed(s, g, nodes);
    node_map_free(nodes);
    if (fflush(stdout) != 0) {
        perror("pexcon: writing output");
        rc = CLI_EXIT_REFUSED;
    }
    return rc;
}

int cli_verb_get(const pexcon_config *cfg, int argc, char **argv)
{
    cli_args a;
    cli_option_value values[NOPTS];
    int rc = cli_args_parse(&a, values, get_options, NOPTS, argc, argv);
    if (rc)
        return rc;
    if (a.help) {
        cli_help_get(stdout);
        return CLI_EXIT_OK;
    }
    get_request g;
    memset(&g, 0, sizeof g);
    rc = get_prepare(&g, &a);
    cli_session s;
    bool open = false;
    if (rc == 0) {
        rc = cli_session_open(&s, cfg);
        open = rc == 0;
    }
    if (rc == 0)
        rc = get_scope(&s, &g, &a);
    if (rc == 0)
        rc = get_fetch_and_print(&s, &g);
    if (open)
        cli_session_close(&s);
    free(g.columns_copy);
    sb_free(&g.path);
    return rc;
}
