/* json_loadb against json_load_fast, and json_dumps against jsonwrite, on a participant page.
 *
 * Usage: json_bench [page.json]
 * Without an argument it generates a page like the one pexsim serves for
 * ?limit=1000 (1000 participant objects with the status/v1/participant field
 * list, about 1.4 MB, a few names in raw UTF-8 and in \u escapes). Each
 * loader runs 15 times; the medians are printed in ms with their ratio, for
 * the load alone and for load plus json_decref of the tree. Then the page
 * is written back with json_dumps and with common/jsonwrite (plain, and
 * with the sanitizing filter pexcon uses), in pexsim's and pexcon's layout.
 * Exits 1 if the two loaders disagree on the page. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "common/jsonload.h"
#include "common/jsonwrite.h"
#include "common/strbuf.h"

#define RUNS 15

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint32_t rng_next(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

static const char *pick(const char *const *list, size_t n)
{
    return list[rng_next() % n];
}

#define PICK(list) pick(list, sizeof list / sizeof list[0])

static void append_uuid(strbuf *sb)
{
    sb_printf(sb, "%08x-%04x-%04x-%04x-%04x%08x", rng_next(), rng_next() & 0xFFFF,
              0x4000 | (rng_next() & 0x0FFF), 0x8000 | (rng_next() & 0x3FFF), rng_next() & 0xFFFF,
              rng_next());
}

/* One participant, keys sorted as Tastypie writes them. Names are JSON text
 * already (some carry escapes or raw UTF-8). */
