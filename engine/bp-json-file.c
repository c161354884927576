/* bp-json-file.c: the strict reader behind the engine's JSON files. */
#include "bp-json-file.h"

#include <math.h>
#include <string.h>
#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "bp-names.h"
#include "bp-open.h"
#include "bp-save.h"

gboolean
bp_json_bad (BpJsonReader *r, BpEngineError code, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (r->error, BP_ENGINE_ERROR, code, "%s: %s", r->name, message);
  return FALSE;
}

char *
bp_json_join_path (const char *path, const char *key)
{
  return path[0] ? g_strconcat (path, ".", key, NULL) : g_strdup (key);
}

const char *
bp_json_kind_of (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT: return "an object";
    case JSON_NODE_ARRAY:  return "an array";
    case JSON_NODE_NULL:   return "null";
    case JSON_NODE_VALUE:
    default:
      {
        GType type = json_node_get_value_type (node);
        if (type == G_TYPE_STRING)
          return "a string";
        if (type == G_TYPE_BOOLEAN)
          return "true or false";
        return "a number";
      }
    }
}

static JsonNode *
member (BpJsonReader *r, JsonObject *object, const char *path, const char *key)
{
  JsonNode *node = json_object_get_member (object, key);
  if (node == NULL)
    {
      if (path[0])
        bp_json_bad (r, BP_ENGINE_ERROR_PARSE, _("%s: “%s” is missing"), path, key);
      else
        bp_json_bad (r, BP_ENGINE_ERROR_PARSE, _("“%s” is missing"), key);
    }
  return node;
}

static gboolean
wrong_type (BpJsonReader *r, const char *path, const char *key, const char *expected, JsonNode *node)
{
  g_autofree char *where = bp_json_join_path (path, key);
  /* Translators: the first %s is a place in a model or project file such as model.layers[2]; the other two
   * name JSON kinds (“a number”, “an object”) and stay in English. */
  return bp_json_bad (r, BP_ENGINE_ERROR_PARSE, _("%s: expected %s, found %s"), where, expected, bp_json_kind_of (node));
}

