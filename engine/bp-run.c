/* bp-run.c: one kept training run (see bp-run.h). */
#include "bp-run.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "bp-activation.h"
#include "bp-error.h"
#include "bp-json-writer.h"
#include "bp-loss.h"
#include "bp-names.h"
#include "bp-optimizer.h"

/* ---- settings ----------------------------------------------------------- */

static void
settings_column_clear (gpointer data)
{
  BpProjectColumn *column = data;
  g_free (column->name);
}

GArray *
bp_project_columns_copy (const GArray *from)
{
  GArray *columns = g_array_sized_new (FALSE, FALSE, sizeof (BpProjectColumn), from ? from->len : 0);
  g_array_set_clear_func (columns, settings_column_clear);
  for (guint i = 0; from && i < from->len; i++)
    {
      BpProjectColumn column = g_array_index (from, BpProjectColumn, i);
      column.name = g_strdup (column.name);
      g_array_append_val (columns, column);
    }
  return columns;
}

BpRunSettings *
bp_run_settings_new (void)
{
  BpRunSettings *settings = g_new0 (BpRunSettings, 1);
  settings->columns = bp_project_columns_copy (NULL);
  bp_dataset_options_init (&settings->data);
  settings->layers = bp_layer_stack_new_recipe ();
  bp_train_config_init (&settings->config);
  return settings;
}

BpRunSettings *
bp_run_settings_copy (const BpRunSettings *settings)
{
  g_return_val_if_fail (settings != NULL, NULL);
  BpRunSettings *copy = g_new0 (BpRunSettings, 1);
  *copy = *settings;
  copy->target = g_strdup (settings->target);
  copy->missing_markers = g_strdupv (settings->missing_markers);
  copy->columns = bp_project_columns_copy (settings->columns);
  copy->layers = bp_layer_stack_copy (settings->layers);
  return copy;
}

void
bp_run_settings_free (BpRunSettings *settings)
{
  if (settings == NULL)
    return;
  g_free (settings->target);
  g_strfreev (settings->missing_markers);
  g_array_unref (settings->columns);
  bp_layer_stack_free (settings->layers);
  g_free (settings);
}

static const char *
format_float (char *buf, float value)
{
  bp_format_float (buf, value);
  return buf;
}

static const char *
format_double (char *buf, double value)
{
  bp_format_double (buf, value);
  return buf;
}

/* Per layer, joined with '-', or once when every layer has the same. */
static char *
layers_value (const GArray *layers, BpRunField field)
{
  if (layers->len == 0)
    return g_strdup ("none");
  GString *out = g_string_new (NULL);
  gboolean same = TRUE;
  const BpLayerSpec *first = &g_array_index (layers, BpLayerSpec, 0);
  for (guint i = 1; i < layers->len; i++)
    {
      const BpLayerSpec *l = &g_array_index (layers, BpLayerSpec, i);
      if ((field == BP_RUN_FIELD_ACTIVATION && l->activation != first->activation) ||
          (field == BP_RUN_FIELD_DROPOUT && l->dropout != first->dropout))
        same = FALSE;
    }
  guint n = field != BP_RUN_FIELD_LAYERS && same ? 1 : layers->len;
  for (guint i = 0; i < n; i++)
    {
      const BpLayerSpec *l = &g_array_index (layers, BpLayerSpec, i);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      if (i > 0)
        g_string_append_c (out, '-');
      if (field == BP_RUN_FIELD_LAYERS)
        g_string_append_printf (out, "%u", l->units);
      else if (field == BP_RUN_FIELD_ACTIVATION)
        g_string_append (out, bp_activation_to_string (l->activation));
      else
        g_string_append (out, format_float (buf, l->dropout));
    }
  return g_string_free (out, FALSE);
}

static char *
optimizer_value (const BpOptimizerConfig *o)
{
  BpOptimizerConfig defaults;
  bp_optimizer_config_init (&defaults, o->kind);
  GString *out = g_string_new (bp_optimizer_kind_to_string (o->kind));
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (o->nesterov)
    g_string_append (out, " nesterov");
  /* The constants no form shows, only when they are not the kind's. */
  if (o->beta1 != defaults.beta1)
    g_string_append_printf (out, " beta1 %s", format_float (buf, o->beta1));
  if (o->beta2 != defaults.beta2)
    g_string_append_printf (out, " beta2 %s", format_float (buf, o->beta2));
  if (o->epsilon != defaults.epsilon)
    g_string_append_printf (out, " epsilon %s", format_float (buf, o->epsilon));
  if (o->rho != defaults.rho)
    g_string_append_printf (out, " rho %s", format_float (buf, o->rho));
  return g_string_free (out, FALSE);
}

