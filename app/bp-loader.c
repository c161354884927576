/* bp-loader.c: the CSV reader's thread and its handoff to the UI thread.
 *
 * A BpLoad holds what the worker touches; the loader and the worker each
 * hold a reference, so a loader dropped mid-read (cancelled, replaced)
 * costs nothing: the worker notices the cancellable within a chunk and
 * lets go. Progress goes the way the training session's does: the worker
 * stores it in an atomic and, only when no wake-up is queued yet, queues
 * one at default-idle priority (below GTK's redraw); the wake-up clears
 * the flag first, then takes the latest value. A wake-up for a loader
 * that is gone is dropped.
 */
#define G_LOG_DOMAIN "bp-loader"

#include "bp-loader.h"

#include <glib/gi18n.h>

typedef struct {
  gatomicrefcount ref;
  GFile          *file;
  char           *name;          /* for messages and a remote file's table */
  GCancellable   *cancellable;   /* nullable */
  GMainContext   *context;
  GWeakRef        loader;
  int             permille;      /* atomic: written by the worker */
  int             wake_pending;  /* atomic: a wake-up is queued */
  char          **markers;       /* missing-value markers, or NULL: the defaults */
  gboolean        keep_empty;
} BpLoad;

struct _BpLoader {
  GObject  parent_instance;
  BpLoad  *load;
  char    *message;
  double   fraction;
  gboolean started;
};

G_DEFINE_FINAL_TYPE (BpLoader, bp_loader, G_TYPE_OBJECT)

enum { PROP_0, PROP_FILE, PROP_FRACTION, PROP_MESSAGE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static BpLoad *
bp_load_ref (BpLoad *load)
{
  g_atomic_ref_count_inc (&load->ref);
  return load;
}

static void
bp_load_unref (gpointer data)
{
  BpLoad *load = data;
  if (!g_atomic_ref_count_dec (&load->ref))
    return;
  g_clear_object (&load->file);
  g_clear_object (&load->cancellable);
  g_clear_pointer (&load->context, g_main_context_unref);
  g_weak_ref_clear (&load->loader);
  g_free (load->name);
  g_strfreev (load->markers);
  g_free (load);
}

/* UI thread, at most one queued at a time. */
static gboolean
drain (gpointer data)
{
  BpLoad *load = data;

  /* Clear first: progress from here on queues another wake-up. */
  g_atomic_int_set (&load->wake_pending, 0);

  g_autoptr(BpLoader) self = g_weak_ref_get (&load->loader);
  if (!self || self->load != load)
    return G_SOURCE_REMOVE;
  double fraction = g_atomic_int_get (&load->permille) / 1000.0;
  if (fraction != self->fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  return G_SOURCE_REMOVE;
}

/* Worker thread. */
static void
wake (BpLoad *load)
{
  if (!g_atomic_int_compare_and_exchange (&load->wake_pending, 0, 1))
    return;
  g_autoptr(GSource) source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, drain, bp_load_ref (load), bp_load_unref);
  g_source_set_static_name (source, "[backprop] loading progress");
  g_source_attach (source, load->context);
}

static void
on_progress (double fraction, gpointer user_data)
{
  BpLoad *load = user_data;
  int permille = (int) CLAMP (fraction * 1000, 0, 1000);
  /* Only this thread writes it: a wake-up only for a new value. */
  if (permille == g_atomic_int_get (&load->permille))
    return;
  g_atomic_int_set (&load->permille, permille);
  wake (load);
}

static gboolean
keep_going (gpointer user_data)
{
  BpLoad *load = user_data;
  return !g_cancellable_is_cancelled (load->cancellable);
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  BpLoad *load = task_data;
  GError *error = NULL;
  BpTableOptions options;
  bp_table_options_init (&options);
  options.progress = on_progress;
  options.keep_going = keep_going;
  options.user_data = load;
  options.missing_markers = (const char * const *) load->markers;
  options.keep_empty = load->keep_empty;

  BpTable *table = NULL;
  g_autofree char *path = g_file_get_path (load->file);
  if (path)
    table = bp_table_load (path, &options, &error);
  else
    {
      /* Not a local file (e.g. a remote URI): read it whole first. */
      g_autofree char *contents = NULL;
      gsize length = 0;
      if (g_file_load_contents (load->file, cancellable, &contents, &length, NULL, &error))
        table = bp_table_load_data (load->name, contents, length, &options, &error);
    }
  /* One word for "stopped on request", whoever noticed it. */
  if (g_error_matches (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_CANCELLED))
    {
      GError *cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, error->message);
      g_clear_error (&error);
      error = cancelled;
    }
  if (table)
    g_task_return_pointer (task, table, (GDestroyNotify) bp_table_free);
  else
    g_task_return_error (task, error);
}

static void
bp_loader_dispose (GObject *object)
{
  BpLoader *self = BP_LOADER (object);
  g_clear_pointer (&self->load, bp_load_unref);
  G_OBJECT_CLASS (bp_loader_parent_class)->dispose (object);
}

static void
bp_loader_finalize (GObject *object)
{
  g_free (BP_LOADER (object)->message);
  G_OBJECT_CLASS (bp_loader_parent_class)->finalize (object);
}

static void
bp_loader_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BpLoader *self = BP_LOADER (object);
  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->load ? self->load->file : NULL);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bp_loader_class_init (BpLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->dispose = bp_loader_dispose;
  object_class->finalize = bp_loader_finalize;
  object_class->get_property = bp_loader_get_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bp_loader_init (BpLoader *self)
{
}

BpLoader *
bp_loader_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  BpLoader *self = g_object_new (BP_TYPE_LOADER, NULL);
  BpLoad *load = g_new0 (BpLoad, 1);
  g_atomic_ref_count_init (&load->ref);
  load->file = g_object_ref (file);
  /* A file's name for messages, which must be UTF-8 whatever its bytes. */
  g_autofree char *base = g_file_get_basename (file);
  load->name = base ? g_filename_display_name (base) : g_strdup ("");
  g_weak_ref_init (&load->loader, self);
  self->load = load;
  self->message = g_strdup_printf (_("Loading “%s”"), load->name);
  return self;
}

GFile *
bp_loader_get_file (BpLoader *self)
{
  g_return_val_if_fail (BP_IS_LOADER (self), NULL);
  return self->load->file;
}

double
bp_loader_get_fraction (BpLoader *self)
{
  g_return_val_if_fail (BP_IS_LOADER (self), 0);
  return self->fraction;
}

const char *
bp_loader_get_message (BpLoader *self)
{
  g_return_val_if_fail (BP_IS_LOADER (self), NULL);
  return self->message;
}

void
bp_loader_set_missing_markers (BpLoader *self, const char * const *markers, gboolean keep_empty)
{
  g_return_if_fail (BP_IS_LOADER (self));
  g_return_if_fail (!self->started);
  g_strfreev (self->load->markers);
  self->load->markers = g_strdupv ((char **) markers);
  self->load->keep_empty = keep_empty;
}

void
bp_loader_load_async (BpLoader *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (BP_IS_LOADER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->started);
  self->started = TRUE;

  BpLoad *load = self->load;
  g_set_object (&load->cancellable, cancellable);
  load->context = g_main_context_ref_thread_default ();

  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bp_loader_load_async);
  g_task_set_name (task, "bp-load-csv");
  g_task_set_task_data (task, bp_load_ref (load), bp_load_unref);
  g_task_run_in_thread (task, load_thread);
}

BpTable *
bp_loader_load_finish (BpLoader *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (BP_IS_LOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
