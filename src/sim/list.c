/* The Tastypie list engine. See list.h.
 *
 * Comparison rules (typed by the resource table, not by the JSON value):
 *  - integer/float: numeric for exact/lt/lte/gt/gte; the text form of the
 *    number for the string specifiers (contains, regex, ...);
 *  - boolean: exact only, value true/false/True/False/1/0;
 *  - datetime: ISO-8601 strings compare as text (naive UTC, so that is
 *    chronological); a ' ' separator or a trailing Z in the query is accepted;
 *  - to_one: the value matches the related URI itself or its last segment
 *    (history participant ?conference=<id>);
 *  - to_many: `field__sub__spec` matches when ANY embedded object matches.
 * Null or missing values never match, except exact with None/null on
 * non-string fields (Tastypie turns those words into None). */
#include "sim/list.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/xmalloc.h"
#include "sim/text.h"

#define MAX_DEPTH 4

typedef struct list_filter {
    const sim_field *chain[MAX_DEPTH]; /* to_many fields, then the leaf field */
    size_t depth;
    sim_spec spec;
    const char *value; /* borrowed from the query */
    char *text;        /* normalized comparison text (datetime) */
    bool want_null;
    double number;
    bool boolean;
    regex_t re;
    bool has_re;
} list_filter;

typedef struct list_order {
    const sim_field *field;
    bool descending;
} list_order;

typedef struct list_plan {
    list_filter *filters;
    size_t nfilters;
    list_order *orders;
    size_t norders;
    long limit;
    long offset;
} list_plan;

static const char *const reserved_params[] = {"format", "limit", "offset", "order_by", "_"};

int sim_list_is_reserved_param(const char *key)
{
    for (size_t i = 0; i < sizeof reserved_params / sizeof reserved_params[0]; i++)
        if (strcmp(key, reserved_params[i]) == 0)
            return 1;
    return 0;
}

/* ---------- values ---------- */

static bool parse_strict_long(const char *s, long *out)
{
    if (!s || !*s)
        return false;
    errno = 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (errno || *end || isspace((unsigned char)*s))
        return false;
    *out = v;
    return true;
}

static bool parse_number(const char *s, double *out)
{
    if (!s || !*s || isspace((unsigned char)*s))
        return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static bool parse_bool(const char *s, bool *out)
{
    if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 || strcmp(s, "1") == 0)
        *out = true;
    else if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 || strcmp(s, "0") == 0)
        *out = false;
    else
        return false;
    return true;
}

static bool is_null_word(const char *s)
{
    return strcmp(s, "None") == 0 || strcmp(s, "none") == 0 || strcmp(s, "null") == 0 ||
           strcmp(s, "nil") == 0;
}

/* "2024-01-02 03:04:05Z" -> "2024-01-02T03:04:05"; NULL when it is not a date. */
static char *normalize_datetime(const char *s)
{
    size_t len = strlen(s);
    if (len < 10 || !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[3]) || s[4] != '-' ||
        s[7] != '-')
        return NULL;
    char *t = xstrdup(s);
    if (len > 10 && t[10] == ' ')
        t[10] = 'T';
    if (len > 6 && strcmp(t + len - 6, "+00:00") == 0)
        t[len - 6] = '\0';
    else if (t[len - 1] == 'Z')
        t[len - 1] = '\0';
    return t;
}

/* Text form of a scalar value for the string specifiers; NULL for null. */
static const char *value_text(const json_t *v, char *scratch, size_t size)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        return json_string_value(v);
    case JSON_INTEGER:
        snprintf(scratch, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return scratch;
    case JSON_REAL:
        snprintf(scratch, size, "%.15g", json_real_value(v));
        return scratch;
    case JSON_TRUE:
        return "True";
    case JSON_FALSE:
        return "False";
    default:
        return NULL;
    }
}

static bool value_number(const json_t *v, double *out)
{
    if (json_is_number(v)) {
        *out = json_number_value(v);
        return true;
    }
    if (json_is_string(v))
        return parse_number(json_string_value(v), out);
    return false;
}

/* ---------- filter compilation ---------- */

static void filter_release(list_filter *f)
{
    free(f->text);
    if (f->has_re)
        regfree(&f->re);
}

static void plan_free(list_plan *p)
{
    for (size_t i = 0; i < p->nfilters; i++)
        filter_release(&p->filters[i]);
    free(p->filters);
    free(p->orders);
}