static char *
schedule_value (const BpSchedule *s)
{
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
  const char *kind = bp_names_get (bp_schedule_names, s->kind);
  switch (s->kind)
    {
    case BP_SCHEDULE_STEP:
      return g_strdup_printf ("%s %u x%s", kind, s->step_epochs, format_float (a, s->factor));
    case BP_SCHEDULE_EXPONENTIAL:
      return g_strdup_printf ("%s x%s", kind, format_float (a, s->factor));
    case BP_SCHEDULE_COSINE:
      return g_strdup_printf ("%s to %s", kind, format_float (a, s->min_rate));
    case BP_SCHEDULE_PLATEAU:
      return g_strdup_printf ("%s %u x%s min %s", kind, s->patience, format_float (a, s->factor),
                              format_float (b, s->min_rate));
    case BP_SCHEDULE_CONSTANT:
    default:
      return g_strdup (kind);
    }
}

char *
bp_run_settings_get_value (const BpRunSettings *s, BpRunField field)
{
  g_return_val_if_fail (s != NULL, NULL);
  char buf[G_ASCII_DTOSTR_BUF_SIZE], buf2[G_ASCII_DTOSTR_BUF_SIZE];
  const BpTrainConfig *c = &s->config;
  switch (field)
    {
    case BP_RUN_FIELD_LAYERS:
    case BP_RUN_FIELD_ACTIVATION:
    case BP_RUN_FIELD_DROPOUT:
      return layers_value (s->layers->layers, field);
    case BP_RUN_FIELD_OPTIMIZER:
      return optimizer_value (&c->optimizer);
    case BP_RUN_FIELD_LEARNING_RATE:
      return g_strdup (format_float (buf, c->optimizer.learning_rate));
    case BP_RUN_FIELD_BATCH_SIZE:
      return g_strdup_printf ("%u", c->batch_size);
    case BP_RUN_FIELD_EPOCHS:
      return g_strdup_printf ("%u", c->epochs);
    case BP_RUN_FIELD_SEED:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, c->seed);
    case BP_RUN_FIELD_MOMENTUM:
      return g_strdup (format_float (buf, c->optimizer.momentum));
    case BP_RUN_FIELD_WEIGHT_DECAY:
      return g_strdup (format_float (buf, c->optimizer.weight_decay));
    case BP_RUN_FIELD_L1:
      return g_strdup (format_float (buf, c->optimizer.l1));
    case BP_RUN_FIELD_L2:
      return g_strdup (format_float (buf, c->optimizer.l2));
    case BP_RUN_FIELD_CLIP_NORM:
      return c->optimizer.clip_norm > 0.0f ? g_strdup (format_float (buf, c->optimizer.clip_norm)) : g_strdup ("off");
    case BP_RUN_FIELD_SCHEDULE:
      return schedule_value (&c->schedule);
    case BP_RUN_FIELD_LABEL_SMOOTHING:
      return g_strdup (format_float (buf, c->label_smoothing));
    case BP_RUN_FIELD_EARLY_STOPPING:
      {
        if (c->patience == 0)
          return g_strdup ("off");
        GString *out = g_string_new (NULL);
        g_string_append_printf (out, "%u %s", c->patience, bp_names_get (bp_monitor_names, c->monitor));
        if (c->min_delta != 0.0)
          g_string_append_printf (out, " min_delta %s", format_double (buf, c->min_delta));
        if (c->restore_best)
          g_string_append (out, " restore_best");
        return g_string_free (out, FALSE);
      }
    case BP_RUN_FIELD_TARGET_METRIC:
      return isnan (c->target_metric) ? g_strdup ("off") : g_strdup (format_double (buf, c->target_metric));
    case BP_RUN_FIELD_TIME_LIMIT:
      return c->time_limit > 0.0 ? g_strdup (format_double (buf, c->time_limit)) : g_strdup ("off");
    case BP_RUN_FIELD_SHUFFLE:
      return g_strdup (c->shuffle ? "on" : "off");
    case BP_RUN_FIELD_INIT:
      return g_strdup (bp_names_get (bp_init_names, s->layers->init));
    case BP_RUN_FIELD_LOSS:
      return g_strdup (bp_loss_to_string (s->layers->loss));
    case BP_RUN_FIELD_TARGET:
      return g_strdup (s->target ? s->target : "default");
    case BP_RUN_FIELD_TASK:
      return g_strdup (bp_task_to_string (s->data.task));
    case BP_RUN_FIELD_COLUMNS:
      {
        if (s->columns->len == 0)
          return g_strdup ("none");
        GString *out = g_string_new (NULL);
        for (guint i = 0; i < s->columns->len; i++)
          {
            const BpProjectColumn *col = &g_array_index (s->columns, BpProjectColumn, i);
            g_string_append_printf (out, "%s%s %s %s", i > 0 ? ", " : "", col->name,
                                    col->role == BP_ROLE_IGNORED ? "ignored"
                                    : col->role == BP_ROLE_FEATURE ? "feature" : "auto",
                                    bp_column_type_to_string (col->type));
          }
        return g_string_free (out, FALSE);
      }
    case BP_RUN_FIELD_MISSING:
      {
        GString *out = g_string_new (bp_names_get (bp_missing_names, s->data.missing));
        if (!bp_table_markers_are_default ((const char * const *) s->missing_markers))
          {
            g_autofree char *markers = g_strjoinv ("|", s->missing_markers);
            g_string_append_printf (out, " markers %s", markers);
          }
        if (s->keep_empty)
          g_string_append (out, " keep_empty");
        return g_string_free (out, FALSE);
      }
    case BP_RUN_FIELD_SPLIT:
      return g_strdup_printf ("%s %s/%s seed %" G_GUINT64_FORMAT, bp_split_to_string (s->data.split),
                              format_double (buf, s->data.validation_fraction),
                              format_double (buf2, s->data.test_fraction), s->data.seed);
    case BP_RUN_FIELD_SCALING:
      return g_strdup_printf ("%s%s", bp_names_get (bp_scaling_names, s->data.scaling),
                              s->data.scale_target ? "" : " target_unscaled");
    case BP_RUN_N_FIELDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
bp_run_field_label (BpRunField field)
{
  switch (field)
    {
      /* Translators: the short labels of settings in a run's automatic
       * name and the runs table, as in "lr 0.01, batch 64": keep them short. */
    case BP_RUN_FIELD_LAYERS:          return C_("run setting", "layers");
    case BP_RUN_FIELD_ACTIVATION:      return C_("run setting", "activation");
    case BP_RUN_FIELD_DROPOUT:         return C_("run setting", "dropout");
    case BP_RUN_FIELD_OPTIMIZER:       return C_("run setting", "optimizer");
      /* Translators: short for learning rate. */
    case BP_RUN_FIELD_LEARNING_RATE:   return C_("run setting", "lr");
      /* Translators: the batch size. */
    case BP_RUN_FIELD_BATCH_SIZE:      return C_("run setting", "batch");
    case BP_RUN_FIELD_EPOCHS:          return C_("run setting", "epochs");
    case BP_RUN_FIELD_SEED:            return C_("run setting", "seed");
    case BP_RUN_FIELD_MOMENTUM:        return C_("run setting", "momentum");
    case BP_RUN_FIELD_WEIGHT_DECAY:    return C_("run setting", "weight decay");
    case BP_RUN_FIELD_L1:              return C_("run setting", "L1");
    case BP_RUN_FIELD_L2:              return C_("run setting", "L2");
    case BP_RUN_FIELD_CLIP_NORM:       return C_("run setting", "clip norm");
    case BP_RUN_FIELD_SCHEDULE:        return C_("run setting", "schedule");
    case BP_RUN_FIELD_LABEL_SMOOTHING: return C_("run setting", "label smoothing");
    case BP_RUN_FIELD_EARLY_STOPPING:  return C_("run setting", "early stopping");
    case BP_RUN_FIELD_TARGET_METRIC:   return C_("run setting", "target metric");
    case BP_RUN_FIELD_TIME_LIMIT:      return C_("run setting", "time limit");
    case BP_RUN_FIELD_SHUFFLE:         return C_("run setting", "shuffle");
      /* Translators: the weight initializer. */
    case BP_RUN_FIELD_INIT:            return C_("run setting", "init");
    case BP_RUN_FIELD_LOSS:            return C_("run setting", "loss");
    case BP_RUN_FIELD_TARGET:          return C_("run setting", "target");
    case BP_RUN_FIELD_TASK:            return C_("run setting", "task");
    case BP_RUN_FIELD_COLUMNS:         return C_("run setting", "columns");
    case BP_RUN_FIELD_MISSING:         return C_("run setting", "missing values");
    case BP_RUN_FIELD_SPLIT:           return C_("run setting", "split");
    case BP_RUN_FIELD_SCALING:         return C_("run setting", "scaling");
    case BP_RUN_N_FIELDS:
    default:
      g_return_val_if_reached ("");
    }
}

static void
change_clear (gpointer data)
{
  BpRunChange *change = data;
  g_free (change->before);
  g_free (change->after);
}

GArray *
bp_run_settings_diff (const BpRunSettings *a, const BpRunSettings *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, NULL);
  GArray *changes = g_array_new (FALSE, FALSE, sizeof (BpRunChange));
  g_array_set_clear_func (changes, change_clear);
  for (int f = 0; f < BP_RUN_N_FIELDS; f++)
    {
      char *before = bp_run_settings_get_value (a, (BpRunField) f);
      char *after = bp_run_settings_get_value (b, (BpRunField) f);
      if (g_strcmp0 (before, after) == 0)
        {
          g_free (before);
          g_free (after);
          continue;
        }
      BpRunChange change = { (BpRunField) f, before, after };
      g_array_append_val (changes, change);
    }
  return changes;
}

