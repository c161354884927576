/* bp-json-config.c: the sections model files and projects share. */
#include "bp-json-config.h"

#include <math.h>
#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "bp-names.h"
#include "bp-optimizer.h"

void
bp_json_write_training (BpJsonWriter *w, const BpTrainConfig *c, const float *class_weights, gsize n_classes,
                        const BpDatasetOptions *d)
{
  const BpOptimizerConfig *o = &c->optimizer;
  bp_json_open (w, "training", '{', FALSE);
  bp_json_int (w, "epochs", c->epochs);
  bp_json_int (w, "batch_size", c->batch_size);
  bp_json_bool (w, "shuffle", c->shuffle);
  bp_json_uint64 (w, "seed", c->seed);

  bp_json_open (w, "optimizer", '{', TRUE);
  bp_json_string (w, "kind", bp_optimizer_kind_to_string (o->kind));
  bp_json_float (w, "learning_rate", o->learning_rate);
  bp_json_float (w, "beta1", o->beta1);
  bp_json_float (w, "beta2", o->beta2);
  bp_json_float (w, "epsilon", o->epsilon);
  bp_json_float (w, "momentum", o->momentum);
  bp_json_bool (w, "nesterov", o->nesterov);
  bp_json_float (w, "rho", o->rho);
  bp_json_float (w, "weight_decay", o->weight_decay);
  bp_json_float (w, "l1", o->l1);
  bp_json_float (w, "l2", o->l2);
  bp_json_float (w, "clip_norm", o->clip_norm);
  bp_json_close (w, '}');

  bp_json_open (w, "schedule", '{', TRUE);
  bp_json_string (w, "kind", bp_names_get (bp_schedule_names, c->schedule.kind));
  bp_json_int (w, "step_epochs", c->schedule.step_epochs);
  bp_json_float (w, "factor", c->schedule.factor);
  bp_json_int (w, "patience", c->schedule.patience);
  bp_json_float (w, "min_rate", c->schedule.min_rate);
  bp_json_close (w, '}');

  bp_json_float (w, "label_smoothing", c->label_smoothing);
  if (class_weights)
    {
      bp_json_open (w, "class_weights", '[', TRUE);
      for (gsize k = 0; k < n_classes; k++)
        bp_json_float (w, NULL, class_weights[k]);
      bp_json_close (w, ']');
    }
  else
    bp_json_string (w, "class_weights", NULL);
  bp_json_int (w, "patience", c->patience);
  bp_json_string (w, "monitor", bp_names_get (bp_monitor_names, c->monitor));
  bp_json_double (w, "min_delta", c->min_delta);
  bp_json_bool (w, "restore_best", c->restore_best);
  bp_json_double (w, "target_metric", c->target_metric);
  bp_json_double (w, "time_limit", c->time_limit);

  bp_json_string (w, "split", bp_split_to_string (d->split));
  bp_json_double (w, "validation_fraction", d->validation_fraction);
  bp_json_double (w, "test_fraction", d->test_fraction);
  bp_json_uint64 (w, "split_seed", d->seed);
  bp_json_string (w, "scaling", bp_names_get (bp_scaling_names, d->scaling));
  bp_json_string (w, "missing", bp_names_get (bp_missing_names, d->missing));
  bp_json_bool (w, "scale_target", d->scale_target);
  bp_json_close (w, '}');
}