/* Split "a__b__c" into at most MAX_DEPTH + 1 parts (in place). */
static size_t split_lookup(char *key, char **parts, size_t max)
{
    size_t n = 0;
    char *p = key;
    while (n < max) {
        parts[n++] = p;
        char *sep = strstr(p, "__");
        if (!sep)
            return n;
        *sep = '\0';
        p = sep + 2;
    }
    return n + 1; /* too many */
}

/* Resolve the field chain and specifier of one filter key. */
static char *filter_resolve(list_filter *f, const sim_resource *res, const char *key)
{
    char buf[256];
    if (strlen(key) >= sizeof buf)
        return sim_format("Invalid filter '%.64s...'", key);
    strcpy(buf, key);
    char *parts[MAX_DEPTH + 2];
    size_t n = split_lookup(buf, parts, MAX_DEPTH + 1);
    if (n > MAX_DEPTH + 1)
        return sim_format("Too many lookups in filter '%s'", key);
    const sim_field *field = sim_resource_field(res, parts[0]);
    if (!field)
        return sim_format("Invalid filter: '%s' is not a field of %s", parts[0], res->name);
    f->depth = 0;
    f->chain[f->depth++] = field;
    f->spec = SIM_SPEC_EXACT;
    for (size_t i = 1; i < n; i++) {
        int spec = sim_spec_from_name(parts[i]);
        if (spec >= 0 && i == n - 1) {
            f->spec = (sim_spec)spec;
            break;
        }
        if (field->type != SIM_FT_TO_MANY || !field->related || !field->with_relations) {
            if (i == n - 1)
                return sim_format("'%s' is not an allowed filter on the '%s' field", parts[i],
                                  field->name);
            return sim_format("Lookups are not allowed more than one level deep on the '%s' "
                              "field",
                              field->name);
        }
        const sim_field *sub = sim_resource_field(field->related, parts[i]);
        if (!sub)
            return sim_format("Invalid filter: '%s' is not a field of %s", parts[i],
                              field->related->name);
        if (f->depth >= MAX_DEPTH)
            return sim_format("Too many lookups in filter '%s'", key);
        field = sub;
        f->chain[f->depth++] = field;
    }
    if (!(field->filter_specs & SIM_SPEC_BIT(f->spec))) {
        if (field->filter_specs == 0)
            return sim_format("The '%s' field does not allow filtering", field->name);
        return sim_format("'%s' is not an allowed filter on the '%s' field", sim_spec_name(f->spec),
                          field->name);
    }
    return NULL;
}

static bool spec_is_ordering(sim_spec s)
{
    return s == SIM_SPEC_EXACT || s == SIM_SPEC_LT || s == SIM_SPEC_LTE || s == SIM_SPEC_GT ||
           s == SIM_SPEC_GTE;
}

/* Check and pre-parse the value for the leaf field's type. */
static char *filter_prepare_value(list_filter *f, const char *key)
{
    const sim_field *leaf = f->chain[f->depth - 1];
    const char *v = f->value;
    if (f->spec == SIM_SPEC_REGEX || f->spec == SIM_SPEC_IREGEX) {
        int flags = REG_EXTENDED | REG_NOSUB | (f->spec == SIM_SPEC_IREGEX ? REG_ICASE : 0);
        if (regcomp(&f->re, v, flags) != 0)
            return sim_format("Invalid regular expression '%s' for filter '%s'", v, key);
        f->has_re = true;
        return NULL;
    }
    if (leaf->type != SIM_FT_STRING && f->spec == SIM_SPEC_EXACT && is_null_word(v)) {
        f->want_null = true;
        return NULL;
    }
    if (!spec_is_ordering(f->spec))
        return NULL;
    switch (leaf->type) {
    case SIM_FT_INTEGER:
    case SIM_FT_FLOAT:
        if (!parse_number(v, &f->number))
            return sim_format("Invalid value '%s' for filter '%s': a number is required", v, key);
        break;
    case SIM_FT_BOOLEAN:
        if (!parse_bool(v, &f->boolean))
            return sim_format("Invalid value '%s' for filter '%s': use true or false", v, key);
        break;
    case SIM_FT_DATETIME:
        f->text = normalize_datetime(v);
        if (!f->text)
            return sim_format("Invalid value '%s' for filter '%s': an ISO-8601 date and time "
                              "is required",
                              v, key);
        break;
    default:
        break;
    }
    return NULL;
}

