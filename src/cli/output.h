/* Batch output: aligned tables that fit the terminal, RFC 4180 CSV, and
 * JSON. Every cell and every JSON string is sanitized here, whatever its
 * origin, so nothing the server sends can drive the terminal. */
#ifndef PEXCON_CLI_OUTPUT_H
#define PEXCON_CLI_OUTPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "common/strbuf.h"

typedef enum out_format { OUT_TABLE, OUT_JSON, OUT_CSV } out_format;

/* Parse "table" | "json" | "csv"; false when unknown. */
bool out_format_parse(const char *s, out_format *out);

typedef struct out_column {
    const char *header;
    int priority;  /* 1 = never dropped; larger numbers are dropped first */
    int min_width; /* below this the column is dropped rather than cut */
    int max_width; /* 0 = no cap */
    bool right;    /* right-align (numbers) */
} out_column;

/* A grid of cells (sanitized on the way in). */
typedef struct out_table {
    out_column *cols;
    size_t ncols;
    char **cells; /* nrows * ncols, row-major */
    size_t nrows, cap;
} out_table;

void out_table_init(out_table *t, const out_column *cols, size_t ncols);
/* Append a row of ncols raw strings (NULL = empty). */
void out_table_add_row(out_table *t, const char *const *values);
void out_table_free(out_table *t);

/* Column widths for `width` terminal columns: dropped columns get 0.
 * Exposed for tests. */
void out_table_layout(const out_table *t, int width, int *widths);

/* Print with a header row, two spaces between columns, no line wider than
 * `width` columns (cells cut with an ellipsis by display width). */
void out_print_table(FILE *f, const out_table *t, int width);

/* Header row then rows, RFC 4180 quoting, CRLF line ends. */
void out_print_csv(FILE *f, const out_table *t);

/* One CSV field, quoted when needed (appended to f). */
void out_csv_field(FILE *f, const char *s);

/* The array, every string and key sanitized, pretty-printed (2 spaces,
 * keys in the server's order), then a newline; written in chunks as it is
 * serialized, without copying the tree. Returns false on a write error. */
bool out_print_json(FILE *f, const json_t *array);

/* A JSON array written a page at a time, each page as soon as it is
 * there: the same text out_print_json() gives for all the items at once.
 * `end` closes the array whatever happened before, so that the output
 * stays valid JSON when the listing fails half-way. */
typedef struct out_json_stream {
    FILE *f;
    size_t items; /* written so far */
    bool ok;      /* no write or serialization error so far */
    strbuf page;  /* one page's text, reused */
} out_json_stream;

/* Writes "[". */
void out_json_stream_begin(out_json_stream *s, FILE *f);
/* Appends the items of `array` (sanitized, indented as array items). */
bool out_json_stream_add(out_json_stream *s, const json_t *array);
/* Writes "]" and a newline, flushes, releases the buffer; false when any
 * write failed. */
bool out_json_stream_end(out_json_stream *s);

/* CSV a page at a time: the header row once, then each page's rows. */
void out_print_csv_header(FILE *f, const out_column *cols, size_t ncols);
void out_print_csv_rows(FILE *f, const out_table *t);

/* Width to format for: the terminal's (TIOCGWINSZ on stdout), else
 * $COLUMNS, else 80. */
int out_terminal_width(void);

#endif
