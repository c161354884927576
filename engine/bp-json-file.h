/* bp-json-file.h: what the engine's JSON files (model files, projects)
 * share in reading: a strict reader whose every message starts with the
 * file's name and names the field by its JSON path ("FILE:
 * training.optimizer.learning_rate: expected a number, found a string"),
 * the format and version check, and reading and saving the file whole.
 *
 * Internal to the engine: front ends use bp-model-file.h and
 * bp-project.h.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "bp-error.h"

G_BEGIN_DECLS

typedef struct {
  const char *name;    /* the file, as messages name it */
  GError    **error;
  JsonParser *parser;  /* set by bp_json_reader_open; holds the parsed text */
} BpJsonReader;

#define BP_JSON_READER_INIT(name, error) { (name), (error), NULL }
void         bp_json_reader_clear   (BpJsonReader *r);

/* Which file's words the messages use. */
typedef enum {
  BP_JSON_FILE_MODEL,
  BP_JSON_FILE_PROJECT,
} BpJsonFileKind;

/* Sets "NAME: message" in r->error; returns FALSE. */
gboolean     bp_json_bad            (BpJsonReader *r, BpEngineError code, const char *format, ...) G_GNUC_PRINTF (3, 4);
/* "path.key", or "key" at the top level (path ""). */
char        *bp_json_join_path      (const char *path, const char *key);
/* "a number", "an object", …: JSON's words, for messages. */
const char  *bp_json_kind_of        (JsonNode *node);
gboolean     bp_json_is_value       (JsonNode *node, GType type);
gboolean     bp_json_is_number      (JsonNode *node);

/* Each reads object[key], found at path, or sets the error and returns
 * FALSE when it is missing or of the wrong kind. */
gboolean     bp_json_read_object    (BpJsonReader *r, JsonObject *object, const char *path, const char *key,
                                     JsonObject **out);
/* With nullable, null reads as NULL. */
gboolean     bp_json_read_array     (BpJsonReader *r, JsonObject *object, const char *path, const char *key,
                                     gboolean nullable, JsonArray **out);
gboolean     bp_json_read_string    (BpJsonReader *r, JsonObject *object, const char *path, const char *key,
                                     const char **out);
/* A string, or NULL for null. */
gboolean     bp_json_read_string_or_null (BpJsonReader *r, JsonObject *object, const char *path, const char *key,
                                          const char **out);
gboolean     bp_json_read_bool      (BpJsonReader *r, JsonObject *object, const char *path, const char *key,
                                     gboolean *out);
/* A whole number from min to max (1.0 counts as 1). */
gboolean     bp_json_read_int       (BpJsonReader *r, JsonObject *object, const char *path, const char *key,
                                     gint64 min, gint64 max, gint64 *out);
/* A number, or a string of digits for seeds above G_MAXINT64 (bp_json_uint64). */
gboolean     bp_json_read_seed      (BpJsonReader *r, JsonObject *object, const char *path, const char *key,
                                     guint64 *out);
/* A finite number; with nullable, null reads as NaN. */
gboolean     bp_json_read_number    (BpJsonReader *r, JsonObject *object, const char *path, const char *key,
                                     gboolean nullable, double *out);
gboolean     bp_json_read_float     (BpJsonReader *r, JsonObject *object, const char *path, const char *key,
                                     float *out);
/* The index of a name in a NULL-terminated list, matched exactly. */
gboolean     bp_json_read_choice    (BpJsonReader *r, JsonObject *object, const char *path, const char *key,
                                     const char * const *names, int *out);
/* An array of strings as a NULL-terminated strv. */
gboolean     bp_json_read_names     (BpJsonReader *r, JsonArray *array, const char *path, char ***out);
/* array[i] as an object, or NULL with the error set. */
JsonObject  *bp_json_element_object (BpJsonReader *r, JsonArray *array, const char *path, guint i);
/* Reads one element of an array of objects; where is its place, "path[i]". */
typedef gboolean (*BpJsonElementFunc) (BpJsonReader *r, JsonObject *object, const char *where, guint i,
                                       gpointer user_data);
/* Calls func on each element of the array found at path, in order, until
 * one fails; an element that is not an object fails. */
gboolean     bp_json_read_each      (BpJsonReader *r, JsonArray *array, const char *path, BpJsonElementFunc func,
                                     gpointer user_data);

/* Checks that text (found at where) is base64 as the engine writes it:
 * only A-Z, a-z, 0-9, + and /, in groups of 4, with "=" padding only at
 * the end; g_base64_decode would skip anything else without a word. Sets
 * *n_bytes to the length it decodes to, or a PARSE error and FALSE. */
gboolean     bp_json_check_base64   (BpJsonReader *r, const char *where, const char *text, gsize *n_bytes);

/* Parses data and checks that it is a JSON object with "format":
 * format_name, a "version" from 1 to max_version and a "created_by"
 * string. Returns the root object (owned by the reader until cleared),
 * or NULL with the error set. */
JsonObject  *bp_json_reader_open    (BpJsonReader *r, const char *data, gsize length, BpJsonFileKind kind,
                                     const char *format_name, gint64 max_version, const char **created_by);

/* The file's bytes, NUL-terminated, or NULL with an IO error that starts
 * with display. */
char        *bp_json_file_read      (const char *path, const char *display, BpJsonFileKind kind,
                                     gsize *length, GError **error);
/* Replaces the file atomically; an IO error names it. */
gboolean     bp_json_file_save      (const char *path, const char *data, gsize length,
                                     BpJsonFileKind kind, GError **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BpJsonReader, bp_json_reader_clear)

G_END_DECLS