static char *plan_filters(list_plan *p, const sim_list_request *req)
{
    const sim_query *q = req->query;
    p->filters = xcalloc(q->count ? q->count : 1, sizeof *p->filters);
    for (size_t i = 0; i < q->count; i++) {
        const char *key = q->params[i].key;
        if (sim_list_is_reserved_param(key))
            continue;
        list_filter *f = &p->filters[p->nfilters];
        f->value = q->params[i].value;
        char *err = filter_resolve(f, req->resource, key);
        if (!err)
            err = filter_prepare_value(f, key);
        p->nfilters++; /* counted even on error so plan_free releases it */
        if (err)
            return err;
    }
    return NULL;
}

static char *plan_add_order(list_plan *p, const sim_resource *res, const char *spec)
{
    bool desc = spec[0] == '-';
    const char *name = desc ? spec + 1 : spec;
    const sim_field *field = sim_resource_field(res, name);
    if (!field || !field->orderable)
        return sim_format("No matching '%s' field for ordering on", name);
    p->orders = xrealloc(p->orders, (p->norders + 1) * sizeof *p->orders);
    p->orders[p->norders].field = field;
    p->orders[p->norders].descending = desc;
    p->norders++;
    return NULL;
}

/* order_by may repeat and may hold a comma-separated list. */
static char *plan_orders(list_plan *p, const sim_list_request *req)
{
    const sim_query *q = req->query;
    for (size_t i = 0; i < q->count; i++) {
        if (strcmp(q->params[i].key, "order_by") != 0)
            continue;
        if (q->params[i].value[0] == '\0')
            return sim_format("No matching '' field for ordering on");
        char *copy = xstrdup(q->params[i].value);
        char *save = NULL;
        char *err = NULL;
        for (char *tok = strtok_r(copy, ",", &save); tok && !err; tok = strtok_r(NULL, ",", &save))
            err = plan_add_order(p, req->resource, tok);
        free(copy);
        if (err)
            return err;
    }
    return NULL;
}

static char *plan_paging(list_plan *p, const sim_list_request *req)
{
    const char *ls = sim_query_get(req->query, "limit");
    const char *os = sim_query_get(req->query, "offset");
    long limit = SIM_LIST_DEFAULT_LIMIT, offset = 0;
    if (ls && (!parse_strict_long(ls, &limit) || limit < 0))
        return sim_format("Invalid limit '%s' provided. Please provide a positive integer.", ls);
    if (os && (!parse_strict_long(os, &offset) || offset < 0))
        return sim_format("Invalid offset '%s' provided. Please provide a positive integer.", os);
    if (req->max_limit > 0 && (limit == 0 || limit > req->max_limit))
        limit = req->max_limit;
    p->limit = limit;
    p->offset = offset;
    return NULL;
}

/* ---------- matching ---------- */

static bool match_string(const list_filter *f, const char *s)
{
    const char *v = f->value;
    size_t sl, vl;
    switch (f->spec) {
    case SIM_SPEC_EXACT:
        return strcmp(s, v) == 0;
    case SIM_SPEC_IEXACT:
        return strcasecmp(s, v) == 0;
    case SIM_SPEC_CONTAINS:
        return strstr(s, v) != NULL;
    case SIM_SPEC_ICONTAINS:
        return strcasestr(s, v) != NULL;
    case SIM_SPEC_STARTSWITH:
        return strncmp(s, v, strlen(v)) == 0;
    case SIM_SPEC_ISTARTSWITH:
        return strncasecmp(s, v, strlen(v)) == 0;
    case SIM_SPEC_ENDSWITH:
    case SIM_SPEC_IENDSWITH:
        sl = strlen(s);
        vl = strlen(v);
        if (vl > sl)
            return false;
        return f->spec == SIM_SPEC_ENDSWITH ? strcmp(s + sl - vl, v) == 0
                                            : strcasecmp(s + sl - vl, v) == 0;
    case SIM_SPEC_REGEX:
    case SIM_SPEC_IREGEX:
        return regexec(&f->re, s, 0, NULL, 0) == 0;
    case SIM_SPEC_LT:
        return strcmp(s, f->text ? f->text : v) < 0;
    case SIM_SPEC_LTE:
        return strcmp(s, f->text ? f->text : v) <= 0;
    case SIM_SPEC_GT:
        return strcmp(s, f->text ? f->text : v) > 0;
    case SIM_SPEC_GTE:
        return strcmp(s, f->text ? f->text : v) >= 0;
    default:
        return false;
    }
}