gboolean
bp_json_is_value (JsonNode *node, GType type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
bp_json_is_number (JsonNode *node)
{
  return bp_json_is_value (node, G_TYPE_INT64) || bp_json_is_value (node, G_TYPE_DOUBLE);
}

gboolean
bp_json_read_object (BpJsonReader *r, JsonObject *object, const char *path, const char *key, JsonObject **out)
{
  JsonNode *node = member (r, object, path, key);
  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (r, path, key, "an object", node);
  *out = json_node_get_object (node);
  return TRUE;
}

/* An array, or with nullable, NULL for null. */
gboolean
bp_json_read_array (BpJsonReader *r, JsonObject *object, const char *path, const char *key, gboolean nullable,
            JsonArray **out)
{
  JsonNode *node = member (r, object, path, key);
  if (node == NULL)
    return FALSE;
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (r, path, key, nullable ? "an array or null" : "an array", node);
  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
bp_json_read_string (BpJsonReader *r, JsonObject *object, const char *path, const char *key, const char **out)
{
  JsonNode *node = member (r, object, path, key);
  if (node == NULL)
    return FALSE;
  if (!bp_json_is_value (node, G_TYPE_STRING))
    return wrong_type (r, path, key, "a string", node);
  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
bp_json_read_string_or_null (BpJsonReader *r, JsonObject *object, const char *path, const char *key,
                             const char **out)
{
  JsonNode *node = member (r, object, path, key);
  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      return TRUE;
    }
  if (!bp_json_is_value (node, G_TYPE_STRING))
    return wrong_type (r, path, key, "a string or null", node);
  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
bp_json_read_bool (BpJsonReader *r, JsonObject *object, const char *path, const char *key, gboolean *out)
{
  JsonNode *node = member (r, object, path, key);
  if (node == NULL)
    return FALSE;
  if (!bp_json_is_value (node, G_TYPE_BOOLEAN))
    return wrong_type (r, path, key, "true or false", node);
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* A whole number from min to max (1.0 counts as 1). */
gboolean
bp_json_read_int (BpJsonReader *r, JsonObject *object, const char *path, const char *key, gint64 min, gint64 max,
          gint64 *out)
{
  JsonNode *node = member (r, object, path, key);
  if (node == NULL)
    return FALSE;
  gint64 value;
  if (bp_json_is_value (node, G_TYPE_INT64))
    value = json_node_get_int (node);
  else if (bp_json_is_value (node, G_TYPE_DOUBLE) && json_node_get_double (node) == floor (json_node_get_double (node)) &&
           fabs (json_node_get_double (node)) < 9007199254740992.0)
    value = (gint64) json_node_get_double (node);
  else
    return wrong_type (r, path, key, "a whole number", node);
  if (value < min || value > max)
    {
      g_autofree char *where = bp_json_join_path (path, key);
      return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("%s: %" PRId64 " is out of range (from %"
                  PRId64 " to %" PRId64 ")"), where, value, min, max);
    }
  *out = value;
  return TRUE;
}

gboolean
bp_json_read_seed (BpJsonReader *r, JsonObject *object, const char *path, const char *key, guint64 *out)
{
  JsonNode *node = member (r, object, path, key);
  if (node == NULL)
    return FALSE;
  if (bp_json_is_value (node, G_TYPE_STRING))
    {
      g_autofree char *where = bp_json_join_path (path, key);
      if (!g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXUINT64, out, NULL))
        return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("%s: “%s” is not a whole number from 0"),
                    where, json_node_get_string (node));
      return TRUE;
    }
  gint64 value;
  if (!bp_json_read_int (r, object, path, key, 0, G_MAXINT64, &value))
    return FALSE;
  *out = (guint64) value;
  return TRUE;
}

/* A finite number; with nullable, null reads as NaN. */
gboolean
bp_json_read_number (BpJsonReader *r, JsonObject *object, const char *path, const char *key, gboolean nullable,
             double *out)
{
  JsonNode *node = member (r, object, path, key);
  if (node == NULL)
    return FALSE;
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *out = NAN;
      return TRUE;
    }
  if (!bp_json_is_number (node))
    return wrong_type (r, path, key, nullable ? "a number or null" : "a number", node);
  double value = json_node_get_double (node);
  if (!isfinite (value))
    {
      g_autofree char *where = bp_json_join_path (path, key);
      return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("%s: the number is too large"), where);
    }
  *out = value;
  return TRUE;
}

gboolean
bp_json_read_float (BpJsonReader *r, JsonObject *object, const char *path, const char *key, float *out)
{
  double value;
  if (!bp_json_read_number (r, object, path, key, FALSE, &value))
    return FALSE;
  if (!isfinite ((float) value))
    {
      g_autofree char *where = bp_json_join_path (path, key);
      return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("%s: the number is too large"), where);
    }
  *out = (float) value;
  return TRUE;
}

/* A name from a list; the list is given in the message. */
gboolean
bp_json_read_choice (BpJsonReader *r, JsonObject *object, const char *path, const char *key,
             const char * const *names, int *out)
{
  const char *text;
  if (!bp_json_read_string (r, object, path, key, &text))
    return FALSE;
  /* Files are written in lower case; read them exactly as written. */
  for (int i = 0; names[i]; i++)
    if (g_str_equal (text, names[i]))
      {
        *out = i;
        return TRUE;
      }
  g_autofree char *where = bp_json_join_path (path, key);
  g_autofree char *list = bp_names_list (names);
  return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("%s: unknown value “%s” (one of %s)"), where, text, list);
}

/* An array of strings as a NULL-terminated strv. */
gboolean
bp_json_read_names (BpJsonReader *r, JsonArray *array, const char *path, char ***out)
{
  const guint n = json_array_get_length (array);
  g_auto(GStrv) names = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      if (!bp_json_is_value (node, G_TYPE_STRING))
        return bp_json_bad (r, BP_ENGINE_ERROR_PARSE, _("%s[%u]: expected a string, found %s"), path, i, bp_json_kind_of (node));
      names[i] = g_strdup (json_node_get_string (node));
    }
  *out = g_steal_pointer (&names);
  return TRUE;
}

JsonObject *
bp_json_element_object (BpJsonReader *r, JsonArray *array, const char *path, guint i)
{
  JsonNode *node = json_array_get_element (array, i);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      bp_json_bad (r, BP_ENGINE_ERROR_PARSE, _("%s[%u]: expected an object, found %s"), path, i, bp_json_kind_of (node));
      return NULL;
    }
  return json_node_get_object (node);
}

