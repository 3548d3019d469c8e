#include "cli/output.h"

#include "common/jsonwrite.h"
#include "common/sanitize.h"
#include "common/strbuf.h"
#include "common/xmalloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

bool out_format_parse(const char *s, out_format *out)
{
    static const struct {
        const char *name;
        out_format format;
    } formats[] = {{"table", OUT_TABLE}, {"json", OUT_JSON}, {"csv", OUT_CSV}};
    for (size_t i = 0; s && i < sizeof formats / sizeof formats[0]; i++) {
        if (strcmp(s, formats[i].name) == 0) {
            *out = formats[i].format;
            return true;
        }
    }
    return false;
}

void out_table_init(out_table *t, const out_column *cols, size_t ncols)
{
    memset(t, 0, sizeof *t);
    t->cols = (out_column *)cols;
    t->ncols = ncols;
}

void out_table_add_row(out_table *t, const char *const *values)
{
    if (t->ncols == 0)
        return;
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->cells = xrealloc(t->cells, t->cap * t->ncols * sizeof *t->cells);
    }
    char **row = t->cells + t->nrows * t->ncols;
    for (size_t c = 0; c < t->ncols; c++)
        row[c] = sanitize_text(values[c]);
    t->nrows++;
}

void out_table_free(out_table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof *t);
}

static const char *cell(const out_table *t, size_t row, size_t col)
{
    return t->cells[row * t->ncols + col];
}

static int natural_width(const out_table *t, size_t c)
{
    int w = text_width(t->cols[c].header);
    for (size_t r = 0; r < t->nrows; r++) {
        int cw = text_width(cell(t, r, c));
        if (cw > w)
            w = cw;
    }
    if (t->cols[c].max_width > 0 && w > t->cols[c].max_width)
        w = t->cols[c].max_width;
    return w;
}

/* How far a text column is cut before less important columns are dropped
 * instead: names stay readable (up to this many columns) while IDs, times
 * and other extras still fit. */
#define OUT_COMFORT_WIDTH 24

/* Width a column may shrink to: `comfort` keeps OUT_COMFORT_WIDTH, else
 * down to its min_width. Columns without a min_width are never cut. */
static int shrink_floor(const out_table *t, size_t c, int natural, bool comfort)
{
    int min = t->cols[c].min_width;
    if (min <= 0 || min >= natural)
        return natural;
    if (!comfort)
        return min;
    int floor = natural < OUT_COMFORT_WIDTH ? natural : OUT_COMFORT_WIDTH;
    return floor > min ? floor : min;
}

/* An empty column (header only) is the first to go. */
static bool column_is_empty(const out_table *t, size_t c)
{
    for (size_t r = 0; r < t->nrows; r++)
        if (cell(t, r, c)[0])
            return false;
    return true;
}

static int total_width(const int *widths, size_t n)
{
    int total = 0, active = 0;
    for (size_t i = 0; i < n; i++) {
        if (widths[i] > 0) {
            total += widths[i];
            active++;
        }
    }
    return active ? total + 2 * (active - 1) : 0;
}

/* Take one column at a time from the widest column still above its floor. */
static void shrink_to_fit(int *widths, const int *floors, size_t n, int width)
{
    while (total_width(widths, n) > width) {
        size_t widest = n;
        for (size_t i = 0; i < n; i++) {
            if (widths[i] > floors[i] && (widest == n || widths[i] > widths[widest]))
                widest = i;
        }
        if (widest == n)
            return;
        widths[widest]--;
    }
}

/* The least important droppable column still shown: empty ones first,
 * then by priority (rightmost on ties). Priority 1 is never dropped. */
static size_t column_to_drop(const out_table *t, const int *widths)
{
    size_t victim = t->ncols;
    int worst = 0;
    for (size_t i = 0; i < t->ncols; i++) {
        if (widths[i] <= 0 || t->cols[i].priority <= 1)
            continue;
        int rank = column_is_empty(t, i) ? 1000 : t->cols[i].priority;
        if (rank >= worst) {
            victim = i;
            worst = rank;
        }
    }
    return victim;
}

static bool fits_at_floors(const int *widths, const int *floors, size_t n, int width)
{
    int total = 0, active = 0;
    for (size_t i = 0; i < n; i++) {
        if (widths[i] > 0) {
            total += floors[i];
            active++;
        }
    }
    return total + 2 * (active > 0 ? active - 1 : 0) <= width;
}

/* Dropping goes by priority, so it can overshoot: give columns back, the
 * most important first, wherever one still fits (text cut to comfort). */
static void readd_dropped(const out_table *t, int *widths, const int *natural, const int *comfort,
                          const size_t *dropped, size_t ndropped, int width)
{
    for (size_t k = ndropped; k-- > 0;) {
        size_t c = dropped[k];
        if (column_is_empty(t, c))
            continue;
        widths[c] = natural[c];
        if (fits_at_floors(widths, comfort, t->ncols, width))
            shrink_to_fit(widths, comfort, t->ncols, width);
        else
            widths[c] = 0;
    }
}

/* Natural widths; if too wide: cut text columns to a comfortable width,
 * else drop the least important column and try again; with only essential
 * columns left, cut them to their minimum, then as far as needed. */