static bool match_number(const list_filter *f, double x)
{
    switch (f->spec) {
    case SIM_SPEC_EXACT:
        return x == f->number;
    case SIM_SPEC_LT:
        return x < f->number;
    case SIM_SPEC_LTE:
        return x <= f->number;
    case SIM_SPEC_GT:
        return x > f->number;
    case SIM_SPEC_GTE:
        return x >= f->number;
    default:
        return false;
    }
}

/* The last non-empty path segment of a resource URI ("/a/b/<id>/" -> "<id>"). */
static bool uri_id_equals(const char *uri, const char *id)
{
    size_t len = strlen(uri);
    while (len > 0 && uri[len - 1] == '/')
        len--;
    size_t start = len;
    while (start > 0 && uri[start - 1] != '/')
        start--;
    return len - start == strlen(id) && strncmp(uri + start, id, len - start) == 0;
}

static bool match_leaf(const list_filter *f, const json_t *v)
{
    const sim_field *leaf = f->chain[f->depth - 1];
    if (!v || json_is_null(v))
        return f->want_null;
    if (f->want_null)
        return false;
    char scratch[64];
    switch (leaf->type) {
    case SIM_FT_BOOLEAN:
        return json_is_boolean(v) && json_is_true(v) == f->boolean;
    case SIM_FT_INTEGER:
    case SIM_FT_FLOAT:
        if (spec_is_ordering(f->spec)) {
            double x;
            return value_number(v, &x) && match_number(f, x);
        }
        break;
    case SIM_FT_TO_ONE:
        return json_is_string(v) && (strcmp(json_string_value(v), f->value) == 0 ||
                                     uri_id_equals(json_string_value(v), f->value));
    default:
        break;
    }
    const char *s = value_text(v, scratch, sizeof scratch);
    return s && match_string(f, s);
}

static bool match_at(const list_filter *f, const json_t *obj, size_t level)
{
    if (!json_is_object(obj))
        return false;
    const json_t *v = json_object_get(obj, f->chain[level]->name);
    if (level + 1 == f->depth)
        return match_leaf(f, v);
    /* A to_many hop: any embedded object may match. */
    size_t i;
    const json_t *item;
    if (!json_is_array(v))
        return false;
    json_array_foreach(v, i, item)
    {
        if (match_at(f, item, level + 1))
            return true;
    }
    return false;
}

static bool match_all(const list_plan *p, const json_t *obj)
{
    for (size_t i = 0; i < p->nfilters; i++)
        if (!match_at(&p->filters[i], obj, 0))
            return false;
    return true;
}

/* ---------- ordering ---------- */

typedef struct sort_item {
    json_t *obj;
    size_t index;
    json_t **keys; /* the order_by values, looked up once per object */
} sort_item;

/* Rank of a JSON type so that mixed types still sort deterministically. */
static int type_rank(const json_t *v)
{
    if (!v || json_is_null(v))
        return 0;
    if (json_is_boolean(v))
        return 1;
    if (json_is_number(v))
        return 2;
    if (json_is_string(v))
        return 3;
    return 4;
}

static int compare_values(const json_t *a, const json_t *b)
{
    int ra = type_rank(a), rb = type_rank(b);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    switch (ra) {
    case 1:
        return (int)json_is_true(a) - (int)json_is_true(b);
    case 2: {
        double x = json_number_value(a), y = json_number_value(b);
        return x < y ? -1 : x > y;
    }
    case 3: {
        int c = strcmp(json_string_value(a), json_string_value(b));
        return c < 0 ? -1 : c > 0;
    }
    default:
        return 0;
    }
}

static _Thread_local const list_plan *sort_plan;

static int compare_items(const void *pa, const void *pb)
{
    const sort_item *a = pa, *b = pb;
    for (size_t i = 0; i < sort_plan->norders; i++) {
        int c = compare_values(a->keys[i], b->keys[i]);
        if (c)
            return sort_plan->orders[i].descending ? -c : c;
    }
    /* Ties keep collection order: a stable sort. */
    return a->index < b->index ? -1 : a->index > b->index;
}

