/* bp-error.h: the engine's error domain.
 *
 * Every failure a user can cause (a bad file, a bad option, not enough
 * memory for their data) is reported as a GError in BP_ENGINE_ERROR.
 * Messages that concern a file start with "FILE:LINE:COL: " so that
 * front ends can print them as they are.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BP_ENGINE_ERROR (bp_engine_error_quark ())

typedef enum {
  BP_ENGINE_ERROR_IO,            /* the file could not be opened or read */
  BP_ENGINE_ERROR_EMPTY,         /* no bytes, or no data rows */
  BP_ENGINE_ERROR_BINARY,        /* NUL bytes: not a text file */
  BP_ENGINE_ERROR_ENCODING,      /* not valid UTF-8 */
  BP_ENGINE_ERROR_UNTERMINATED,  /* a quoted field never closes */
  BP_ENGINE_ERROR_RAGGED,        /* a row has the wrong number of fields */
  BP_ENGINE_ERROR_PARSE,         /* anything else malformed in the text */
  BP_ENGINE_ERROR_NOMEM,         /* the data does not fit in memory */
  BP_ENGINE_ERROR_CANCELLED,     /* the caller asked to stop */
  BP_ENGINE_ERROR_INVALID,       /* a bad option or column choice */
  BP_ENGINE_ERROR_SHAPE,         /* sizes that do not fit together */
  BP_ENGINE_ERROR_DIVERGED,      /* training produced NaN or Inf */
  BP_ENGINE_ERROR_CHANGED,       /* the file changed while it was read */
} BpEngineError;

GQuark bp_engine_error_quark (void);

G_END_DECLS