gboolean
bp_run_settings_equal (const BpRunSettings *a, const BpRunSettings *b)
{
  g_autoptr(GArray) changes = bp_run_settings_diff (a, b);
  return changes->len == 0;
}

gboolean
bp_run_settings_equal_but_seed (const BpRunSettings *a, const BpRunSettings *b)
{
  g_autoptr(GArray) changes = bp_run_settings_diff (a, b);
  return changes->len == 0 ||
    (changes->len == 1 && g_array_index (changes, BpRunChange, 0).field == BP_RUN_FIELD_SEED);
}

/* A name lists this many changes at most, then "…". */
#define NAME_MAX_CHANGES 3

static void
append_named (GString *out, BpRunField field, const char *value)
{
  if (out->len > 0)
    g_string_append (out, ", ");
  if (field == BP_RUN_FIELD_LAYERS)
    g_string_append (out, value);   /* "256-128" says what it is */
  else
    g_string_append_printf (out, "%s %s", bp_run_field_label (field), value);
}

char *
bp_run_settings_name (const BpRunSettings *settings, const BpRunSettings *previous)
{
  g_return_val_if_fail (settings != NULL, NULL);
  GString *out = g_string_new (NULL);
  if (previous)
    {
      g_autoptr(GArray) changes = bp_run_settings_diff (previous, settings);
      for (guint i = 0; i < changes->len && i < NAME_MAX_CHANGES; i++)
        {
          const BpRunChange *change = &g_array_index (changes, BpRunChange, i);
          append_named (out, change->field, change->after);
        }
      if (changes->len > NAME_MAX_CHANGES)
        g_string_append (out, ", …");
    }
  if (out->len == 0)
    {
      static const BpRunField summary[] = { BP_RUN_FIELD_LAYERS, BP_RUN_FIELD_OPTIMIZER, BP_RUN_FIELD_LEARNING_RATE };
      for (gsize i = 0; i < G_N_ELEMENTS (summary); i++)
        {
          g_autofree char *value = bp_run_settings_get_value (settings, summary[i]);
          if (summary[i] == BP_RUN_FIELD_OPTIMIZER)
            g_string_append_printf (out, ", %s", value);   /* "adam" needs no label */
          else
            append_named (out, summary[i], value);
        }
    }
  return g_string_free (out, FALSE);
}

