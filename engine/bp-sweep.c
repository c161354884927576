/* bp-sweep.c: sweeps, repeats and groups of runs (see bp-sweep.h). */
#include "bp-sweep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "bp-error.h"
#include "bp-json-writer.h"
#include "bp-names.h"
#include "bp-model.h"
#include "bp-optimizer.h"
#include "bp-range.h"
#include "bp-trainer.h"

/* The words before '=', in BpSweepSetting's order. */
static const char * const setting_words[] = { "lr", "batch", "units", "dropout", "optimizer", "epochs", "seed", NULL };

BpSweep *
bp_sweep_new (void)
{
  BpSweep *sweep = g_new0 (BpSweep, 1);
  sweep->repeats = 1;
  return sweep;
}

void
bp_sweep_free (BpSweep *sweep)
{
  if (sweep == NULL)
    return;
  for (guint i = 0; i < sweep->n_axes; i++)
    g_array_unref (sweep->axes[i].values);
  g_free (sweep);
}

guint
bp_sweep_count (const BpSweep *sweep)
{
  g_return_val_if_fail (sweep != NULL, 0);
  guint64 count = sweep->repeats;
  for (guint i = 0; i < sweep->n_axes; i++)
    count *= sweep->axes[i].values->len;
  return (guint) MIN (count, (guint64) G_MAXUINT);
}

char *
bp_sweep_format_value (BpSweepSetting setting, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  switch (setting)
    {
    case BP_SWEEP_LEARNING_RATE:
    case BP_SWEEP_DROPOUT:
      bp_format_float (buf, (float) value);
      return g_strdup (buf);
    case BP_SWEEP_OPTIMIZER:
      return g_strdup (bp_names_get (bp_optimizer_names, (int) value));
    case BP_SWEEP_BATCH_SIZE:
    case BP_SWEEP_UNITS:
    case BP_SWEEP_EPOCHS:
    case BP_SWEEP_SEED:
    default:
      return g_strdup_printf ("%.0f", value);
    }
}

char *
bp_sweep_axis_name (const BpSweepAxis *axis)
{
  g_return_val_if_fail (axis != NULL, NULL);
  const char *word = setting_words[axis->setting];
  if ((axis->setting == BP_SWEEP_UNITS || axis->setting == BP_SWEEP_DROPOUT) && axis->layer != BP_SWEEP_ALL_LAYERS &&
      axis->layer > 0)
    return g_strdup_printf ("%s%u", word, axis->layer + 1);
  return g_strdup (word);
}

/* What @setting takes: the limits train's options and the engine have
 * (the optimizer by its index in bp_optimizer_names). */
static BpRange
setting_range (BpSweepSetting setting)
{
  switch (setting)
    {
    case BP_SWEEP_LEARNING_RATE:
      return (BpRange) { BP_RANGE_ABOVE_ZERO, 0, 1e6, TRUE };
    case BP_SWEEP_DROPOUT:
      return (BpRange) { BP_RANGE_FROM_ZERO, 0, BP_MAX_DROPOUT, TRUE };
    case BP_SWEEP_OPTIMIZER:
      return (BpRange) { BP_RANGE_WHOLE, 0, BP_OPTIMIZER_ADAMW, FALSE };
    case BP_SWEEP_BATCH_SIZE:
      return (BpRange) { BP_RANGE_WHOLE, 1, BP_MAX_BATCH_SIZE, FALSE };
    case BP_SWEEP_UNITS:
      return (BpRange) { BP_RANGE_WHOLE, 1, BP_MAX_UNITS, FALSE };
    case BP_SWEEP_EPOCHS:
      return (BpRange) { BP_RANGE_WHOLE, 1, BP_MAX_EPOCHS, FALSE };
    case BP_SWEEP_SEED:
    default:
      return (BpRange) { BP_RANGE_WHOLE, 0, 9007199254740992.0, FALSE };   /* 2^53: exact as a double */
    }
}