gboolean
bp_json_read_each (BpJsonReader *r, JsonArray *array, const char *path, BpJsonElementFunc func, gpointer user_data)
{
  const guint n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("%s[%u]", path, i);
      JsonObject *object = bp_json_element_object (r, array, path, i);
      if (object == NULL || !func (r, object, where, i, user_data))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

gboolean
bp_json_check_base64 (BpJsonReader *r, const char *where, const char *text, gsize *n_bytes)
{
  const gsize n_chars = strlen (text);
  gsize padding = 0;
  for (gsize i = 0; i < n_chars; i++)
    {
      if (text[i] == '=' && i + 2 >= n_chars && (i + 1 == n_chars || text[i + 1] == '='))
        {
          padding++;
          continue;
        }
      if (!is_base64_char (text[i]))
        /* Translators: the first %s is a place in a model or project file such as weights.base64. */
        return bp_json_bad (r, BP_ENGINE_ERROR_PARSE, _("%s: character %zu is not base64 (“%c”)"),
                            where, i + 1, g_ascii_isprint (text[i]) ? text[i] : '?');
    }
  if (n_chars % 4 != 0)
    /* Translators: the first %s is a place in a model or project file such as weights.base64. */
    return bp_json_bad (r, BP_ENGINE_ERROR_PARSE, _("%s: %zu characters; base64 comes in groups of 4"),
                        where, n_chars);
  *n_bytes = n_chars / 4 * 3 - padding;
  return TRUE;
}

/* json-glib says "<data>:LINE:COL: Parse error: what"; say "FILE:LINE:COL:
 * not valid JSON: what", as the CSV reader words its messages. */
static gboolean
json_error (BpJsonReader *r, const GError *local)
{
  const char *message = local->message;
  if (g_str_has_prefix (message, "<data>:"))
    message += strlen ("<data>:");
  const char *what = strstr (message, "Parse error: ");
  if (what && what > message)
    {
      g_autofree char *position = g_strndup (message, (gsize) (what - message));
      g_set_error (r->error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_PARSE, _("%s:%snot valid JSON: %s"),
                   r->name, position, what + strlen ("Parse error: "));
      return FALSE;
    }
  return bp_json_bad (r, BP_ENGINE_ERROR_PARSE, _("not valid JSON: %s"), message);
}

/* json-glib 1.6 reads escapes JSON does not have (an octal "\\222") and
 * unpaired surrogates, which make text that is not UTF-8: a file that
 * reads but cannot be written back. Returns where the first such text
 * is ("" for the root), or NULL when every name and string is UTF-8. */
static char *
find_bad_text (JsonNode *node, const char *path)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          {
            if (!g_utf8_validate (name, -1, NULL))
              return g_strdup (path);
            g_autofree char *where = bp_json_join_path (path, name);
            char *bad = find_bad_text (member, where);
            if (bad)
              return bad;
          }
        return NULL;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        const guint n = json_array_get_length (array);
        for (guint i = 0; i < n; i++)
          {
            g_autofree char *where = g_strdup_printf ("%s[%u]", path, i);
            char *bad = find_bad_text (json_array_get_element (array, i), where);
            if (bad)
              return bad;
          }
        return NULL;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          !g_utf8_validate (json_node_get_string (node), -1, NULL))
        return g_strdup (path);
      return NULL;
    case JSON_NODE_NULL:
    default:
      return NULL;
    }
}

void
bp_json_reader_clear (BpJsonReader *r)
{
  g_clear_object (&r->parser);
}

