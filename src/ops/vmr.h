/* The alias a call into a VMR comes from, looked up asynchronously in the
 * configuration API: configuration/v1/conference/?name=NAME, the first
 * embedded alias of the VMR of exactly that name; else (aliases given as
 * links, or none embedded) configuration/v1/conference_alias/
 * ?conference__name=NAME, the first alias. A listing that fails ends the
 * lookup with its error. Used by the console's dial and by batch `dial`. */
#ifndef PEXCON_OPS_VMR_H
#define PEXCON_OPS_VMR_H

#include <stdbool.h>

#include "api/client.h"

typedef struct ops_vmr_result {
    const char *alias;      /* the alias (borrowed), or NULL */
    bool vmr_known;         /* the first listing found a VMR of that name */
    const api_error *error; /* a listing failed (alias NULL): why; else NULL */
} ops_vmr_result;

typedef void (*ops_vmr_cb)(const ops_vmr_result *r, void *ctx);
typedef struct ops_vmr_lookup ops_vmr_lookup;

/* Start; the callback always comes later (from the loop), once (a request
 * that cannot start fails through it). Never NULL. */
ops_vmr_lookup *ops_vmr_lookup_start(api_client *api, const char *name, ops_vmr_cb cb, void *ctx);
/* Cancel a lookup in flight: its callback will not run. NULL is fine. */
void ops_vmr_lookup_cancel(ops_vmr_lookup *l);

/* Why there is no alias, in words: the listing's error, "no VMR of that
 * name in the configuration" or "the VMR has no alias". */
const char *ops_vmr_failure(const ops_vmr_result *r);

#endif
