/* bp-data-source.c: where a table came from (see bp-data-source.h). */
#include "bp-data-source.h"

#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "bp-error.h"
#include "bp-names.h"
#include "bp-open.h"

void
bp_data_source_init (BpDataSource *source)
{
  g_return_if_fail (source != NULL);
  memset (source, 0, sizeof *source);
  source->kind = BP_DATA_SOURCE_NONE;
}

void
bp_data_source_clear (BpDataSource *source)
{
  g_return_if_fail (source != NULL);
  g_clear_pointer (&source->path, g_free);
  g_clear_pointer (&source->copy, g_bytes_unref);
  g_clear_pointer (&source->name, g_free);
  bp_data_source_init (source);
}

void
bp_data_source_copy (BpDataSource *dest, const BpDataSource *src)
{
  g_return_if_fail (dest != NULL && src != NULL);
  if (dest == src)
    return;
  bp_data_source_clear (dest);
  *dest = *src;
  dest->path = g_strdup (src->path);
  dest->copy = src->copy ? g_bytes_ref (src->copy) : NULL;
  dest->name = g_strdup (src->name);
}

void
bp_data_source_move (BpDataSource *dest, BpDataSource *src)
{
  g_return_if_fail (dest != NULL && src != NULL);
  if (dest == src)
    return;
  bp_data_source_clear (dest);
  *dest = *src;
  bp_data_source_init (src);
}

void
bp_data_source_set_file (BpDataSource *source, const char *path)
{
  g_return_if_fail (source != NULL && path != NULL);
  g_autofree char *copy = g_strdup (path);
  bp_data_source_clear (source);
  source->kind = BP_DATA_SOURCE_FILE;
  source->path = g_steal_pointer (&copy);
}

void
bp_data_source_set_sample (BpDataSource *source, const char *name)
{
  g_return_if_fail (source != NULL && name != NULL);
  g_autofree char *copy = g_strdup (name);
  bp_data_source_clear (source);
  source->kind = BP_DATA_SOURCE_SAMPLE;
  source->name = g_steal_pointer (&copy);
}

void
bp_data_source_set_generated (BpDataSource *source, BpSampleKind kind, gsize rows, double noise, guint64 seed)
{
  g_return_if_fail (source != NULL);
  bp_data_source_clear (source);
  source->kind = BP_DATA_SOURCE_GENERATED;
  source->name = g_strdup (bp_sample_kind_to_string (kind));
  source->rows = rows;
  source->noise = noise;
  source->seed = seed;
}

gboolean
bp_data_source_file_readable (const BpDataSource *source)
{
  g_return_val_if_fail (source != NULL, FALSE);
  return source->kind == BP_DATA_SOURCE_FILE && source->path
         && g_file_test (source->path, G_FILE_TEST_IS_REGULAR) && g_access (source->path, R_OK) == 0;
}

gboolean
bp_data_source_read_copy (BpDataSource *source, gsize max_bytes, GError **error)
{
  g_return_val_if_fail (source != NULL && source->kind == BP_DATA_SOURCE_FILE, FALSE);
  g_return_val_if_fail (source->path != NULL, FALSE);

  /* Mapped, not read: a file too large for a copy costs nothing. */
  GError *local = NULL;
  int fd = bp_open_regular (source->path, &local);
  g_autoptr(GMappedFile) mapped = fd >= 0 ? g_mapped_file_new_from_fd (fd, FALSE, &local) : NULL;
  if (fd >= 0)
    close (fd);
  if (mapped == NULL)
    {
      g_autofree char *display = g_filename_display_name (source->path);
      g_prefix_error (&local, "%s: ", display);
      g_propagate_error (error, local);
      return FALSE;
    }
  gsize length = g_mapped_file_get_length (mapped);
  g_clear_pointer (&source->copy, g_bytes_unref);
  if (length <= max_bytes)
    source->copy = g_bytes_new (g_mapped_file_get_contents (mapped), length);
  return TRUE;
}

/* The copy, read under the data file's base name. */
static BpTable *
load_copy (const BpDataSource *source, const BpTableOptions *options, GError **error)
{
  g_autofree char *base = source->path ? g_path_get_basename (source->path) : g_strdup ("data.csv");
  g_autofree char *name = g_filename_display_name (base);
  gsize length;
  const char *data = g_bytes_get_data (source->copy, &length);
  return bp_table_load_data (name, data ? data : "", length, options, error);
}

static BpTable *
load_sample (const char *name, const BpTableOptions *options, GError **error)
{
  g_autofree char *path = g_strconcat (BP_DATA_SOURCE_SAMPLES_PATH, name, ".csv", NULL);
  g_autofree char *file_name = g_strconcat (name, ".csv", NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);
  return bp_table_load_data (file_name, text, length, options, error);
}

static BpTable *
load_generated (const BpDataSource *source, const BpTableOptions *options, GError **error)
{
  BpSampleKind kind;
  if (source->name == NULL || !bp_sample_kind_from_string (source->name, &kind))
    {
      g_autofree char *list = bp_names_list (bp_sample_names);
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   /* Translators: the first %s is a name, the second a list of the names there are. */
                   _("There is no generated data set called “%s”; there are %s"),
                   source->name ? source->name : "", list);
      return NULL;
    }
  /* Made in one go, so asked once whether to go on. */
  if (options && options->keep_going && !options->keep_going (options->user_data))
    {
      g_autofree char *name = bp_sample_file_name (kind);
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_CANCELLED, _("%s: loading was cancelled"), name);
      return NULL;
    }
  return bp_sample_generate (kind, source->rows, source->noise, source->seed, error);
}

BpTable *
bp_data_source_load (const BpDataSource *source, const BpTableOptions *options, gboolean *from_copy,
                     GError **error)
{
  g_return_val_if_fail (source != NULL, NULL);
  if (from_copy)
    *from_copy = FALSE;

  switch (source->kind)
    {
    case BP_DATA_SOURCE_FILE:
      g_return_val_if_fail (source->path != NULL, NULL);
      if (source->copy && !bp_data_source_file_readable (source))
        {
          if (from_copy)
            *from_copy = TRUE;
          return load_copy (source, options, error);
        }
      return bp_table_load (source->path, options, error);
    case BP_DATA_SOURCE_SAMPLE:
      g_return_val_if_fail (source->name != NULL, NULL);
      return load_sample (source->name, options, error);
    case BP_DATA_SOURCE_GENERATED:
      return load_generated (source, options, error);
    case BP_DATA_SOURCE_NONE:
    default:
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID, _("There is no data to load"));
      return NULL;
    }
}
