/* The operator commands and their valid values (catalog.h). */
#include "ops/catalog.h"

#include "common/jsonutil.h"

#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define CHOICES(values, helps, strict)                                                             \
    {                                                                                              \
        values, helps, COUNT(values), strict                                                       \
    }

static const char *const layouts[] = {"1:0", "1:7",  "1:21", "2:21", "1:33", "4:0",
                                      "9:0", "16:0", "25:0", "5:7",  "ac",   "teams"};
static const char *const layout_helps[] = {
    "one main speaker, no thumbnails",
    "one main speaker and up to 7 thumbnails",
    "one main speaker and up to 21 thumbnails",
    "two main speakers and up to 21 thumbnails",
    "one main speaker and up to 33 thumbnails",
    "equal 2x2 grid of four",
    "equal 3x3 grid of nine",
    "equal 4x4 grid of sixteen",
    "equal 5x5 grid of twenty-five",
    "five main speakers and up to 7 thumbnails",
    "Adaptive Composition: automatic, by who is speaking",
    "Teams-like layout",
};
_Static_assert(COUNT(layouts) == COUNT(layout_helps), "a help per layout");
static const char *const roles[] = {"chair", "guest"};
static const char *const protocols[] = {"sip", "h323", "mssip", "rtmp", "gms", "teams"};
static const char *const routings[] = {"routing_rule", "manual"};
static const char *const routing_helps[] = {"Call Routing Rules choose (needs the location)",
                                            "the nodes of the location"};
_Static_assert(COUNT(routings) == COUNT(routing_helps), "a help per routing");
static const char *const on_off[] = {"on", "off"};

const ops_choices ops_layouts = CHOICES(layouts, layout_helps, true);
const ops_choices ops_roles = CHOICES(roles, NULL, true);
const ops_choices ops_protocols = CHOICES(protocols, NULL, false);
const ops_choices ops_routings = CHOICES(routings, routing_helps, true);
const ops_choices ops_on_off = CHOICES(on_off, NULL, true);

#define P OPS_REFRESH_PARTICIPANTS
#define C OPS_REFRESH_CONFERENCES

/* verb, path, target, family, state field, state after, capability, doing,
 * word, done, summary, writes, refresh, parameters */
static const ops_command commands[] = {
    {"mute",
     "participant/mute",
     OPS_PARTICIPANT,
     "mute",
     "is_muted",
     1,
     "is_mute_supported",
     "muting",
     "Mute",
     "Muted",
     "mute a participant's audio",
     true,
     P,
     {{NULL, NULL}}},
    {"unmute",
     "participant/unmute",
     OPS_PARTICIPANT,
     "mute",
     "is_muted",
     0,
     "is_mute_supported",
     "muting",
     "Unmute",
     "Unmuted",
     "unmute a participant's audio",
     true,
     P,
     {{NULL, NULL}}},
    {"disconnect",
     "participant/disconnect",
     OPS_PARTICIPANT,
     "disconnect",
     NULL,
     -1,
     "is_disconnect_supported",
     "disconnecting",
     "Disconnect",
     "Disconnected",
     "disconnect a participant",
     true,
     P | C,
     {{NULL, NULL}}},
    {"admit",
     "participant/unlock",
     OPS_PARTICIPANT,
     "admit",
     NULL,
     -1,
     NULL,
     "admitting",
     "Admit",
     "Admitted",
     "let a participant waiting in a locked conference in",
     true,
     P,
     {{NULL, NULL}}},
    {"role",
     "participant/role",
     OPS_PARTICIPANT,
     "role",
     "role",
     -1,
     NULL,
     "changing roles",
     "Change the role of",
     "Changed the role of",
     "change a participant's role",
     true,
     P,
     {{"role", &ops_roles}}},
    {"transfer",
     "participant/transfer",
     OPS_PARTICIPANT,
     "transfer",
     NULL,
     -1,
     "is_transfer_supported",
     "transfer",
     "Transfer",
     "Transferred",
     "move a participant to the conference of ALIAS",
     true,
     P | C,
     {{"conference_alias", NULL}, {"role", &ops_roles}}},
    {"lock",
     "conference/lock",
     OPS_CONFERENCE,
     "lock",
     "is_locked",
     1,
     NULL,
     "locking",
     "Lock",
     "Locked",
     "lock a conference (new participants wait for a host)",
     true,
     C | P,
     {{NULL, NULL}}},
    {"unlock",
     "conference/unlock",
     OPS_CONFERENCE,
     "lock",
     "is_locked",
     0,
     NULL,
     "locking",
     "Unlock",
     "Unlocked",
     "unlock a conference",
     true,
     C | P,
     {{NULL, NULL}}},
    {"mute-guests",
     "conference/mute_guests",
     OPS_CONFERENCE,
     "guests",
     "guests_muted",
     1,
     NULL,
     "muting guests",
     "Mute the guests of",
     "Muted the guests of",
     "mute every guest of a conference",
     true,
     C | P,
     {{NULL, NULL}}},
    {"unmute-guests",
     "conference/unmute_guests",
     OPS_CONFERENCE,
     "guests",
     "guests_muted",
     0,
     NULL,
     "muting guests",
     "Unmute the guests of",
     "Unmuted the guests of",
     "unmute every guest of a conference",
     true,
     C | P,
     {{NULL, NULL}}},
    {"disconnect-conference",
     "conference/disconnect",
     OPS_CONFERENCE,
     "disconnect",
     NULL,
     -1,
     NULL,
     "disconnecting a conference",
     "Disconnect everyone in",
     "Disconnected everyone in",
     "disconnect every participant of a conference",
     true,
     C | P,
     {{NULL, NULL}}},
    {"layout",
     "conference/transform_layout",
     OPS_CONFERENCE,
     "layout",
     NULL,
     -1,
     NULL,
     "changing the layout",
     "Set the layout of",
     "Set the layout of",
     "change a conference's layout",
     true,
     C | P,
     {{"layout", &ops_layouts},
      {"host_layout", &ops_layouts},
      {"guest_layout", &ops_layouts},
      {"enable_overlay_text", &ops_on_off}}},
    {"dial",
     "participant/dial",
     OPS_VMR,
     NULL,
     NULL,
     -1,
     NULL,
     "dialling out",
     "Dial",
     "Dialled",
     "call DESTINATION into a conference",
     true,
     P | C,
     {{"conference_alias", NULL},
      {"destination", NULL},
      {"role", &ops_roles},
      {"protocol", &ops_protocols},
      {"system_location", NULL},
      {"routing", &ops_routings},
      {"remote_display_name", NULL}}},
};

