/* bp-json-writer.h: JSON text for files people may read and for tools.
 *
 * Containers opened with one_line (and everything inside them) stay on one
 * line; the others are indented two spaces a level. Numbers are written as
 * the shortest text that reads back exactly, without the locale; NaN and
 * infinities become null.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BP_JSON_MAX_DEPTH 8

typedef struct {
  GString  *out;
  guint     depth;
  gboolean  one_line[BP_JSON_MAX_DEPTH];
  gboolean  empty[BP_JSON_MAX_DEPTH];
} BpJsonWriter;

void   bp_json_writer_init   (BpJsonWriter *w);
/* The text; the writer is spent. */
char  *bp_json_writer_finish (BpJsonWriter *w,
                              gsize        *length);

/* key is NULL inside arrays and for the top level. bracket is '{' or '['. */
void   bp_json_open          (BpJsonWriter *w, const char *key, char bracket, gboolean one_line);
void   bp_json_close         (BpJsonWriter *w, char bracket);
void   bp_json_string        (BpJsonWriter *w, const char *key, const char *value);
void   bp_json_int           (BpJsonWriter *w, const char *key, gint64 value);
/* Above G_MAXINT64, as a string: JSON readers lose such integers. */
void   bp_json_uint64        (BpJsonWriter *w, const char *key, guint64 value);
void   bp_json_bool          (BpJsonWriter *w, const char *key, gboolean value);
void   bp_json_double        (BpJsonWriter *w, const char *key, double value);
/* "0.001", not the double nearest 0.001f. */
void   bp_json_float         (BpJsonWriter *w, const char *key, float value);

/* The shortest text that reads back as the same number, without the
 * locale, into buf of G_ASCII_DTOSTR_BUF_SIZE bytes. Also for CSV output. */
void   bp_format_double      (char *buf, double value);
/* "12,289" with separator ","; for people, not for files read back. */
char  *bp_format_grouped     (guint64 value, const char *separator);
void   bp_format_float       (char *buf, float value);
/* One CSV field, quoted (quotes doubled) when it holds a comma, a quote,
 * a line break or spaces at its edges. */
void   bp_csv_append_field   (GString *out, const char *text);

G_END_DECLS
