/* config_load over a fuzzed argv (the first line, split at spaces) and a
 * fuzzed config file (the rest). Never runs a password_command: the
 * password comes from PEXCON_PASSWORD, which wins. Checks: a known status,
 * an https/http URL when it succeeds, every message one clean line. */
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "common/sanitize.h"
#include "config/config.h"
#include "fuzz.h"

#define MAX_ARGS 24

static const char *config_file(void)
{
    static char path[64];
    if (!path[0]) {
        strcpy(path, "/tmp/pexcon-fuzz-config-XXXXXX");
        int fd = mkstemp(path);
        FUZZ_CHECK(fd >= 0);
        close(fd);
        setenv("PEXCON_PASSWORD", "fuzz", 1); /* no password_command, ever */
        setenv("HOME", "/nonexistent", 1);
        setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
        unsetenv("PEXCON_PROFILE");
    }
    return path;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = config_file();
    const uint8_t *nl = memchr(data, '\n', size);
    size_t argv_len = nl ? (size_t)(nl - data) : size;
    FILE *f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL);
    if (nl)
        fwrite(nl + 1, 1, size - argv_len - 1, f);
    fclose(f);

    char *words = fuzz_text(data, argv_len);
    FUZZ_CHECK(words != NULL);
    char *argv[MAX_ARGS + 4] = {"pexcon", "--config", (char *)path};
    int argc = 3;
    for (char *save = NULL, *w = strtok_r(words, " ", &save); w && argc < MAX_ARGS;
         w = strtok_r(NULL, " ", &save))
        argv[argc++] = w;
    argv[argc] = NULL;

    pexcon_config cfg;
    strbuf err = STRBUF_INIT;
    int verb;
    int rc = config_load(&cfg, argc, argv, &verb, &err);
    FUZZ_CHECK(rc == 0 || rc == 1 || rc == 2);
    FUZZ_CHECK(verb >= 1 && verb <= argc);
    if (rc != 0) {
        FUZZ_CHECK(err.len > 0 && text_is_clean(sb_str(&err)));
    } else if (cfg.url && !cfg.demo) {
        FUZZ_CHECK(strncmp(cfg.url, "https://", 8) == 0 || strncmp(cfg.url, "http://", 7) == 0);
        FUZZ_CHECK(!strstr(cfg.url, "\n"));
    }
    if (rc == 0)
        for (size_t i = 0; i < cfg.nkeys; i++)
            FUZZ_CHECK(config_key_action(&cfg, cfg.keys[i].key) != NULL);
    config_free(&cfg);
    sb_free(&err);
    free(words);
    return 0;
}