gboolean
bp_sweep_add_axis (BpSweep *sweep, BpSweepSetting setting, guint layer, const double *values, guint n_values,
                   GError **error)
{
  g_return_val_if_fail (sweep != NULL && (values != NULL || n_values == 0), FALSE);
  BpSweepAxis axis = { setting, setting == BP_SWEEP_UNITS || setting == BP_SWEEP_DROPOUT ? layer : 0, NULL };
  g_autofree char *name = bp_sweep_axis_name (&axis);
  if (sweep->n_axes == BP_SWEEP_MAX_AXES)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   /* Translators: %s is a swept setting such as lr; %d is 2. */
                   _("%s: a sweep varies at most %d settings"), name, BP_SWEEP_MAX_AXES);
      return FALSE;
    }
  if (n_values == 0)
    {
      /* Translators: %s is a swept setting such as lr. */
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID, _("%s: no values to try"), name);
      return FALSE;
    }
  for (guint i = 0; i < sweep->n_axes; i++)
    {
      g_autofree char *other = bp_sweep_axis_name (&sweep->axes[i]);
      if (g_str_equal (other, name))
        {
          /* Translators: %s is a swept setting such as lr. */
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID, _("%s: this setting is swept twice"), name);
          return FALSE;
        }
    }
  const BpRange range = setting_range (setting);
  for (guint i = 0; i < n_values; i++)
    if (!bp_range_contains (&range, values[i]))
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        bp_format_double (buf, values[i]);
        bp_range_set_error (&range, name, buf, error);
        return FALSE;
      }
  if ((guint64) bp_sweep_count (sweep) * n_values > BP_SWEEP_MAX_RUNS)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   /* Translators: %s is a swept setting such as lr; %d a number of runs (1000). */
                   _("%s: the sweep would train more than %d runs"), name, BP_SWEEP_MAX_RUNS);
      return FALSE;
    }
  axis.values = g_array_sized_new (FALSE, FALSE, sizeof (double), n_values);
  g_array_append_vals (axis.values, values, n_values);
  sweep->axes[sweep->n_axes++] = axis;
  return TRUE;
}

gboolean
bp_sweep_add_log_range (BpSweep *sweep, BpSweepSetting setting, double from, double to, guint count, GError **error)
{
  g_return_val_if_fail (sweep != NULL, FALSE);
  if (!(from > 0.0 && to > 0.0 && isfinite (from) && isfinite (to)) || count == 0 || count > BP_SWEEP_MAX_RUNS)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   /* Translators: %d is the most values (1000). */
                   _("a log range goes between two numbers above 0 in 1 to %d steps"), BP_SWEEP_MAX_RUNS);
      return FALSE;
    }
  g_autofree double *values = g_new (double, count);
  const double a = log10 (from), b = log10 (to);
  for (guint i = 0; i < count; i++)
    {
      double exponent = count == 1 ? a : a + (b - a) * i / (count - 1);
      /* Round to 6 significant digits so 1e-4..1e-1:4 gives 0.001, not
       * 0.0010000000000000002. */
      char buf[32];
      g_ascii_formatd (buf, sizeof buf, "%.6g", pow (10.0, exponent));
      values[i] = g_ascii_strtod (buf, NULL);
    }
  return bp_sweep_add_axis (sweep, setting, 0, values, count, error);
}

gboolean
bp_sweep_set_repeats (BpSweep *sweep, guint repeats, GError **error)
{
  g_return_val_if_fail (sweep != NULL, FALSE);
  guint64 combinations = 1;
  for (guint i = 0; i < sweep->n_axes; i++)
    combinations *= sweep->axes[i].values->len;
  if (repeats == 0 || combinations * repeats > BP_SWEEP_MAX_RUNS)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   /* Translators: %d is the most runs (1000). */
                   _("repeats: from 1, and at most %d runs in all"), BP_SWEEP_MAX_RUNS);
      return FALSE;
    }
  sweep->repeats = repeats;
  return TRUE;
}

/* The text as a whole is not a sweep (the caller names the text). */
static gboolean
bad_text (GError **error)
{
  g_autofree char *words = bp_names_list (setting_words);
  g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
               /* Translators: %s is the settings (lr, batch, …). */
               _("a sweep is SETTING=VALUE,VALUE,… or lr=FROM..TO:COUNT, the setting one of %s"), words);
  return FALSE;
}

