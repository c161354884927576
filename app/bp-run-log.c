/* bp-run-log.c: a run's JSON lines, parsed as they are appended.
 *
 * The bytes after the last newline wait in `partial`; the file is read
 * from `offset` on. The file's identity (device and inode) and size tell
 * a rotated or truncated log from one that grew.
 */
#define G_LOG_DOMAIN "bp-run-log"

#include "bp-run-log.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

/* The most one poll reads, so a huge log does not stall a frame. */
#define READ_CHUNK (1 << 20)

struct _BpRunLog {
  GObject       parent_instance;

  GFile        *file;
  GArray       *records;         /* BpProgress */
  GString      *partial;         /* the last line, not yet ended */
  guint         n_lines;
  BpTask        task;
  gboolean      has_validation;
  gboolean      finished;

  /* Following. */
  GFileMonitor *monitor;
  guint         timer_id;
  goffset       offset;          /* bytes of the file read */
  char         *identity;        /* "dev:inode" of the file read, or NULL */
};

G_DEFINE_FINAL_TYPE (BpRunLog, bp_run_log, G_TYPE_OBJECT)

enum { SIGNAL_RECORDS_ADDED, SIGNAL_RESET, SIGNAL_LINE_ERROR, SIGNAL_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
bp_run_log_dispose (GObject *object)
{
  bp_run_log_stop (BP_RUN_LOG (object));
  G_OBJECT_CLASS (bp_run_log_parent_class)->dispose (object);
}

static void
bp_run_log_finalize (GObject *object)
{
  BpRunLog *self = BP_RUN_LOG (object);
  g_clear_object (&self->file);
  g_array_unref (self->records);
  g_string_free (self->partial, TRUE);
  g_free (self->identity);
  G_OBJECT_CLASS (bp_run_log_parent_class)->finalize (object);
}

static void
bp_run_log_class_init (BpRunLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->dispose = bp_run_log_dispose;
  object_class->finalize = bp_run_log_finalize;

  /* (first, n): records[first .. first + n) are new. */
  signals[SIGNAL_RECORDS_ADDED] =
    g_signal_new ("records-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  /* Everything read was dropped: the log starts again. */
  signals[SIGNAL_RESET] =
    g_signal_new ("reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* (line, message): a line that is no epoch or final record. */
  signals[SIGNAL_LINE_ERROR] =
    g_signal_new ("line-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  /* The "final" line was read. */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bp_run_log_init (BpRunLog *self)
{
  self->records = g_array_new (FALSE, TRUE, sizeof (BpProgress));
  self->partial = g_string_new (NULL);
  self->task = BP_TASK_BINARY;
}

BpRunLog *
bp_run_log_new (GFile *file)
{
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), NULL);
  BpRunLog *self = g_object_new (BP_TYPE_RUN_LOG, NULL);
  self->file = file ? g_object_ref (file) : NULL;
  return self;
}

GFile *
bp_run_log_get_file (BpRunLog *self)
{
  g_return_val_if_fail (BP_IS_RUN_LOG (self), NULL);
  return self->file;
}

/* ---- parsing ------------------------------------------------------------- */

/* A number member, NaN when it is null or absent; FALSE when it is there
 * but no number. */
static gboolean
get_number (JsonObject *object, const char *name, double *value)
{
  JsonNode *node = json_object_get_member (object, name);
  *value = NAN;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  GType type = json_node_get_value_type (node);
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_double (node);
  return TRUE;
}

/* One epoch object into @p; FALSE (and why) when it does not hold one. */
static gboolean
parse_epoch (BpRunLog *self, JsonObject *object, BpProgress *p, char **why)
{
  double epoch, epochs, seconds;
  const gboolean regression = json_object_has_member (object, "mae");
  const char *metric = regression ? "mae" : "accuracy";
  g_autofree char *val_metric = g_strconcat ("val_", metric, NULL);
  memset (p, 0, sizeof *p);
  p->kind = BP_PROGRESS_EPOCH;
  if (!get_number (object, "epoch", &epoch) || !isfinite (epoch) || epoch < 1 || epoch > G_MAXUINT
      || !get_number (object, "epochs", &epochs) || !get_number (object, "loss", &p->loss)
      || !get_number (object, metric, &p->metric) || !get_number (object, "val_loss", &p->val_loss)
      || !get_number (object, val_metric, &p->val_metric)
      || !get_number (object, "learning_rate", &p->learning_rate)
      || !get_number (object, "seconds", &seconds)
      || !get_number (object, "samples_per_second", &p->samples_per_second))
    {
      *why = g_strdup (_("not an epoch record"));
      return FALSE;
    }
  p->epoch = (guint) epoch;
  p->epochs = isfinite (epochs) && epochs >= epoch && epochs <= G_MAXUINT ? (guint) epochs : p->epoch;
  p->epoch_seconds = isfinite (seconds) ? seconds : 0;
  p->step = p->epoch;
  /* A log has no batches: each epoch counts as one, so the progress bar
   * reads epochs; the rows seen follow from the rate. */
  p->batch = p->batches = 1;
  const BpProgress *before = self->records->len ? &g_array_index (self->records, BpProgress, self->records->len - 1)
                                                : NULL;
  p->samples = (before ? before->samples : 0)
               + (isfinite (p->samples_per_second) && p->samples_per_second > 0 ? (guint64) (p->samples_per_second * p->epoch_seconds + 0.5) : 0);
  p->seconds = (before ? before->seconds : 0) + p->epoch_seconds;
  if (self->records->len == 0)
    {
      self->task = regression ? BP_TASK_REGRESSION : BP_TASK_BINARY;
      self->has_validation = isfinite (p->val_loss);
    }
  return TRUE;
}

/* One complete line (without its newline). */
static void
parse_line (BpRunLog *self, const char *line, gsize length)
{
  self->n_lines++;
  while (length && (line[length - 1] == '\r' || g_ascii_isspace (line[length - 1])))
    length--;
  if (length == 0)
    return;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  if (!json_parser_load_from_data (parser, line, (gssize) length, &error))
    {
      g_debug ("line %u: %s", self->n_lines, error->message);
      why = g_strdup (_("not valid JSON (cut short, or not a run log)"));
    }
  else if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    why = g_strdup (_("not a JSON object"));
  else
    {
      JsonObject *object = json_node_get_object (json_parser_get_root (parser));
      if (json_object_has_member (object, "final"))
        {
          self->finished = TRUE;
          g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
          return;
        }
      BpProgress p;
      if (parse_epoch (self, object, &p, &why))
        {
          g_array_append_val (self->records, p);
          return;
        }
    }
  g_signal_emit (self, signals[SIGNAL_LINE_ERROR], 0, self->n_lines, why);
}

void
bp_run_log_feed (BpRunLog *self, const char *data, gsize length)
{
  g_return_if_fail (BP_IS_RUN_LOG (self));
  const guint first = self->records->len;
  const char *end = data + length;
  while (data < end)
    {
      const char *newline = memchr (data, '\n', (gsize) (end - data));
      if (newline == NULL)
        {
          g_string_append_len (self->partial, data, end - data);
          break;
        }
      if (self->partial->len)
        {
          g_string_append_len (self->partial, data, newline - data);
          parse_line (self, self->partial->str, self->partial->len);
          g_string_truncate (self->partial, 0);
        }
      else
        parse_line (self, data, (gsize) (newline - data));
      data = newline + 1;
    }
  if (self->records->len > first)
    g_signal_emit (self, signals[SIGNAL_RECORDS_ADDED], 0, first, self->records->len - first);
}

void
bp_run_log_restart (BpRunLog *self)
{
  g_return_if_fail (BP_IS_RUN_LOG (self));
  g_array_set_size (self->records, 0);
  g_string_truncate (self->partial, 0);
  self->n_lines = 0;
  self->finished = FALSE;
  self->has_validation = FALSE;
  self->task = BP_TASK_BINARY;
  self->offset = 0;
  g_clear_pointer (&self->identity, g_free);
  g_signal_emit (self, signals[SIGNAL_RESET], 0);
}

const GArray *
bp_run_log_get_records (BpRunLog *self)
{
  g_return_val_if_fail (BP_IS_RUN_LOG (self), NULL);
  return self->records;
}

BpTask
bp_run_log_get_task (BpRunLog *self)
{
  g_return_val_if_fail (BP_IS_RUN_LOG (self), BP_TASK_BINARY);
  return self->task;
}

gboolean
bp_run_log_get_has_validation (BpRunLog *self)
{
  g_return_val_if_fail (BP_IS_RUN_LOG (self), FALSE);
  return self->has_validation;
}

gboolean
bp_run_log_get_finished (BpRunLog *self)
{
  g_return_val_if_fail (BP_IS_RUN_LOG (self), FALSE);
  return self->finished;
}

guint
bp_run_log_get_n_lines (BpRunLog *self)
{
  g_return_val_if_fail (BP_IS_RUN_LOG (self), 0);
  return self->n_lines;
}

/* ---- following ------------------------------------------------------------ */

gboolean
bp_run_log_poll (BpRunLog *self, GError **error)
{
  g_return_val_if_fail (BP_IS_RUN_LOG (self), FALSE);
  g_return_val_if_fail (self->file != NULL, FALSE);
  g_autoptr(GFileInputStream) stream = g_file_read (self->file, NULL, error);
  if (!stream)
    return FALSE;
  g_autoptr(GFileInfo) info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                                              G_FILE_ATTRIBUTE_UNIX_DEVICE ","
                                                              G_FILE_ATTRIBUTE_UNIX_INODE, NULL, error);
  if (!info)
    return FALSE;
  const goffset size = g_file_info_get_size (info);
  g_autofree char *identity = NULL;
  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_UNIX_INODE))
    identity = g_strdup_printf ("%u:%" G_GUINT64_FORMAT,
                                g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_DEVICE),
                                g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE));
  /* Shorter than what was read, or another file under the name: a new log. */
  if (size < self->offset || (self->identity && identity && strcmp (self->identity, identity) != 0))
    bp_run_log_restart (self);
  g_free (self->identity);
  self->identity = g_steal_pointer (&identity);
  if (size == self->offset)
    return TRUE;
  if (!g_seekable_seek (G_SEEKABLE (stream), self->offset, G_SEEK_SET, NULL, error))
    return FALSE;
  g_autofree char *buffer = g_malloc (READ_CHUNK);
  gsize got = 0;
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, READ_CHUNK, &got, NULL, error))
    return FALSE;
  self->offset += (goffset) got;
  bp_run_log_feed (self, buffer, got);
  return TRUE;
}