/* ---- runs --------------------------------------------------------------- */

static const char * const status_names[] = { "running", "finished", "stopped", "diverged", NULL };

const char *
bp_run_status_to_string (BpRunStatus status)
{
  return bp_names_get (status_names, status);
}

gboolean
bp_run_status_from_string (const char *text, BpRunStatus *status)
{
  int index = bp_names_find (status_names, text);
  if (index < 0)
    return FALSE;
  *status = (BpRunStatus) index;
  return TRUE;
}

gboolean
bp_task_metric_higher_is_better (BpTask task)
{
  return task != BP_TASK_REGRESSION;
}

BpRun *
bp_run_new (const BpRunSettings *settings, BpTask task, gboolean has_validation)
{
  g_return_val_if_fail (settings != NULL, NULL);
  BpRun *run = g_new0 (BpRun, 1);
  run->ref_count = 1;
  run->settings = bp_run_settings_copy (settings);
  run->task = task;
  run->has_validation = has_validation;
  run->created = g_get_real_time ();
  run->epochs = g_array_new (FALSE, FALSE, sizeof (BpEpochRecord));
  run->batch_losses = g_array_new (FALSE, FALSE, sizeof (float));
  run->status = BP_RUN_RUNNING;
  run->stop_reason = BP_STOP_NONE;
  run->final_val_metric = NAN;
  run->best_val_metric = NAN;
  return run;
}