gboolean
bp_json_read_training (BpJsonReader *r, JsonObject *root, gsize n_classes, BpTrainConfig *c,
                       float **class_weights_out, BpDatasetOptions *d)
{
  BpOptimizerConfig *o = &c->optimizer;
  JsonObject *training, *optimizer, *schedule;
  JsonArray *class_weights;
  const char *kind_name, *split_name;
  gint64 epochs, batch_size, step_epochs, schedule_patience, patience;
  int schedule_kind, monitor, scaling, missing;

  if (!bp_json_read_object (r, root, "", "training", &training) ||
      !bp_json_read_int (r, training, "training", "epochs", 1, 1000000, &epochs) ||
      !bp_json_read_int (r, training, "training", "batch_size", 1, 65536, &batch_size) ||
      !bp_json_read_bool (r, training, "training", "shuffle", &c->shuffle) ||
      !bp_json_read_seed (r, training, "training", "seed", &c->seed) ||
      !bp_json_read_object (r, training, "training", "optimizer", &optimizer) ||
      !bp_json_read_string (r, optimizer, "training.optimizer", "kind", &kind_name))
    return FALSE;
  if (!bp_optimizer_kind_from_string (kind_name, &o->kind))
    return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("training.optimizer.kind: unknown optimizer “%s”"), kind_name);
  const char *p = "training.optimizer";
  if (!bp_json_read_float (r, optimizer, p, "learning_rate", &o->learning_rate) ||
      !bp_json_read_float (r, optimizer, p, "beta1", &o->beta1) ||
      !bp_json_read_float (r, optimizer, p, "beta2", &o->beta2) ||
      !bp_json_read_float (r, optimizer, p, "epsilon", &o->epsilon) ||
      !bp_json_read_float (r, optimizer, p, "momentum", &o->momentum) ||
      !bp_json_read_bool (r, optimizer, p, "nesterov", &o->nesterov) ||
      !bp_json_read_float (r, optimizer, p, "rho", &o->rho) ||
      !bp_json_read_float (r, optimizer, p, "weight_decay", &o->weight_decay) ||
      !bp_json_read_float (r, optimizer, p, "l1", &o->l1) ||
      !bp_json_read_float (r, optimizer, p, "l2", &o->l2) ||
      !bp_json_read_float (r, optimizer, p, "clip_norm", &o->clip_norm))
    return FALSE;

  p = "training.schedule";
  if (!bp_json_read_object (r, training, "training", "schedule", &schedule) ||
      !bp_json_read_choice (r, schedule, p, "kind", bp_schedule_names, &schedule_kind) ||
      !bp_json_read_int (r, schedule, p, "step_epochs", 0, G_MAXUINT32, &step_epochs) ||
      !bp_json_read_float (r, schedule, p, "factor", &c->schedule.factor) ||
      !bp_json_read_int (r, schedule, p, "patience", 0, G_MAXUINT32, &schedule_patience) ||
      !bp_json_read_float (r, schedule, p, "min_rate", &c->schedule.min_rate))
    return FALSE;

  p = "training";
  if (!bp_json_read_float (r, training, p, "label_smoothing", &c->label_smoothing) ||
      !bp_json_read_array (r, training, p, "class_weights", TRUE, &class_weights) ||
      !bp_json_read_int (r, training, p, "patience", 0, G_MAXUINT32, &patience) ||
      !bp_json_read_choice (r, training, p, "monitor", bp_monitor_names, &monitor) ||
      !bp_json_read_number (r, training, p, "min_delta", FALSE, &c->min_delta) ||
      !bp_json_read_bool (r, training, p, "restore_best", &c->restore_best) ||
      !bp_json_read_number (r, training, p, "target_metric", TRUE, &c->target_metric) ||
      !bp_json_read_number (r, training, p, "time_limit", FALSE, &c->time_limit) ||
      !bp_json_read_string (r, training, p, "split", &split_name) ||
      !bp_json_read_number (r, training, p, "validation_fraction", FALSE, &d->validation_fraction) ||
      !bp_json_read_number (r, training, p, "test_fraction", FALSE, &d->test_fraction) ||
      !bp_json_read_seed (r, training, p, "split_seed", &d->seed) ||
      !bp_json_read_choice (r, training, p, "scaling", bp_scaling_names, &scaling) ||
      !bp_json_read_choice (r, training, p, "missing", bp_missing_names, &missing) ||
      !bp_json_read_bool (r, training, p, "scale_target", &d->scale_target))
    return FALSE;
  if (!bp_split_from_string (split_name, &d->split))
    return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("training.split: unknown split “%s”"), split_name);
  if (!(d->validation_fraction >= 0.0 && d->test_fraction >= 0.0 &&
        d->validation_fraction + d->test_fraction < 1.0))
    return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("training: the validation and test fractions must be from 0 and add "
                "up to less than 1"));

  if (class_weights)
    {
      const guint n = json_array_get_length (class_weights);
      if (n != n_classes)
        return bp_json_bad (r, BP_ENGINE_ERROR_SHAPE, _("training.class_weights: %u weights for %zu classes"),
                    n, n_classes);
      *class_weights_out = g_new (float, MAX (n, 1));
      for (guint k = 0; k < n; k++)
        {
          JsonNode *node = json_array_get_element (class_weights, k);
          double w = bp_json_is_number (node) ? json_node_get_double (node) : NAN;
          if (!(isfinite (w) && w >= 0.0 && isfinite ((float) w)))
            return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("training.class_weights[%u]: expected a number of 0 or more, "
                        "found %s"), k, bp_json_kind_of (node));
          (*class_weights_out)[k] = (float) w;
        }
    }

  c->epochs = (guint) epochs;
  c->batch_size = (guint) batch_size;
  c->schedule.kind = (BpScheduleKind) schedule_kind;
  c->schedule.step_epochs = (guint) step_epochs;
  c->schedule.patience = (guint) schedule_patience;
  c->patience = (guint) patience;
  c->monitor = (BpMonitor) monitor;
  c->class_weights = *class_weights_out;
  d->scaling = (BpScaling) scaling;
  d->missing = (BpMissingPolicy) missing;

  g_autoptr(GError) local = NULL;
  if (!bp_train_config_validate (c, &local))
    return bp_json_bad (r, (BpEngineError) local->code, _("training: %s"), local->message);
  return TRUE;
}

void
bp_json_write_layers (BpJsonWriter *w, const GArray *layers)
{
  bp_json_open (w, "layers", '[', FALSE);
  for (guint l = 0; l < layers->len; l++)
    {
      const BpLayerSpec *layer = &g_array_index (layers, BpLayerSpec, l);
      bp_json_open (w, NULL, '{', TRUE);
      bp_json_int (w, "units", layer->units);
      bp_json_string (w, "activation", bp_activation_to_string (layer->activation));
      bp_json_float (w, "dropout", layer->dropout);
      bp_json_close (w, '}');
    }
  bp_json_close (w, ']');
}

static gboolean
read_layer (BpJsonReader *r, JsonObject *object, const char *where, guint i, gpointer user_data)
{
  GArray *out = user_data;
  gint64 units;
  const char *activation_name;
  BpActivation activation;
  double dropout;
  if (!bp_json_read_int (r, object, where, "units", 1, BP_MAX_UNITS, &units) ||
      !bp_json_read_string (r, object, where, "activation", &activation_name) ||
      !bp_json_read_number (r, object, where, "dropout", FALSE, &dropout))
    return FALSE;
  if (!bp_activation_from_string (activation_name, &activation))
    return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("%s.activation: unknown activation “%s”"), where,
                        activation_name);
  if (!(dropout >= 0.0 && dropout <= BP_MAX_DROPOUT))
    return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("%s.dropout: must be from 0 to %.1f"), where, BP_MAX_DROPOUT);
  BpLayerSpec layer = { (guint) units, activation, (float) dropout };
  g_array_append_val (out, layer);
  return TRUE;
}

gboolean
bp_json_read_layers (BpJsonReader *r, JsonArray *layers, const char *path, GArray *out)
{
  return bp_json_read_each (r, layers, path, read_layer, out);
}