gboolean
bp_sweep_parse_axis (BpSweep *sweep, const char *text, GError **error)
{
  g_return_val_if_fail (sweep != NULL && text != NULL, FALSE);
  const char *equals = strchr (text, '=');
  if (equals == NULL || equals == text || equals[1] == '\0')
    return bad_text (error);
  g_autofree char *word = g_strndup (text, (gsize) (equals - text));
  const char *rest = equals + 1;

  /* A layer number after units and dropout: units2 is the second. */
  guint layer = 0;
  gsize word_length = strlen (word);
  gsize digits = word_length;
  while (digits > 0 && g_ascii_isdigit (word[digits - 1]))
    digits--;
  gboolean numbered = digits < word_length;
  if (numbered)
    {
      guint64 n = g_ascii_strtoull (word + digits, NULL, 10);
      if (n < 1 || n > 1000)
        return bad_text (error);
      layer = (guint) n - 1;
      word[digits] = '\0';
    }
  int setting = bp_names_find (setting_words, word);
  if (setting < 0 || (numbered && setting != BP_SWEEP_UNITS && setting != BP_SWEEP_DROPOUT))
    return bad_text (error);
  if (setting == BP_SWEEP_DROPOUT && !numbered)
    layer = BP_SWEEP_ALL_LAYERS;

  /* FROM..TO:COUNT, for the rate. */
  const char *dots = strstr (rest, "..");
  if (dots)
    {
      const char *colon = strchr (dots, ':');
      if (setting != BP_SWEEP_LEARNING_RATE || colon == NULL)
        return bad_text (error);
      g_autofree char *from_text = g_strndup (rest, (gsize) (dots - rest));
      g_autofree char *to_text = g_strndup (dots + 2, (gsize) (colon - dots - 2));
      const BpRange rate = setting_range (BP_SWEEP_LEARNING_RATE);
      const BpRange steps = { BP_RANGE_WHOLE, 1, BP_SWEEP_MAX_RUNS, FALSE };
      double from, to, count;
      if (!bp_range_parse (&rate, word, from_text, &from, error) || !bp_range_parse (&rate, word, to_text, &to, error) ||
          /* Translators: what COUNT in lr=FROM..TO:COUNT is called in “%s takes a whole number from 1 to 1000”. */
          !bp_range_parse (&steps, _("the number of steps"), colon + 1, &count, error))
        return FALSE;
      return bp_sweep_add_log_range (sweep, (BpSweepSetting) setting, from, to, (guint) count, error);
    }

  g_auto(GStrv) items = g_strsplit (rest, ",", -1);
  guint n = g_strv_length (items);
  g_autofree double *values = g_new (double, MAX (n, 1));
  const BpSweepAxis axis = { (BpSweepSetting) setting, layer, NULL };
  g_autofree char *name = bp_sweep_axis_name (&axis);
  const BpRange range = setting_range ((BpSweepSetting) setting);
  for (guint i = 0; i < n; i++)
    {
      const char *item = g_strstrip (items[i]);
      if (setting == BP_SWEEP_OPTIMIZER)
        {
          int kind = bp_names_find (bp_optimizer_names, item);
          if (kind < 0)
            {
              g_autofree char *kinds = bp_names_list (bp_optimizer_names);
              /* The shape of bp_range_set_error(), as backprop-cli's --optimizer says it. */
              g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID, _("%s takes %s, not “%s”"), name, kinds,
                           item);
              return FALSE;
            }
          values[i] = kind;
          continue;
        }
      if (!bp_range_parse (&range, name, item, &values[i], error))
        return FALSE;
    }
  return bp_sweep_add_axis (sweep, (BpSweepSetting) setting, layer, values, n, error);
}

