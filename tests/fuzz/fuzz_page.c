/* A page from the server, as far as it goes: its classification (status,
 * content type, body: the API layer's verdict and parsed JSON), the page's
 * objects into the model (participants and conferences, people and
 * conferences without instance), every batch cell of every resource, and
 * the three output formats. Checks: no crash or leak, output clean. */
#include <stdio.h>
#include <string.h>

#include "api/client.h"
#include "cli/output.h"
#include "cli/resources.h"
#include "common/jsonload.h"
#include "common/sanitize.h"
#include "fuzz.h"
#include "model/model.h"

static void model_path(json_t *objects)
{
    model *m = model_new();
    FUZZ_CHECK(m != NULL);
    model_apply(m, MT_ALL_PARTICIPANTS, objects, 1000, NULL);
    model_participants_changed(m, 1000);
    model_apply_conferences(m, objects, 1001, true);
    model_participants_changed(m, 1002);
    const model_table *t = model_get(m, MT_ALL_PARTICIPANTS);
    bool first[64];
    if (model_table_count(t) <= 64)
        participant_first_legs(t, first);
    for (size_t i = 0; i < model_table_count(t); i++) {
        const json_t *o = model_table_at(t, i)->obj;
        participant_person_key(o);
        participant_stage(o, NULL);
        participant_is_waiting(o);
    }
    model_free(m);
}

static void outputs(json_t *objects)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    FUZZ_CHECK(f != NULL);
    for (size_t r = 0; r < cli_resource_count(); r++) {
        const cli_resource_def *res = cli_resource_at(r);
        out_column cols[32];
        size_t n = res->ncolumns < 32 ? res->ncolumns : 32;
        for (size_t c = 0; c < n; c++)
            cols[c] = res->columns[c].col;
        out_table table;
        out_table_init(&table, cols, n);
        for (size_t i = 0; i < json_array_size(objects) && i < 50; i++) {
            char cells[32][256];
            const char *values[32];
            for (size_t c = 0; c < n; c++)
                values[c] = cli_cell_text(&res->columns[c], json_array_get(objects, i), 1e9, NULL,
                                          cells[c], sizeof cells[c]);
            out_table_add_row(&table, values);
        }
        out_print_table(f, &table, 80);
        out_print_csv(f, &table);
        out_table_free(&table);
    }
    out_print_json(f, objects);
    fclose(f);
    /* Every string was sanitized on the way out. */
    for (size_t i = 0; i < len; i++)
        FUZZ_CHECK(out[i] != 0x1b);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The first byte picks the answer's status and content type. */
    static const long statuses[] = {200, 200, 202, 400, 401, 404, 429, 500, 503, 302};
    static const char *const types[] = {"application/json", "text/html", NULL};
    long status = size ? statuses[data[0] % 10] : 200;
    char *body = fuzz_text(size ? data + 1 : data, size ? size - 1 : 0);
    net_response resp = {.method = NET_GET,
                         .path = "/api/admin/status/v1/participant/",
                         .status = status,
                         .body = body,
                         .body_len = strlen(body),
                         .content_type = types[size ? data[0] % 3 : 0],
                         .retry_after = -1,
                         .error = "",
                         .failure = NET_OK};
    api_error aerr;
    json_t *page = NULL;
    api_classify(&resp, &aerr, &page);
    FUZZ_CHECK(aerr.kind == API_OK || aerr.message[0]);
    free(body);
    if (!page)
        return 0;
    json_t *objects = json_is_array(page) ? page : json_object_get(page, "objects");
    if (json_is_array(objects)) {
        model_path(objects);
        outputs(objects);
    }
    json_decref(page);
    return 0;
}