static void
poll_quietly (BpRunLog *self)
{
  g_autoptr(GError) error = NULL;
  /* A log being replaced may be missing for a moment: the next look finds it. */
  if (!bp_run_log_poll (self, &error))
    g_debug ("%s", error->message);
}

static gboolean
on_timer (gpointer data)
{
  poll_quietly (data);
  return G_SOURCE_CONTINUE;
}

static void
on_monitor_changed (GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event, BpRunLog *self)
{
  poll_quietly (self);
}

gboolean
bp_run_log_start (BpRunLog *self, GError **error)
{
  g_return_val_if_fail (BP_IS_RUN_LOG (self), FALSE);
  g_return_val_if_fail (self->file != NULL, FALSE);
  bp_run_log_stop (self);
  if (!bp_run_log_poll (self, error))
    return FALSE;
  g_autoptr(GError) monitor_error = NULL;
  self->monitor = g_file_monitor_file (self->file, G_FILE_MONITOR_WATCH_MOVES, NULL, &monitor_error);
  if (self->monitor)
    g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_monitor_changed), self, 0);
  else
    g_debug ("no monitor, the timer only: %s", monitor_error->message);
  self->timer_id = g_timeout_add (BP_RUN_LOG_POLL_MS, on_timer, self);
  return TRUE;
}

void
bp_run_log_stop (BpRunLog *self)
{
  g_return_if_fail (BP_IS_RUN_LOG (self));
  if (self->monitor)
    {
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  g_clear_handle_id (&self->timer_id, g_source_remove);
}

gboolean
bp_run_log_is_following (BpRunLog *self)
{
  g_return_val_if_fail (BP_IS_RUN_LOG (self), FALSE);
  return self->timer_id != 0;
}
