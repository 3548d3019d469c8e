/* What `pexcon get` can list: each resource's API path, how its scoping
 * options map to query parameters, and its table/CSV columns. */
#ifndef PEXCON_CLI_RESOURCES_H
#define PEXCON_CLI_RESOURCES_H

#include "cli/output.h"
#include "model/nodes.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* How a column turns an object into text. */
typedef enum cli_cell_kind {
    CELL_FIELD,             /* the field's text */
    CELL_TIME,              /* a date-time without the fraction: "2021-03-12 14:47:45" */
    CELL_NODE_CONTACT,      /* a node's last contact, whichever field its version has */
    CELL_ELAPSED,           /* time since the field's date-time: "3:07" */
    CELL_HISTORY_DURATION,  /* duration field or end - start */
    CELL_QUALITY,           /* call_quality label */
    CELL_STREAM_QUALITY,    /* computed from a media stream */
    CELL_HISTORY_QUALITY,   /* recorded, else computed from embedded streams */
    CELL_NODE,              /* an IP shown as its node name when known */
    CELL_YESNO,             /* boolean as yes/no */
    CELL_RATIO,             /* field "<x>_count" / "<x>_total" given as x */
    CELL_CONF_STATE,        /* locked, guests muted */
    CELL_PARTICIPANT_STATE, /* muted, presenting, on hold, ... */
    CELL_URI_ID,            /* last segment of a resource URI */
} cli_cell_kind;

typedef struct cli_column_def {
    const char *key; /* for --columns: "name", "quality", ... */
    const char *field;
    cli_cell_kind kind;
    out_column col;
} cli_column_def;

typedef struct cli_resource_def {
    const char *name;        /* "participants" */
    const char *path;        /* relative to /api/admin/ */
    const char *description; /* for help */
    bool takes_conference;   /* --conference */
    bool takes_participant;  /* --participant (media: path below the participant) */
    const cli_column_def *columns;
    size_t ncolumns;
} cli_resource_def;

const cli_resource_def *cli_resource_find(const char *name);
size_t cli_resource_count(void);
const cli_resource_def *cli_resource_at(size_t i);

/* Text of one cell (raw, not yet sanitized) into buf. */
const char *cli_cell_text(const cli_column_def *c, const json_t *obj, double now,
                          const node_map *nodes, char *buf, size_t size);

/* A column for --columns KEY: a known key of the resource, else a raw
 * field of that name. Fills *out (field/header point into `key` or static
 * text: keep `key` alive). */
void cli_column_for_key(const cli_resource_def *r, const char *key, cli_column_def *out);

#endif