size_t ops_command_count(void)
{
    return COUNT(commands);
}

const ops_command *ops_command_at(size_t i)
{
    return i < COUNT(commands) ? &commands[i] : NULL;
}

const ops_command *ops_command_by_verb(const char *verb)
{
    for (size_t i = 0; verb && i < COUNT(commands); i++)
        if (strcmp(commands[i].verb, verb) == 0)
            return &commands[i];
    return NULL;
}

const ops_command *ops_command_by_path(const char *path)
{
    for (size_t i = 0; path && i < COUNT(commands); i++)
        if (strcmp(commands[i].path, path) == 0)
            return &commands[i];
    return NULL;
}

const ops_command *ops_family_row(const char *family, bool on)
{
    for (size_t i = 0; family && i < COUNT(commands); i++) {
        const ops_command *c = &commands[i];
        if (c->family && strcmp(c->family, family) == 0 && c->state_after == (on ? 1 : 0))
            return c;
    }
    return NULL;
}

const ops_param *ops_command_param(const ops_command *c, const char *field)
{
    for (size_t i = 0; field && i < OPS_MAX_FIELDS && c->params[i].field; i++)
        if (strcmp(c->params[i].field, field) == 0)
            return &c->params[i];
    return NULL;
}

const ops_command *ops_toggle(const char *family, const json_t *obj, const char **value)
{
    *value = NULL;
    for (size_t i = 0; family && i < COUNT(commands); i++) {
        const ops_command *c = &commands[i];
        if (!c->family || strcmp(c->family, family) != 0 || !c->state_field)
            continue;
        if (c->state_after >= 0)
            return ops_family_row(family, jget_bool(obj, c->state_field) != 1);
        const ops_param *p = ops_command_param(c, c->state_field);
        const char *now = jget_str(obj, c->state_field);
        for (size_t k = 0; p && p->choices && k < p->choices->n; k++) {
            if (!now || strcmp(now, p->choices->values[k]) != 0) {
                *value = p->choices->values[k];
                return c;
            }
        }
    }
    return NULL;
}

const char *ops_id_field(ops_target t)
{
    return t == OPS_PARTICIPANT ? "participant_id" : t == OPS_CONFERENCE ? "conference_id" : NULL;
}

const char *ops_target_noun(ops_target t)
{
    return t == OPS_PARTICIPANT ? "participant" : "conference";
}

bool ops_choice_valid(const ops_choices *c, const char *value)
{
    for (size_t i = 0; value && i < c->n; i++)
        if (strcmp(c->values[i], value) == 0)
            return true;
    return false;
}

const char *ops_choices_text(const ops_choices *c, const char *sep, const char *last, char *buf,
                             size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < c->n && used < size; i++) {
        const char *join = i == 0 ? "" : i + 1 == c->n ? last : sep;
        int w = snprintf(buf + used, size - used, "%s%s", join, c->values[i]);
        used += w > 0 ? (size_t)w : 0;
    }
    return buf;
}
