/* Call quality as the Management API document defines it.
 *
 * Per 20 s window: packet loss < 1% is good, < 3% ok, < 10% bad, otherwise
 * terrible; then jitter > 40 ms drops the result one level (terrible stays
 * terrible). The server reports the result as "0_unknown" … "4_terrible"
 * in participant call_quality; for a media stream we compute it from the
 * windowed loss and jitter of both directions. */
#ifndef PEXCON_MODEL_QUALITY_H
#define PEXCON_MODEL_QUALITY_H

#include <jansson.h>
#include <stdbool.h>

/* Ordered by severity so a larger value is worse (unknown is least). */
typedef enum call_quality {
    QUALITY_UNKNOWN = 0,
    QUALITY_GOOD = 1,
    QUALITY_OK = 2,
    QUALITY_BAD = 3,
    QUALITY_TERRIBLE = 4,
} call_quality;

#define QUALITY_LOSS_OK 1.0        /* percent: below is good */
#define QUALITY_LOSS_BAD 3.0       /* below is ok */
#define QUALITY_LOSS_TERRIBLE 10.0 /* below is bad */
#define QUALITY_JITTER_LIMIT 40.0  /* ms: above drops one level */

/* "good", "ok", "bad", "terrible", "unknown". */
const char *quality_label(call_quality q);

/* Accepts "1_good", "good", "1", any case; anything else is unknown. */
call_quality quality_parse(const char *s);

/* The rule. loss_percent < 0 (unknown) gives QUALITY_UNKNOWN; jitter_ms < 0
 * means no jitter reading (no step-down). */
call_quality quality_from_loss_jitter(double loss_percent, double jitter_ms);

/* From a participant object's call_quality field. */
call_quality quality_of_participant(const json_t *participant);

/* From a media_stream object: the larger of rx/tx windowed packet loss
 * (falling back to rx/tx_packet_loss, e.g. history streams) and the larger
 * of rx/tx jitter. Unknown when no loss figure is present. */
call_quality quality_of_stream(const json_t *stream);

/* The worse of two (unknown only when both are). */
call_quality quality_worst(call_quality a, call_quality b);

#endif