static void sort_items(sort_item *items, size_t m, const list_plan *plan)
{
    json_t **keys = xmalloc(m * plan->norders * sizeof *keys);
    for (size_t i = 0; i < m; i++) {
        items[i].keys = keys + i * plan->norders;
        for (size_t k = 0; k < plan->norders; k++)
            items[i].keys[k] = json_is_object(items[i].obj)
                                   ? json_object_get(items[i].obj, plan->orders[k].field->name)
                                   : NULL;
    }
    sort_plan = plan;
    qsort(items, m, sizeof *items, compare_items);
    sort_plan = NULL;
    free(keys);
}

/* ---------- page ---------- */

static void select_objects(json_t *collection, const list_plan *plan, sort_item **out,
                           size_t *count)
{
    size_t n = json_is_array(collection) ? json_array_size(collection) : 0;
    sort_item *items = xmalloc((n ? n : 1) * sizeof *items);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *obj = json_array_get(collection, i);
        if (plan->nfilters == 0 || match_all(plan, obj)) {
            items[m].obj = obj;
            items[m].index = i;
            m++;
        }
    }
    if (plan->norders > 0 && m > 1)
        sort_items(items, m, plan);
    *out = items;
    *count = m;
}

static void fill_page(sim_list_page *page, const sim_list_request *req, const list_plan *plan,
                      sort_item *items, size_t total)
{
    page->limit = plan->limit;
    page->offset = plan->offset;
    page->total_count = total;
    size_t start = (size_t)plan->offset < total ? (size_t)plan->offset : total;
    size_t limit = plan->limit > 0 ? (size_t)plan->limit : total; /* uncapped limit=0: all */
    size_t end = total - start < limit ? total : start + limit;
    page->count = end - start;
    page->objects = xmalloc((page->count ? page->count : 1) * sizeof *page->objects);
    for (size_t i = 0; i < page->count; i++)
        page->objects[i] = items[start + i].obj;
    long eff_limit = plan->limit > 0 ? plan->limit : (long)total;
    if (eff_limit > 0 && (size_t)plan->offset + (size_t)eff_limit < total)
        page->next = sim_query_link(req->query, req->path, eff_limit, plan->offset + eff_limit);
    if (plan->offset > 0) {
        long prev = plan->offset > eff_limit ? plan->offset - eff_limit : 0;
        page->previous = sim_query_link(req->query, req->path, eff_limit, prev);
    }
}

int sim_list_build(json_t *collection, const sim_list_request *req, sim_list_page *page,
                   char **error)
{
    memset(page, 0, sizeof *page);
    *error = NULL;
    list_plan plan = {0};
    char *err = plan_paging(&plan, req);
    if (!err)
        err = plan_filters(&plan, req);
    if (!err)
        err = plan_orders(&plan, req);
    if (err) {
        plan_free(&plan);
        *error = err;
        return -1;
    }
    sort_item *items = NULL;
    size_t total = 0;
    select_objects(collection, &plan, &items, &total);
    fill_page(page, req, &plan, items, total);
    free(items);
    plan_free(&plan);
    return 0;
}

static bool render_meta(strbuf *b, const sim_list_page *page)
{
    json_t *meta = json_pack("{s:I, s:s?, s:I, s:s?, s:I}", "limit", (json_int_t)page->limit,
                             "next", page->next, "offset", (json_int_t)page->offset, "previous",
                             page->previous, "total_count", (json_int_t)page->total_count);
    if (!meta)
        return false;
    bool ok = sim_json_append(b, meta);
    json_decref(meta);
    return ok;
}

char *sim_list_render(const sim_list_page *page, size_t *len)
{
    strbuf b = STRBUF_INIT;
    sb_append(&b, "{\"meta\": ");
    bool ok = render_meta(&b, page);
    sb_append(&b, ", \"objects\": [");
    for (size_t i = 0; ok && i < page->count; i++) {
        if (i)
            sb_append_len(&b, ", ", 2);
        ok = sim_json_append(&b, page->objects[i]);
    }
    sb_append(&b, "]}");
    if (!ok) {
        sb_free(&b);
        return NULL;
    }
    if (len)
        *len = b.len;
    return sb_steal(&b);
}

json_t *sim_list_to_json(const sim_list_page *page)
{
    size_t len;
    char *text = sim_list_render(page, &len);
    if (!text)
        return NULL;
    json_t *j = json_loadb(text, len, 0, NULL);
    free(text);
    return j;
}

void sim_list_page_free(sim_list_page *page)
{
    free(page->objects);
    free(page->next);
    free(page->previous);
    memset(page, 0, sizeof *page);
}
