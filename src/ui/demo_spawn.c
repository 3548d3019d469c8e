/* pexcon --demo through the pexsim executable: spawned with uv_spawn on
 * loopback, port 0, with random credentials handed over in its environment
 * (PEXSIM_USER / PEXSIM_PASSWORD; never argv, which other users can read).
 * Its output goes to /dev/null so it never writes over the console.
 *
 * pexsim is found through $PEXSIM, next to the pexcon executable, or in the
 * build tree's sim/ directory. (demo_embed.c runs the server in-process
 * through sim/server.h instead; see src/ui/meson.build.) */
#include "ui/demo.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "ui/app.h"

#define DEMO_START_TIMEOUT_S 10.0

typedef struct demo_state {
    uv_process_t proc;
    bool running;
    char dir[PATH_MAX];
    char port_file[PATH_MAX + 16];
    char url[64];
    char user[32];
    char password[48];
} demo_state;

static bool random_hex(char *out, size_t nbytes)
{
    unsigned char raw[32];
    size_t got = 0;
    if (nbytes > sizeof raw)
        return false;
    while (got < nbytes) {
        ssize_t n = getrandom(raw + got, nbytes - got, 0);
        if (n <= 0)
            return false;
        got += (size_t)n;
    }
    for (size_t i = 0; i < nbytes; i++)
        snprintf(out + 2 * i, 3, "%02x", raw[i]);
    return true;
}

static bool file_is_executable(const char *path)
{
    return access(path, X_OK) == 0;
}

/* $PEXSIM, then beside /proc/self/exe, then the build tree's layout
 * (build/src/pexcon next to build/src/sim/pexsim). */
static bool find_pexsim(char *out, size_t size)
{
    const char *env = getenv("PEXSIM");
    if (env && *env && file_is_executable(env)) {
        snprintf(out, size, "%s", env);
        return true;
    }
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return false;
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    if (!slash)
        return false;
    *slash = '\0';
    static const char *const rel[] = {"pexsim", "sim/pexsim"};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        int w = snprintf(out, size, "%s/%s", self, rel[i]);
        if (w > 0 && (size_t)w < size && file_is_executable(out))
            return true;
    }
    return false;
}

static void on_exit_cb(uv_process_t *p, int64_t status, int signal_no)
{
    demo_state *d = p->data;
    d->running = false;
}

static bool read_port(const char *path, int *port)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    int v = 0;
    bool ok = fscanf(f, "%d", &v) == 1 && v > 0 && v < 65536;
    fclose(f);
    *port = v;
    return ok;
}

/* The server is local and starts in milliseconds: waiting for its port
 * before the console opens is simpler than a half-connected first screen. */
static bool wait_for_port(ui_app *app, demo_state *d, int *port)
{
    struct timespec pause = {0, 20 * 1000 * 1000};
    for (int i = 0; i < (int)(DEMO_START_TIMEOUT_S * 50); i++) {
        if (read_port(d->port_file, port))
            return true;
        uv_run(app->loop, UV_RUN_NOWAIT); /* reap an early exit */
        if (!d->running)
            return false;
        nanosleep(&pause, NULL);
    }
    return false;
}

static void demo_free(demo_state *d)
{
    volatile char *p = d->password;
    for (size_t i = 0; i < sizeof d->password; i++)
        p[i] = 0;
    unlink(d->port_file);
    rmdir(d->dir);
    free(d);
}

bool demo_start(ui_app *app, pexcon_config *effective, strbuf *err)
{
    char exe[PATH_MAX];
    if (!find_pexsim(exe, sizeof exe)) {
        sb_append(err, "pexsim not found (set PEXSIM or install it next to pexcon)");
        return false;
    }
    demo_state *d = calloc(1, sizeof *d);
    if (!d) {
        sb_append(err, "out of memory");
        return false;
    }
    memcpy(d->user, "demo-", 5);
    if (!random_hex(d->user + 5, 4) || !random_hex(d->password, 16)) {
        sb_append(err, "no random source for the demo credentials");
        free(d);
        return false;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(d->dir, sizeof d->dir, "%s/pexcon-demo-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(d->dir)) {
        sb_printf(err, "cannot create a temporary directory: %s", strerror(errno));
        free(d);
        return false;
    }
    snprintf(d->port_file, sizeof d->port_file, "%s/port", d->dir);

    char env_user[64], env_password[80];
    snprintf(env_user, sizeof env_user, "PEXSIM_USER=%s", d->user);
    snprintf(env_password, sizeof env_password, "PEXSIM_PASSWORD=%s", d->password);
    /* A minimal environment: the credentials and nothing inherited that
     * could change pexsim's behaviour. */
    char *envp[] = {env_user, env_password, "LC_ALL=C", NULL};
    char *args[] = {exe,           "--bind",     "127.0.0.1", "--port", "0",
                    "--port-file", d->port_file, "--quiet",   NULL};
    uv_stdio_container_t stdio[3] = {
        {.flags = UV_IGNORE}, {.flags = UV_IGNORE}, {.flags = UV_IGNORE}};
    uv_process_options_t opts = {
        .exit_cb = on_exit_cb,
        .file = exe,
        .args = args,
        .env = envp,
        .stdio_count = 3,
        .stdio = stdio,
    };
    d->proc.data = d;
    int rc = uv_spawn(app->loop, &d->proc, &opts);
    memset(env_password, 0, sizeof env_password);
    if (rc != 0) {
        sb_printf(err, "cannot start %s: %s", exe, uv_strerror(rc));
        demo_free(d);
        return false;
    }
    d->running = true;
    app->demo = d;
    int port = 0;
    if (!wait_for_port(app, d, &port)) {
        sb_append(err, "the simulated server did not start");
        demo_stop(app);
        return false;
    }
    snprintf(d->url, sizeof d->url, "http://127.0.0.1:%d", port);
    effective->url = d->url;
    effective->user = d->user;
    effective->password = d->password;
    effective->insecure = false;
    effective->ca_file = NULL;
    effective->profile = "demo";
    return true;
}

static void on_close(uv_handle_t *h)
{
    demo_free(h->data);
}

void demo_stop(ui_app *app)
{
    demo_state *d = app->demo;
    if (!d)
        return;
    app->demo = NULL;
    if (d->running)
        uv_process_kill(&d->proc, SIGTERM);
    /* The handle is closed with the loop's other handles; its memory goes
     * in the close callback. */
    uv_close((uv_handle_t *)&d->proc, on_close);
}
