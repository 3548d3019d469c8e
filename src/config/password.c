/* Where the password comes from (never from argv). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <sys/wait.h>

#include "config/internal.h"

/* Run password_command once; its first stdout line is the password. */
static int run_password_command(pexcon_config *cfg, strbuf *err)
{
    fflush(NULL);
    FILE *p = popen(cfg->password_command, "r");
    if (!p) {
        sb_printf(err, "cannot run password_command: %s", strerror(errno));
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, p);
    /* Drain the rest so the command does not die of SIGPIPE. */
    char sink[256];
    while (fread(sink, 1, sizeof sink, p) > 0)
        ;
    explicit_bzero(sink, sizeof sink);
    int status = pclose(p);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (line)
            explicit_bzero(line, cap);
        free(line);
        if (status != -1 && WIFEXITED(status))
            sb_printf(err, "password_command failed (exit status %d)", WEXITSTATUS(status));
        else
            sb_append(err, "password_command failed");
        return 1;
    }
    if (n > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
    }
    if (n <= 0) {
        if (line)
            explicit_bzero(line, cap);
        free(line);
        sb_append(err, "password_command printed no password");
        return 1;
    }
    cfg_wipe_free(cfg->password);
    cfg->password = cfg_strdup(line);
    explicit_bzero(line, cap);
    free(line);
    return 0;
}

int cfg_resolve_password(pexcon_config *cfg, strbuf *err)
{
    const char *env = getenv("PEXCON_PASSWORD");
    if (env && *env) {
        cfg_wipe_free(cfg->password);
        cfg->password = cfg_strdup(env);
        return 0;
    }
    if (cfg->password && *cfg->password)
        return 0;
    if (cfg->password_command && *cfg->password_command && !cfg->demo)
        return run_password_command(cfg, err);
    return 0; /* the HTTP engine will look in ~/.netrc */
}
