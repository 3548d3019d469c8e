/* Turning what the operator typed (an id or an exact name) into exactly one
 * live participant or conference: the listing is fetched here (blocking on
 * the session's loop), the matching is ops/resolve's. A name that matches
 * several is refused with the candidates listed, before anything is sent. */
#ifndef PEXCON_CLI_RESOLVE_H
#define PEXCON_CLI_RESOLVE_H

#include "cli/session.h"
#include "ops/resolve.h"

typedef ops_found cli_target;

/* Returns 0 with *out filled, 2 (not found / ambiguous: message printed),
 * or the exit code of a failed listing. `conference` (may be NULL) limits
 * participants to one conference (by name).
 *
 * A name shared by the legs of ONE person (ops/resolve.h) is not
 * ambiguous: the primary leg is taken, or with `prefer_media` the first leg
 * that carries media (for media streams). */
int cli_resolve_participant(cli_session *s, const char *what, const char *conference,
                            bool prefer_media, cli_target *out);
int cli_resolve_conference(cli_session *s, const char *what, cli_target *out);

/* Like cli_resolve_conference, but a name that is not live is accepted
 * (dialing into a VMR starts it): *live tells which. */
int cli_resolve_conference_or_vmr(cli_session *s, const char *what, cli_target *out, bool *live);

/* The first alias of the VMR called `vmr_name` (ops/vmr.h, run on the
 * session's loop). Returns 0, 2 when the VMR or its aliases are unknown,
 * or a listing's exit code. */
int cli_lookup_vmr_alias(cli_session *s, const char *vmr_name, char *alias, size_t size);

#endif