BpRun *
bp_run_ref (BpRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);
  g_atomic_int_inc (&run->ref_count);
  return run;
}

void
bp_run_unref (BpRun *run)
{
  if (run == NULL || !g_atomic_int_dec_and_test (&run->ref_count))
    return;
  g_free (run->name);
  bp_run_settings_free (run->settings);
  g_array_unref (run->epochs);
  g_array_unref (run->batch_losses);
  g_clear_pointer (&run->spec, bp_model_spec_free);
  g_free (run->weights);
  g_free (run);
}

void
bp_run_set_name (BpRun *run, const char *name)
{
  g_return_if_fail (run != NULL && name != NULL);
  g_free (run->name);
  run->name = g_strdup (name);
  run->renamed = TRUE;
}

void
bp_run_set_pinned (BpRun *run, gboolean pinned)
{
  g_return_if_fail (run != NULL);
  run->pinned = pinned;
}

/* Final and best from the epochs, after any change to them. */
static void
update_scores (BpRun *run)
{
  const gboolean higher = bp_task_metric_higher_is_better (run->task);
  run->final_val_metric = NAN;
  run->best_val_metric = NAN;
  run->best_epoch = 0;
  run->seconds = 0.0;
  for (guint i = 0; i < run->epochs->len; i++)
    {
      const BpEpochRecord *r = &g_array_index (run->epochs, BpEpochRecord, i);
      run->seconds += r->seconds;
      if (!run->has_validation || !isfinite (r->val_metric))
        continue;
      run->final_val_metric = r->val_metric;
      if (run->best_epoch == 0 || (higher ? r->val_metric > run->best_val_metric : r->val_metric < run->best_val_metric))
        {
          run->best_val_metric = r->val_metric;
          run->best_epoch = r->epoch;
        }
    }
  /* The last epoch's, measured or not. */
  if (run->epochs->len > 0 && run->has_validation)
    run->final_val_metric = g_array_index (run->epochs, BpEpochRecord, run->epochs->len - 1).val_metric;
}

void
bp_run_set_parent (BpRun *run, const BpRun *parent, guint fork_epoch, guint64 fork_step)
{
  g_return_if_fail (run != NULL && parent != NULL);
  run->parent_id = parent->id;
  run->fork_epoch = MIN (fork_epoch, parent->epochs->len);
  run->fork_step = MIN (fork_step, (guint64) parent->batch_losses->len);
  g_array_set_size (run->epochs, 0);
  g_array_append_vals (run->epochs, parent->epochs->data, run->fork_epoch);
  g_array_set_size (run->batch_losses, 0);
  g_array_append_vals (run->batch_losses, parent->batch_losses->data, (guint) run->fork_step);
  run->batches_per_epoch = parent->batches_per_epoch;
  update_scores (run);
}

void
bp_run_record (BpRun *run, const BpProgress *p)
{
  g_return_if_fail (run != NULL && p != NULL);
  if (p->kind == BP_PROGRESS_BATCH)
    {
      float loss = (float) p->batch_loss;
      g_array_append_val (run->batch_losses, loss);
      run->batches_per_epoch = p->batches;
      return;
    }
  BpEpochRecord record = {
    .epoch = p->epoch, .loss = p->loss, .metric = p->metric, .val_loss = p->val_loss, .val_metric = p->val_metric,
    .seconds = p->epoch_seconds, .samples_per_second = p->samples_per_second, .learning_rate = p->learning_rate,
  };
  g_array_append_val (run->epochs, record);
  update_scores (run);
}

void
bp_run_set_epochs (BpRun *run, const GArray *epochs)
{
  g_return_if_fail (run != NULL && epochs != NULL);
  g_array_set_size (run->epochs, 0);
  g_array_append_vals (run->epochs, epochs->data, epochs->len);
  update_scores (run);
}

