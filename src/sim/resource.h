/* pexsim's resource table: every endpoint the simulated Management Node
 * serves, with the fields it declares in its Tastypie schema.
 *
 * The table is data-driven (one field-list string per resource, in the same
 * `name:type` form as pexip-api-fields.md) and is the single place that says
 * which fields can be filtered and ordered and how values compare. The world
 * produces the objects; this table only describes them. */
#ifndef PEXSIM_RESOURCE_H
#define PEXSIM_RESOURCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum sim_field_type {
    SIM_FT_STRING,
    SIM_FT_INTEGER,
    SIM_FT_FLOAT,
    SIM_FT_BOOLEAN,
    SIM_FT_DATETIME,
    SIM_FT_TO_ONE,  /* a resource URI of another resource (Tastypie ToOneField) */
    SIM_FT_TO_MANY, /* an embedded list of objects of another resource */
    SIM_FT_LIST,    /* a plain JSON list (e.g. historic_call_quality) */
} sim_field_type;

/* Match specifiers of the Management API document, one bit each. */
typedef enum sim_spec {
    SIM_SPEC_EXACT,
    SIM_SPEC_IEXACT,
    SIM_SPEC_CONTAINS,
    SIM_SPEC_ICONTAINS,
    SIM_SPEC_STARTSWITH,
    SIM_SPEC_ISTARTSWITH,
    SIM_SPEC_ENDSWITH,
    SIM_SPEC_IENDSWITH,
    SIM_SPEC_REGEX,
    SIM_SPEC_IREGEX,
    SIM_SPEC_LT,
    SIM_SPEC_LTE,
    SIM_SPEC_GT,
    SIM_SPEC_GTE,
    SIM_SPEC_COUNT
} sim_spec;

#define SIM_SPEC_BIT(s) (1u << (s))
#define SIM_SPECS_ALL ((1u << SIM_SPEC_COUNT) - 1u)

/* Name of a specifier ("exact", "iregex", ...) and the reverse lookup
 * (-1 when `name` is not a specifier). */
const char *sim_spec_name(sim_spec s);
int sim_spec_from_name(const char *name);

typedef struct sim_resource sim_resource;

typedef struct sim_field {
    char *name;
    sim_field_type type;
    unsigned filter_specs; /* allowed specifiers; 0 = not filterable */
    bool with_relations;   /* filtering "2" (ALL_WITH_RELATIONS) in the schema */
    bool orderable;
    bool nullable;
    const sim_resource *related; /* TO_ONE / TO_MANY target, may be NULL */
} sim_field;

struct sim_resource {
    const char *key;            /* world collection key: "status/participant" */
    const char *path;           /* list endpoint: "/api/admin/status/v1/participant/" */
    const char *area;           /* "status", "history", "configuration" */
    const char *name;           /* "participant" or, for a sub-collection, "media_stream" */
    bool is_sub;                /* reached below a parent object: <parent>/<id>/<name>/ */
    const sim_resource *parent; /* for sub-collections */
    sim_field *fields;
    size_t nfields;
};

/* The table, built once (thread-safe). */
const sim_resource *sim_resource_find(const char *area, const char *name);
const sim_resource *sim_resource_find_sub(const sim_resource *parent, const char *sub);
size_t sim_resource_count(void);
const sim_resource *sim_resource_at(size_t i); /* top-level resources only */

const sim_field *sim_resource_field(const sim_resource *r, const char *name);
const char *sim_field_type_name(sim_field_type t);

/* Tastypie-style schema of a list resource (new reference). */
json_t *sim_resource_schema(const sim_resource *r);

/* Command schemas ("participant/mute" → fields); NULL for unknown commands. */
json_t *sim_command_schema(const char *command);
/* All commands known to the schema table, in order; NULL past the end. */
const char *sim_command_at(size_t i);

#endif