static void append_participant(strbuf *sb, int i)
{
    static const char *const first[] = {"Amara",       "Julia", "Ola",          "Zo\\u00eb",
                                        "Jos\xc3\xa9", "Wei",   "M\\u00fcller", "Priya",
                                        "Tom\\u00e1s", "Sven",  "Aiko",         "Liam"};
    static const char *const last[] = {"Khan",
                                       "Patel",
                                       "Nordmann",
                                       "Smith",
                                       "Garc\xc3\xad"
                                       "a",
                                       "Chen",
                                       "Schmidt",
                                       "Rao",
                                       "\\u00d8deg\\u00e5rd",
                                       "Berg",
                                       "Tanaka",
                                       "O'Brien"};
    static const char *const protocols[] = {"SIP", "H323", "WebRTC", "MSSIP", "TEAMS", "RTMP"};
    static const char *const qualities[] = {"0_unknown", "1_good", "2_ok", "3_bad"};
    static const char *const vendors[] = {"Pexip Infinity Connect/1.8.4 (Windows)",
                                          "Cisco/CE 9.15.3 \\\"Room Kit\\\"", "Polycom/6.2.1",
                                          "Mozilla/5.0 (X11; Linux x86_64) Firefox/118.0"};
    static const char *const locations[] = {"London", "Oslo", "New York", "Tokyo"};
    const char *fn = PICK(first), *ln = PICK(last);
    int bw = 256 + (int)(rng_next() % 3840);

    sb_append(sb, "{\"bandwidth\": ");
    sb_printf(sb, "%d, \"call_direction\": \"%s\", \"call_quality\": \"%s\", ", bw,
              rng_next() % 2 ? "in" : "out", PICK(qualities));
    sb_append(sb, "\"call_tag\": \"\", \"call_uuid\": \"");
    append_uuid(sb);
    sb_printf(sb, "\", \"conference\": \"%s %s's Room\", ", fn, ln);
    sb_printf(sb, "\"connect_time\": \"2026-11-28T07:%02d:%02d.%06u\", ", i / 60 % 60, i % 60,
              rng_next() % 1000000);
    sb_append(sb, "\"conversation_id\": \"");
    append_uuid(sb);
    sb_printf(sb, "\", \"destination_alias\": \"meet.room%d@example.com\", ", i % 1000);
    sb_printf(sb, "\"display_name\": \"%s %s\", \"encryption\": \"On\", ", fn, ln);
    sb_printf(sb, "\"has_media\": %s, \"id\": \"", rng_next() % 4 ? "true" : "false");
    append_uuid(sb);
    sb_append(sb, "\", \"idp_uuid\": \"\", ");
    static const char *const flags[] = {"is_client_muted",
                                        "is_direct",
                                        "is_disconnect_supported",
                                        "is_idp_authenticated",
                                        "is_mute_supported",
                                        "is_muted",
                                        "is_on_hold",
                                        "is_presentation_supported",
                                        "is_presenting",
                                        "is_recording",
                                        "is_streaming",
                                        "is_transcribing",
                                        "is_transfer_supported"};
    for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++)
        sb_printf(sb, "\"%s\": %s, ", flags[f], rng_next() % 3 ? "false" : "true");
    sb_printf(sb, "\"license_count\": %u, \"license_type\": \"port\", ", rng_next() % 3);
    sb_printf(sb, "\"media_node\": \"10.40.0.%u\", \"parent_id\": \"\", ", rng_next() % 40);
    sb_printf(sb, "\"participant_alias\": \"user%d@example.com\", \"protocol\": \"%s\", ", i,
              PICK(protocols));
    sb_printf(sb, "\"proxy_node\": %s, ", rng_next() % 2 ? "null" : "\"10.40.0.11\"");
    sb_printf(sb, "\"remote_address\": \"10.%u.%u.%u\", \"remote_port\": %u, ", rng_next() % 256,
              rng_next() % 256, rng_next() % 256, 1024 + rng_next() % 60000);
    sb_append(sb, "\"resource_uri\": \"/api/admin/status/v1/participant/");
    append_uuid(sb);
    sb_printf(sb, "/\", \"role\": \"%s\", \"rx_bandwidth\": %d, ",
              rng_next() % 5 ? "guest" : "chair", bw);
    sb_printf(sb, "\"service_tag\": \"eng\", \"service_type\": \"conference\", ");
    sb_printf(sb, "\"signalling_node\": \"10.40.0.%u\", ", rng_next() % 40);
    sb_printf(sb, "\"source_alias\": \"user%d@example.com\", \"system_location\": \"%s\", ", i,
              PICK(locations));
    sb_printf(sb, "\"transcoding_enabled\": %s, \"tx_bandwidth\": %d, \"vendor\": \"%s\"}",
              rng_next() % 2 ? "true" : "false", bw - 64, PICK(vendors));
}

static char *generate_page(int count, size_t *len)
{
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb,
              "{\"meta\": {\"limit\": %d, \"next\": \"/api/admin/status/v1/participant/"
              "?limit=%d&offset=%d\", \"offset\": 0, \"previous\": null, \"total_count\": %d}, "
              "\"objects\": [",
              count, count, count, count * 10);
    for (int i = 0; i < count; i++) {
        if (i)
            sb_append(&sb, ", ");
        append_participant(&sb, i);
    }
    sb_append(&sb, "]}");
    *len = sb.len;
    return sb_steal(&sb);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    strbuf sb = STRBUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sb_append_len(&sb, chunk, n);
    fclose(f);
    *len = sb.len;
    return sb_steal(&sb);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef json_t *(*load_fn)(const char *, size_t, size_t, json_error_t *);

typedef struct timing {
    double load;      /* median ms to load the page */
    double load_free; /* median ms to load it and free the tree */
} timing;

/* Medians of RUNS loads; each tree is freed outside the load timing but
 * inside load_free, as a consumer of pages pays for both. */
static timing time_loader(load_fn load, const char *buf, size_t len)
{
    double loads[RUNS], totals[RUNS];
    json_decref(load(buf, len, 0, NULL)); /* warm the allocator and caches */
    for (int i = 0; i < RUNS; i++) {
        double t0 = now_ms();
        json_t *root = load(buf, len, 0, NULL);
        double t1 = now_ms();
        json_decref(root);
        loads[i] = t1 - t0;
        totals[i] = now_ms() - t0;
    }
    qsort(loads, RUNS, sizeof loads[0], compare_doubles);
    qsort(totals, RUNS, sizeof totals[0], compare_doubles);
    return (timing){loads[RUNS / 2], totals[RUNS / 2]};
}

