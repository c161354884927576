/* bp-range.h: what a number setting takes, and the one message for a
 * text that is not such a number.
 *
 * backprop-cli's number options (--lr, --epochs, …) and a sweep's values
 * (lr=…, batch=…) check their text here, so both say the same thing in
 * the same shape: "NAME takes RANGE, not “TEXT”".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  BP_RANGE_FRACTION,      /* from 0 up to (not including) 1 */
  BP_RANGE_ABOVE_ZERO,    /* above 0, at most max */
  BP_RANGE_FROM_ZERO,     /* from 0 to max */
  BP_RANGE_NOT_NEGATIVE,  /* 0 or more */
  BP_RANGE_FINITE,        /* any finite number */
  BP_RANGE_WHOLE,         /* a whole number from min to max */
} BpRangeKind;

typedef struct {
  BpRangeKind kind;
  double      min;        /* WHOLE only */
  double      max;        /* ABOVE_ZERO, FROM_ZERO, WHOLE */
  gboolean    single;     /* kept as a float32: compared as one, so 0.9
                           * is within BP_MAX_DROPOUT and 1e39 is not finite */
} BpRange;

/* Whether @value (finite, in range) is one @range takes. */
gboolean     bp_range_contains   (const BpRange *range,
                                  double         value);
/* "a number above 0 and at most 1e+06", for messages; free with g_free. */
char        *bp_range_describe   (const BpRange *range);
/* @text read as a number (g_ascii_strtod, the whole text) that @range
 * takes: TRUE with *out set; else FALSE with BP_ENGINE_ERROR_INVALID
 * "@name takes RANGE, not “@text”" (nan, inf and 1e309 included). */
gboolean     bp_range_parse      (const BpRange *range,
                                  const char    *name,
                                  const char    *text,
                                  double        *out,
                                  GError       **error);
/* The same message for a @value already read. */
void         bp_range_set_error  (const BpRange *range,
                                  const char    *name,
                                  const char    *text,
                                  GError       **error);

G_END_DECLS