void
bp_run_set_weights (BpRun *run, const BpModelSpec *spec, const float *weights, gsize n_weights)
{
  g_return_if_fail (run != NULL && spec != NULL && weights != NULL);
  g_clear_pointer (&run->spec, bp_model_spec_free);
  g_free (run->weights);
  run->spec = bp_model_spec_copy (spec);
  run->weights = g_memdup2 (weights, n_weights * sizeof (float));
  run->n_weights = n_weights;
  run->weights_dropped = FALSE;
}

void
bp_run_drop_weights (BpRun *run)
{
  g_return_if_fail (run != NULL);
  if (run->weights == NULL)
    return;
  g_clear_pointer (&run->spec, bp_model_spec_free);
  g_clear_pointer (&run->weights, g_free);
  run->n_weights = 0;
  run->weights_dropped = TRUE;
}

void
bp_run_finish (BpRun *run, BpStopReason reason, const BpModel *model)
{
  g_return_if_fail (run != NULL);
  run->stop_reason = reason;
  switch (reason)
    {
    case BP_STOP_USER:
    case BP_STOP_NONE:
      run->status = BP_RUN_STOPPED;
      break;
    case BP_STOP_DIVERGED:
      run->status = BP_RUN_DIVERGED;
      break;
    case BP_STOP_EPOCHS:
    case BP_STOP_EARLY:
    case BP_STOP_TARGET:
    case BP_STOP_TIME:
    default:
      run->status = BP_RUN_FINISHED;
      break;
    }
  update_scores (run);
  if (model)
    bp_run_set_weights (run, model->spec, model->params, model->n_params);
}

BpModel *
bp_run_new_model (const BpRun *run, GError **error)
{
  g_return_val_if_fail (run != NULL, NULL);
  if (run->weights == NULL)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   /* Translators: %s is a run's name, such as “lr 0.01”. */
                   _("The run “%s” kept no weights"), run->name ? run->name : "");
      return NULL;
    }
  BpModel *model = bp_model_new (run->spec, error);
  if (model == NULL)
    return NULL;
  if (model->n_params != run->n_weights)
    {
      bp_model_free (model);
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   /* Translators: %s is a run's name; the numbers count parameters. */
                   _("The run “%s” kept %zu weights for a network of %zu"), run->name ? run->name : "",
                   run->n_weights, model->n_params);
      return NULL;
    }
  memcpy (model->params, run->weights, run->n_weights * sizeof (float));
  return model;
}

/* What a GArray of @len elements holds: GLib grows it to a power of two
 * of bytes (at least 16), plus its header. */
static gsize
array_size (const GArray *array, gsize element_size)
{
  gsize bytes = array->len * element_size;
  gsize alloc = bytes == 0 ? 0 : 16;
  while (alloc < bytes)
    alloc *= 2;
  return sizeof (GArray) + 2 * sizeof (gpointer) + alloc;
}

static gsize
settings_size (const BpRunSettings *s)
{
  gsize size = sizeof (BpRunSettings) + (s->target ? strlen (s->target) + 1 : 0);
  for (char **m = s->missing_markers; m && *m; m++)
    size += sizeof (char *) + strlen (*m) + 1;
  size += array_size (s->columns, sizeof (BpProjectColumn));
  for (guint i = 0; i < s->columns->len; i++)
    size += strlen (g_array_index (s->columns, BpProjectColumn, i).name) + 1;
  size += sizeof (BpLayerStack) + array_size (s->layers->layers, sizeof (BpLayerSpec));
  return size;
}

gsize
bp_run_get_memory_size (const BpRun *run)
{
  g_return_val_if_fail (run != NULL, 0);
  gsize size = sizeof (BpRun) + (run->name ? strlen (run->name) + 1 : 0) + settings_size (run->settings);
  size += array_size (run->epochs, sizeof (BpEpochRecord));
  size += array_size (run->batch_losses, sizeof (float));
  if (run->weights)
    size += run->n_weights * sizeof (float) + sizeof (BpModelSpec) + array_size (run->spec->layers, sizeof (BpLayerSpec));
  return size;
}

double
bp_run_get_score (const BpRun *run)
{
  g_return_val_if_fail (run != NULL, NAN);
  if (run->has_validation)
    return run->best_val_metric;
  if (run->epochs->len == 0)
    return NAN;
  return g_array_index (run->epochs, BpEpochRecord, run->epochs->len - 1).metric;
}