void out_table_layout(const out_table *t, int width, int *widths)
{
    size_t n = t->ncols, ndropped = 0;
    int *natural = xcalloc(n ? n : 1, sizeof *natural);
    int *comfort = xcalloc(n ? n : 1, sizeof *comfort);
    int *floors = xcalloc(n ? n : 1, sizeof *floors);
    size_t *dropped = xcalloc(n ? n : 1, sizeof *dropped);
    for (size_t i = 0; i < n; i++) {
        int w = natural_width(t, i);
        natural[i] = widths[i] = w > 0 ? w : 1;
        comfort[i] = shrink_floor(t, i, widths[i], true);
        floors[i] = shrink_floor(t, i, widths[i], false);
    }
    while (total_width(widths, n) > width) {
        if (fits_at_floors(widths, comfort, n, width)) {
            shrink_to_fit(widths, comfort, n, width);
            break;
        }
        size_t victim = column_to_drop(t, widths);
        if (victim < n) {
            widths[victim] = 0;
            dropped[ndropped++] = victim;
            continue;
        }
        shrink_to_fit(widths, floors, n, width);
        for (size_t i = 0; i < n; i++)
            floors[i] = 1;
        shrink_to_fit(widths, floors, n, width);
        break;
    }
    readd_dropped(t, widths, natural, comfort, dropped, ndropped, width);
    free(natural);
    free(comfort);
    free(floors);
    free(dropped);
}

static void append_padding(strbuf *line, int n)
{
    for (int i = 0; i < n; i++)
        sb_append_char(line, ' ');
}

/* One row: cells cut to their column width, two spaces apart, trailing
 * blanks trimmed. */
static void print_line(FILE *f, const out_table *t, const int *widths, const char *const *texts)
{
    strbuf line = STRBUF_INIT;
    bool first = true;
    for (size_t c = 0; c < t->ncols; c++) {
        if (widths[c] <= 0)
            continue;
        /* Room for `width` columns of up-to-4-byte characters and "…". */
        size_t size = (size_t)widths[c] * 4 + 8;
        char *buf = xmalloc(size);
        int used = text_fit(buf, size, texts[c], widths[c], true, false);
        if (!first)
            sb_append(&line, "  ");
        first = false;
        if (t->cols[c].right)
            append_padding(&line, widths[c] - used);
        sb_append(&line, buf);
        if (!t->cols[c].right)
            append_padding(&line, widths[c] - used);
        free(buf);
    }
    while (line.len > 0 && line.data[line.len - 1] == ' ')
        line.data[--line.len] = '\0';
    fputs(sb_str(&line), f);
    fputc('\n', f);
    sb_free(&line);
}

void out_print_table(FILE *f, const out_table *t, int width)
{
    if (t->ncols == 0)
        return;
    int *widths = xcalloc(t->ncols, sizeof *widths);
    const char **texts = xcalloc(t->ncols, sizeof *texts);
    out_table_layout(t, width, widths);
    for (size_t c = 0; c < t->ncols; c++)
        texts[c] = t->cols[c].header;
    print_line(f, t, widths, texts);
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++)
            texts[c] = cell(t, r, c);
        print_line(f, t, widths, texts);
    }
    free(widths);
    free(texts);
}

void out_csv_field(FILE *f, const char *s)
{
    if (!s)
        s = "";
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void out_print_csv_header(FILE *f, const out_column *cols, size_t ncols)
{
    for (size_t c = 0; c < ncols; c++) {
        if (c)
            fputc(',', f);
        out_csv_field(f, cols[c].header);
    }
    fputs("\r\n", f);
}

void out_print_csv_rows(FILE *f, const out_table *t)
{
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            if (c)
                fputc(',', f);
            out_csv_field(f, cell(t, r, c));
        }
        fputs("\r\n", f);
    }
}

void out_print_csv(FILE *f, const out_table *t)
{
    out_print_csv_header(f, t->cols, t->ncols);
    out_print_csv_rows(f, t);
}

bool out_print_json(FILE *f, const json_t *array)
{
    /* Sanitized on the way out, in chunks, straight from the parsed tree. */
    static const jsonw_options pretty = JSONW_SANITIZED(JSON_INDENT(2));
    bool ok = jsonw_write_file(f, array, &pretty);
    fputc('\n', f);
    return ok && !ferror(f);
}

void out_json_stream_begin(out_json_stream *s, FILE *f)
{
    s->f = f;
    s->items = 0;
    s->ok = true;
    s->page = (strbuf)STRBUF_INIT;
    fputc('[', f);
}

bool out_json_stream_add(out_json_stream *s, const json_t *array)
{
    static const jsonw_options pretty = JSONW_SANITIZED(JSON_INDENT(2));
    size_t n = json_array_size(array);
    if (n == 0)
        return s->ok;
    /* The page as an array at the top level is "[\n  item,\n  item\n]": the
     * text between the brackets is the items exactly as they sit inside the
     * whole array, indentation included. */
    sb_reset(&s->page);
    if (!jsonw_append(&s->page, array, &pretty) || s->page.len < 4) {
        s->ok = false; /* cannot happen for a parsed tree; never write half an item */
        return false;
    }
    fputs(s->items ? "," : "", s->f);
    fwrite(sb_str(&s->page) + 1, 1, s->page.len - 3, s->f);
    s->items += n;
    if (fflush(s->f) != 0)
        s->ok = false;
    return s->ok;
}

bool out_json_stream_end(out_json_stream *s)
{
    fputs(s->items ? "\n]\n" : "]\n", s->f);
    sb_free(&s->page);
    if (fflush(s->f) != 0 || ferror(s->f))
        s->ok = false;
    return s->ok;
}

int out_terminal_width(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *cols = getenv("COLUMNS");
    if (cols && *cols) {
        char *end;
        long n = strtol(cols, &end, 10);
        if (*end == '\0' && n > 0 && n < 10000)
            return (int)n;
    }
    return 80;
}
