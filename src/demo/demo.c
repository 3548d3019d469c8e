#include "demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "common/xmalloc.h"
#include "sim/server.h"

struct demo {
    sim_server *server;
    char url[128];
    char user[32];
    char password[48];
};

/* Hex text from the kernel's random source. */
static bool random_hex(char *out, size_t nbytes)
{
    unsigned char raw[32];
    if (nbytes > sizeof raw)
        return false;
    size_t got = 0;
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

demo *demo_start(pexcon_config *effective, strbuf *err)
{
    demo *d = xcalloc(1, sizeof *d);
    memcpy(d->user, "demo-", 5);
    if (!random_hex(d->user + 5, 4) || !random_hex(d->password, 16)) {
        sb_append(err, "no random source for the demo credentials");
        free(d);
        return NULL;
    }
    sim_server_opts o;
    sim_server_opts_default(&o);
    o.bind_address = "127.0.0.1";
    o.port = 0;
    o.user = d->user;
    o.password = d->password;
    o.log = NULL;
    char *why = NULL;
    d->server = sim_server_start(&o, &why);
    if (!d->server) {
        sb_printf(err, "cannot start the simulated server: %s", why);
        free(why);
        free(d);
        return NULL;
    }
    snprintf(d->url, sizeof d->url, "%s", sim_server_url(d->server));
    effective->url = d->url;
    effective->user = d->user;
    effective->password = d->password;
    effective->insecure = false;
    effective->ca_file = NULL;
    effective->profile = "demo";
    return d;
}

void demo_stop(demo *d)
{
    if (!d)
        return;
    sim_server_stop(d->server);
    /* Wipe the throwaway credentials like any other secret. */
    volatile char *p = d->password;
    for (size_t i = 0; i < sizeof d->password; i++)
        p[i] = 0;
    free(d);
}