JsonObject *
bp_json_reader_open (BpJsonReader *r, const char *data, gsize length, BpJsonFileKind kind,
                     const char *format_name, gint64 max_version, const char **created_by)
{
  const gboolean model = kind == BP_JSON_FILE_MODEL;
  if (length == 0)
    {
      g_set_error (r->error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_EMPTY, _("%s: the file is empty"), r->name);
      return NULL;
    }
  if (memchr (data, '\0', length) != NULL)
    {
      bp_json_bad (r, BP_ENGINE_ERROR_BINARY, model ? _("not a Backprop model file: it holds binary data")
                                                    : _("not a Backprop project file: it holds binary data"));
      return NULL;
    }

  g_autoptr(GError) local = NULL;
  g_clear_object (&r->parser);
  r->parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (r->parser, data, (gssize) length, &local))
    {
      json_error (r, local);
      return NULL;
    }
  JsonNode *root_node = json_parser_get_root (r->parser);
  g_autofree char *bad_text = root_node ? find_bad_text (root_node, "") : NULL;
  if (bad_text)
    {
      if (bad_text[0])
        /* Translators: %s names where in the file, e.g. data.path. */
        bp_json_bad (r, BP_ENGINE_ERROR_PARSE, _("not valid JSON: the text of “%s” is not UTF-8 "
                                                 "(an escape that JSON does not have?)"), bad_text);
      else
        bp_json_bad (r, BP_ENGINE_ERROR_PARSE, _("not valid JSON: a name in it is not UTF-8 text"));
      return NULL;
    }
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      const char *found = root_node ? bp_json_kind_of (root_node) : "nothing";
      bp_json_bad (r, BP_ENGINE_ERROR_PARSE,
                   model ? _("not a Backprop model file: expected a JSON object, found %s")
                         : _("not a Backprop project file: expected a JSON object, found %s"), found);
      return NULL;
    }
  JsonObject *root = json_node_get_object (root_node);

  /* Format and version first: a file of another kind gets one clear
   * message, not a complaint about its first missing field. */
  JsonNode *format = json_object_get_member (root, "format");
  if (format == NULL || !bp_json_is_value (format, G_TYPE_STRING) ||
      !g_str_equal (json_node_get_string (format), format_name))
    {
      if (format && bp_json_is_value (format, G_TYPE_STRING))
        bp_json_bad (r, BP_ENGINE_ERROR_PARSE,
                     model ? _("not a Backprop model file (its format is “%s”, not “%s”)")
                           : _("not a Backprop project file (its format is “%s”, not “%s”)"),
                     json_node_get_string (format), format_name);
      else
        bp_json_bad (r, BP_ENGINE_ERROR_PARSE,
                     model ? _("not a Backprop model file (it has no “format”: “%s”)")
                           : _("not a Backprop project file (it has no “format”: “%s”)"), format_name);
      return NULL;
    }
  gint64 version;
  if (!bp_json_read_int (r, root, "", "version", G_MININT64, G_MAXINT64, &version))
    return NULL;
  if (version > max_version)
    {
      bp_json_bad (r, BP_ENGINE_ERROR_INVALID,
                   model ? _("model file version %" PRId64 " is newer than this Backprop reads (version %d); "
                             "update Backprop to open it")
                         : _("project file version %" PRId64 " is newer than this Backprop reads (version %d); "
                             "update Backprop to open it"), version, (int) max_version);
      return NULL;
    }
  if (version < 1)
    {
      bp_json_bad (r, BP_ENGINE_ERROR_INVALID,
                   model ? _("version %" PRId64 " is not a model file version")
                         : _("version %" PRId64 " is not a project file version"), version);
      return NULL;
    }
  if (!bp_json_read_string (r, root, "", "created_by", created_by))
    return NULL;
  return root;
}

char *
bp_json_file_read (const char *path, const char *display, BpJsonFileKind kind, gsize *length, GError **error)
{
  char *data = NULL;
  g_autoptr(GError) local = NULL;
  if (!bp_open_get_contents (path, &data, length, &local))
    {
      const char *why = g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT) ? "no such file"
                        : g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_ACCES) ? "permission denied"
                        : g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_ISDIR) ? "it is a folder"
                        : local->message;
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO,
                   kind == BP_JSON_FILE_MODEL ? _("%s: the model cannot be read: %s")
                                              : _("%s: the project cannot be read: %s"), display, why);
      return NULL;
    }
  return data;
}

gboolean
bp_json_file_save (const char *path, const char *data, gsize length, BpJsonFileKind kind, GError **error)
{
  g_autoptr(GError) local = NULL;
  /* A crash leaves the old file or the new one, never half. */
  if (!bp_save_file_atomically (path, data, length, BP_SAVE_DEFAULT, &local))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO,
                   kind == BP_JSON_FILE_MODEL ? _("%s: the model could not be saved: %s")
                                              : _("%s: the project could not be saved: %s"),
                   display, local->message);
      return FALSE;
    }
  return TRUE;
}