/* Sets one swept value; FALSE when the layer is not there. */
static gboolean
apply_value (BpRunSettings *s, const BpSweepAxis *axis, double value, GError **error)
{
  GArray *layers = s->layers->layers;
  switch (axis->setting)
    {
    case BP_SWEEP_LEARNING_RATE:
      s->config.optimizer.learning_rate = (float) value;
      return TRUE;
    case BP_SWEEP_BATCH_SIZE:
      s->config.batch_size = (guint) value;
      return TRUE;
    case BP_SWEEP_EPOCHS:
      s->config.epochs = (guint) value;
      return TRUE;
    case BP_SWEEP_SEED:
      s->config.seed = (guint64) value;
      return TRUE;
    case BP_SWEEP_OPTIMIZER:
      {
        /* The penalties and clipping are not the optimizer's: they stay. */
        BpOptimizerConfig old = s->config.optimizer;
        bp_optimizer_config_init (&s->config.optimizer, (BpOptimizerKind) value);
        s->config.optimizer.l1 = old.l1;
        s->config.optimizer.l2 = old.l2;
        s->config.optimizer.clip_norm = old.clip_norm;
        return TRUE;
      }
    case BP_SWEEP_UNITS:
    case BP_SWEEP_DROPOUT:
      if (axis->layer == BP_SWEEP_ALL_LAYERS)
        {
          for (guint l = 0; l < layers->len; l++)
            g_array_index (layers, BpLayerSpec, l).dropout = (float) value;
          return TRUE;
        }
      if (axis->layer >= layers->len)
        {
          g_autofree char *name = bp_sweep_axis_name (axis);
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                       /* Translators: %s is a swept setting such as units2; %u the number of hidden layers. */
                       g_dngettext (GETTEXT_PACKAGE, "%s: the network has %u hidden layer",
                                    "%s: the network has %u hidden layers", layers->len), name, layers->len);
          return FALSE;
        }
      if (axis->setting == BP_SWEEP_UNITS)
        g_array_index (layers, BpLayerSpec, axis->layer).units = (guint) value;
      else
        g_array_index (layers, BpLayerSpec, axis->layer).dropout = (float) value;
      return TRUE;
    default:
      g_return_val_if_reached (FALSE);
    }
}

static void
sweep_run_clear (gpointer data)
{
  BpSweepRun *run = data;
  bp_run_settings_free (run->settings);
  g_free (run->label);
}

GArray *
bp_sweep_expand (const BpSweep *sweep, const BpRunSettings *base, GError **error)
{
  g_return_val_if_fail (sweep != NULL && base != NULL, NULL);
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (BpSweepRun));
  g_array_set_clear_func (runs, sweep_run_clear);
  guint n0 = sweep->n_axes > 0 ? sweep->axes[0].values->len : 1;
  guint n1 = sweep->n_axes > 1 ? sweep->axes[1].values->len : 1;
  /* An optimizer applies first: its defaults must not undo a swept rate. */
  gboolean optimizer_second = sweep->n_axes > 1 && sweep->axes[1].setting == BP_SWEEP_OPTIMIZER;
  for (guint i = 0; i < n0; i++)
    for (guint j = 0; j < n1; j++)
      for (guint r = 0; r < sweep->repeats; r++)
        {
          BpRunSettings *s = bp_run_settings_copy (base);
          GString *label = g_string_new (NULL);
          const guint index[] = { i, j };
          for (guint k = 0; k < sweep->n_axes; k++)
            {
              guint a = optimizer_second ? 1 - k : k;
              const BpSweepAxis *axis = &sweep->axes[a];
              if (!apply_value (s, axis, g_array_index (axis->values, double, index[a]), error))
                {
                  bp_run_settings_free (s);
                  g_string_free (label, TRUE);
                  g_array_unref (runs);
                  return NULL;
                }
            }
          for (guint a = 0; a < sweep->n_axes; a++)
            {
              const BpSweepAxis *axis = &sweep->axes[a];
              g_autofree char *name = bp_sweep_axis_name (axis);
              g_autofree char *value = bp_sweep_format_value (axis->setting, g_array_index (axis->values, double, index[a]));
              g_string_append_printf (label, "%s%s %s", label->len ? ", " : "", name, value);
            }
          s->config.seed += r;
          if (sweep->repeats > 1)
            g_string_append_printf (label, "%sseed %" G_GUINT64_FORMAT, label->len ? ", " : "", s->config.seed);
          BpSweepRun run = { s, i * n1 + j, r, g_string_free (label, FALSE) };
          g_array_append_val (runs, run);
        }
  return runs;
}

/* ---- groups and statistics ---------------------------------------------- */

double
bp_epoch_record_get (const BpEpochRecord *r, BpRunMetric metric)
{
  switch (metric)
    {
    case BP_RUN_METRIC_LOSS:          return r->loss;
    case BP_RUN_METRIC_METRIC:        return r->metric;
    case BP_RUN_METRIC_VAL_LOSS:      return r->val_loss;
    case BP_RUN_METRIC_VAL_METRIC:    return r->val_metric;
    case BP_RUN_METRIC_LEARNING_RATE: return r->learning_rate;
    default:                          return NAN;
    }
}