/* Median ms of RUNS runs of `write` over `tree`. */
static double time_writer(void (*write)(const json_t *, size_t), const json_t *tree, size_t flags)
{
    double runs[RUNS];
    write(tree, flags); /* warm up */
    for (int i = 0; i < RUNS; i++) {
        double t0 = now_ms();
        write(tree, flags);
        runs[i] = now_ms() - t0;
    }
    qsort(runs, RUNS, sizeof runs[0], compare_doubles);
    return runs[RUNS / 2];
}

static void write_with_jansson(const json_t *tree, size_t flags)
{
    free(json_dumps(tree, flags));
}

static void write_with_jsonw(const json_t *tree, size_t flags)
{
    jsonw_options o = {.flags = flags};
    strbuf sb = STRBUF_INIT;
    jsonw_append(&sb, tree, &o);
    sb_free(&sb);
}

static void write_with_jsonw_sanitized(const json_t *tree, size_t flags)
{
    jsonw_options o = JSONW_SANITIZED(flags);
    strbuf sb = STRBUF_INIT;
    jsonw_append(&sb, tree, &o);
    sb_free(&sb);
}

/* The writers on the loaded page: pexsim's flags, and pexcon's -o json
 * layout (jsonw also sanitizes there, Jansson does not). */
static void compare_writers(const json_t *tree)
{
    static const struct {
        const char *name;
        size_t flags;
    } layouts[] = {
        {"sorted, \", \", precision 15 (pexsim)", JSON_SORT_KEYS | JSON_REAL_PRECISION(15)},
        {"indent 2 (pexcon -o json)", JSON_INDENT(2)},
    };
    printf("writers, median of %d   json_dumps      jsonw  jsonw+sanitize\n", RUNS);
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
        size_t flags = layouts[i].flags;
        printf("%-34s %7.2f ms %7.2f ms %7.2f ms\n", layouts[i].name,
               time_writer(write_with_jansson, tree, flags),
               time_writer(write_with_jsonw, tree, flags),
               time_writer(write_with_jsonw_sanitized, tree, flags));
    }
}

int main(int argc, char **argv)
{
    size_t len;
    char *page = argc > 1 ? read_file(argv[1], &len) : generate_page(1000, &len);
    if (!page) {
        perror(argv[1]);
        return 2;
    }
    json_error_t e1, e2;
    json_t *slow = json_loadb(page, len, 0, &e1);
    json_t *fast = json_load_fast(page, len, 0, &e2);
    bool agree = (!slow && !fast) || (slow && fast && json_equal(slow, fast));
    printf("page: %zu bytes (%s)%s\n", len, argc > 1 ? argv[1] : "generated, 1000 participants",
           slow ? "" : ", not valid JSON");
    if (!agree)
        printf("LOADERS DISAGREE: json_loadb %s, json_load_fast %s\n", slow ? "ok" : e1.text,
               fast ? "ok" : e2.text);
    json_decref(slow);
    if (fast)
        compare_writers(fast);
    json_decref(fast);

    timing slow_t = time_loader(json_loadb, page, len);
    timing fast_t = time_loader(json_load_fast, page, len);
    printf("median of %d       load     load+free\n", RUNS);
    printf("json_loadb     : %7.2f ms  %7.2f ms\n", slow_t.load, slow_t.load_free);
    printf("json_load_fast : %7.2f ms  %7.2f ms\n", fast_t.load, fast_t.load_free);
    printf("ratio          : %7.2fx    %7.2fx\n", slow_t.load / fast_t.load,
           slow_t.load_free / fast_t.load_free);
    free(page);
    return agree ? 0 : 1;
}