void
bp_values_stats (const double *values, guint n_values, BpRunStat *out)
{
  g_return_if_fail (out != NULL);
  /* Welford's running mean and sum of squares: stable for close values. */
  double mean = 0.0, m2 = 0.0, min = INFINITY, max = -INFINITY;
  guint n = 0;
  for (guint i = 0; i < n_values; i++)
    {
      double x = values[i];
      if (!isfinite (x))
        continue;
      n++;
      double delta = x - mean;
      mean += delta / n;
      m2 += delta * (x - mean);
      min = MIN (min, x);
      max = MAX (max, x);
    }
  out->n = n;
  out->mean = n ? mean : NAN;
  out->sd = n > 1 ? sqrt (m2 / (n - 1)) : n ? 0.0 : NAN;
  out->min = n ? min : NAN;
  out->max = n ? max : NAN;
}

GArray *
bp_runs_stats (BpRun * const *runs, guint n_runs, BpRunMetric metric)
{
  g_return_val_if_fail (runs != NULL || n_runs == 0, NULL);
  guint epochs = 0;
  for (guint i = 0; i < n_runs; i++)
    epochs = MAX (epochs, runs[i]->epochs->len);
  GArray *stats = g_array_sized_new (FALSE, FALSE, sizeof (BpRunStat), epochs);
  g_autofree double *values = g_new (double, MAX (n_runs, 1));
  for (guint e = 0; e < epochs; e++)
    {
      for (guint i = 0; i < n_runs; i++)
        values[i] = e < runs[i]->epochs->len
          ? bp_epoch_record_get (&g_array_index (runs[i]->epochs, BpEpochRecord, e), metric) : NAN;
      BpRunStat stat = { .epoch = e + 1 };
      bp_values_stats (values, n_runs, &stat);
      g_array_append_val (stats, stat);
    }
  return stats;
}

GPtrArray *
bp_runs_group (BpRun * const *runs, guint n_runs)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < n_runs; i++)
    {
      GPtrArray *group = NULL;
      for (guint g = 0; g < groups->len && group == NULL; g++)
        {
          GPtrArray *candidate = g_ptr_array_index (groups, g);
          const BpRun *first = g_ptr_array_index (candidate, 0);
          if (first->task == runs[i]->task && bp_run_settings_equal_but_seed (first->settings, runs[i]->settings))
            group = candidate;
        }
      if (group == NULL)
        {
          group = g_ptr_array_new ();
          g_ptr_array_add (groups, group);
        }
      g_ptr_array_add (group, runs[i]);
    }
  return groups;
}

/* Whether @a ranks above @b (NaN ranks last). */
static gboolean
better (double a, double b, BpTask task)
{
  if (isnan (a))
    return FALSE;
  if (isnan (b))
    return TRUE;
  return bp_task_metric_higher_is_better (task) ? a > b : a < b;
}

BpRun *
bp_runs_best (BpRun * const *runs, guint n_runs)
{
  BpRun *best = NULL;
  for (guint i = 0; i < n_runs; i++)
    if (better (bp_run_get_score (runs[i]), best ? bp_run_get_score (best) : NAN, runs[i]->task))
      best = runs[i];
  return best;
}

int
bp_run_groups_best (GPtrArray *groups)
{
  g_return_val_if_fail (groups != NULL, -1);
  int best = -1;
  double best_mean = NAN;
  for (guint g = 0; g < groups->len; g++)
    {
      GPtrArray *group = g_ptr_array_index (groups, g);
      g_autofree double *scores = g_new (double, MAX (group->len, 1));
      for (guint i = 0; i < group->len; i++)
        scores[i] = bp_run_get_score (g_ptr_array_index (group, i));
      BpRunStat stat;
      bp_values_stats (scores, group->len, &stat);
      const BpRun *first = g_ptr_array_index (group, 0);
      if (better (stat.mean, best_mean, first->task))
        {
          best = (int) g;
          best_mean = stat.mean;
        }
    }
  return best;
}
