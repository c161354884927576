#include "bp-model.h"

#include "bp-json-writer.h"

#include <math.h>

#include "bp-simd.h"
#include <string.h>
#include <glib/gi18n-lib.h>

#include "bp-blas.h"
#include "bp-error.h"
#include "bp-fpu.h"

/* ---- spec --------------------------------------------------------------- */

BpModelSpec *
bp_model_spec_new (gsize n_inputs)
{
  BpModelSpec *spec = g_new0 (BpModelSpec, 1);
  spec->n_inputs = n_inputs;
  spec->layers = g_array_new (FALSE, FALSE, sizeof (BpLayerSpec));
  spec->loss = BP_LOSS_MSE;
  spec->init = BP_INIT_GLOROT_UNIFORM;
  return spec;
}

BpModelSpec *
bp_model_spec_copy (const BpModelSpec *spec)
{
  BpModelSpec *copy = bp_model_spec_new (spec->n_inputs);
  g_array_append_vals (copy->layers, spec->layers->data, spec->layers->len);
  copy->loss = spec->loss;
  copy->init = spec->init;
  return copy;
}

void
bp_model_spec_free (BpModelSpec *spec)
{
  if (spec == NULL)
    return;
  g_array_unref (spec->layers);
  g_free (spec);
}

void
bp_model_spec_add_layer (BpModelSpec *spec, guint units, BpActivation activation, float dropout)
{
  BpLayerSpec layer = { units, activation, dropout };
  g_array_append_val (spec->layers, layer);
}

void
bp_model_spec_add_output (BpModelSpec *spec, BpTask task, gsize n_outputs)
{
  switch (task)
    {
    case BP_TASK_BINARY:
      spec->loss = BP_LOSS_BINARY_CROSSENTROPY;
      break;
    case BP_TASK_MULTICLASS:
      spec->loss = BP_LOSS_CATEGORICAL_CROSSENTROPY;
      break;
    case BP_TASK_REGRESSION:
    case BP_TASK_AUTO:
    default:
      if (spec->loss != BP_LOSS_MAE && spec->loss != BP_LOSS_HUBER)
        spec->loss = BP_LOSS_MSE;
      break;
    }
  bp_model_spec_add_layer (spec, (guint) n_outputs, bp_loss_output_activation (spec->loss), 0.0f);
}

gboolean
bp_model_spec_parse_layers (BpModelSpec *spec, const char *text, GError **error)
{
  g_auto(GStrv) items = g_strsplit (text, ",", -1);
  for (char **item = items; *item; item++)
    {
      g_strstrip (*item);
      if (**item == '\0')
        continue;
      g_auto(GStrv) parts = g_strsplit (*item, ":", 3);
      char *end = NULL;
      guint64 units = g_ascii_strtoull (parts[0], &end, 10);
      if (end == parts[0] || *end != '\0' || units < 1 || units > BP_MAX_UNITS)
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                       _("layer “%s”: the number of units must be a whole number from 1 to %d"),
                       *item, BP_MAX_UNITS);
          return FALSE;
        }
      BpActivation activation = BP_ACTIVATION_RELU;
      if (parts[1] && !bp_activation_from_string (parts[1], &activation))
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                       _("layer “%s”: unknown activation “%s” (relu, leaky_relu, elu, gelu, tanh, "
                       "sigmoid or linear)"), *item, parts[1]);
          return FALSE;
        }
      double dropout = 0.0;
      if (parts[1] && parts[2])
        {
          dropout = g_ascii_strtod (parts[2], &end);
          if (end == parts[2] || *end != '\0' || !(dropout >= 0.0 && dropout <= BP_MAX_DROPOUT))
            {
              g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                           _("layer “%s”: dropout must be a number from 0 to %.1f"), *item, BP_MAX_DROPOUT);
              return FALSE;
            }
        }
      bp_model_spec_add_layer (spec, (guint) units, activation, (float) dropout);
    }
  return TRUE;
}

gboolean
bp_model_spec_validate (const BpModelSpec *spec, GError **error)
{
  if (spec->n_inputs < 1)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE, _("the model has no inputs"));
      return FALSE;
    }
  if (spec->layers->len < 1)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE, _("the model has no output layer"));
      return FALSE;
    }
  for (guint l = 0; l < spec->layers->len; l++)
    {
      const BpLayerSpec *layer = &g_array_index (spec->layers, BpLayerSpec, l);
      gboolean output = l + 1 == spec->layers->len;
      if (layer->units < 1 || layer->units > BP_MAX_UNITS)
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                       _("layer %u has %u units; a layer has from 1 to %d"), l + 1, layer->units, BP_MAX_UNITS);
          return FALSE;
        }
      if (!(layer->dropout >= 0.0f && layer->dropout <= BP_MAX_DROPOUT) || (output && layer->dropout > 0.0f))
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                       _("layer %u: dropout must be from 0 to %.1f, and 0 on the output layer"), l + 1, BP_MAX_DROPOUT);
          return FALSE;
        }
      if (!output && layer->activation == BP_ACTIVATION_SOFTMAX)
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                       _("layer %u: softmax belongs on the output layer only"), l + 1);
          return FALSE;
        }
      if (output && layer->activation != bp_loss_output_activation (spec->loss))
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                       _("the output layer's activation (%s) does not go with the loss %s (it needs %s)"),
                       bp_activation_to_string (layer->activation), bp_loss_to_string (spec->loss),
                       bp_activation_to_string (bp_loss_output_activation (spec->loss)));
          return FALSE;
        }
      if (output && spec->loss == BP_LOSS_CATEGORICAL_CROSSENTROPY && layer->units < 2)
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                       _("categorical cross-entropy needs at least 2 output units"));
          return FALSE;
        }
    }
  return TRUE;
}

gsize
bp_model_spec_count_params (const BpModelSpec *spec)
{
  gsize total = 0, in = spec->n_inputs;
  for (guint l = 0; l < spec->layers->len; l++)
    {
      gsize out = g_array_index (spec->layers, BpLayerSpec, l).units;
      total += in * out + out;
      in = out;
    }
  return total;
}

char *
bp_model_spec_summary (const BpModelSpec *spec)
{
  GString *out = g_string_new (NULL);
  g_string_append_printf (out, "%-10s %8s  %-11s %7s %10s\n", "Layer", "Units", "Activation", "Dropout", "Params");
  g_string_append_printf (out, "%-10s %8" G_GSIZE_FORMAT "\n", "Input", spec->n_inputs);
  gsize in = spec->n_inputs;
  for (guint l = 0; l < spec->layers->len; l++)
    {
      const BpLayerSpec *layer = &g_array_index (spec->layers, BpLayerSpec, l);
      g_autofree char *name = l + 1 == spec->layers->len ? g_strdup ("Output") : g_strdup_printf ("Dense %u", l + 1);
      g_autofree char *params = bp_format_grouped (in * layer->units + layer->units, ",");
      char dropout[16] = "";
      if (layer->dropout > 0.0f)
        g_ascii_formatd (dropout, sizeof dropout, "%.2g", layer->dropout);
      g_string_append_printf (out, "%-10s %8u  %-11s %7s %10s\n", name, layer->units,
                              bp_activation_to_string (layer->activation), dropout, params);
      in = layer->units;
    }
  g_autofree char *total = bp_format_grouped (bp_model_spec_count_params (spec), ",");
  g_string_append_printf (out, "Total parameters: %s (loss: %s)\n", total, bp_loss_to_string (spec->loss));
  return g_string_free (out, FALSE);
}

/* ---- model -------------------------------------------------------------- */

BpModel *
bp_model_new (const BpModelSpec *spec, GError **error)
{
  if (!bp_model_spec_validate (spec, error))
    return NULL;

  g_autoptr(BpModel) model = g_new0 (BpModel, 1);
  model->spec = bp_model_spec_copy (spec);
  model->n_layers = spec->layers->len;
  model->layers = g_new0 (BpLayer, model->n_layers);
  model->n_params = bp_model_spec_count_params (spec);
  model->params = g_try_new0 (float, model->n_params);
  model->grads = g_try_new0 (float, model->n_params);
  if (model->params == NULL || model->grads == NULL)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_NOMEM,
                   _("not enough memory for %zu parameters"), model->n_params);
      return NULL;
    }

  gsize offset = 0, in = spec->n_inputs;
  for (gsize l = 0; l < model->n_layers; l++)
    {
      const BpLayerSpec *ls = &g_array_index (spec->layers, BpLayerSpec, l);
      BpLayer *layer = &model->layers[l];
      layer->n_in = in;
      layer->n_out = ls->units;
      layer->activation = ls->activation;
      layer->dropout = ls->dropout;
      layer->offset = offset;
      layer->w = model->params + offset;
      layer->dw = model->grads + offset;
      offset += in * layer->n_out;
      layer->b = model->params + offset;
      layer->db = model->grads + offset;
      offset += layer->n_out;
      in = layer->n_out;
    }
  g_assert (offset == model->n_params);
  return g_steal_pointer (&model);
}

void
bp_model_free (BpModel *model)
{
  if (model == NULL)
    return;
  bp_model_spec_free (model->spec);
  g_free (model->layers);
  g_free (model->params);
  g_free (model->grads);
  g_free (model);
}

gsize
bp_model_n_outputs (const BpModel *model)
{
  return model->layers[model->n_layers - 1].n_out;
}

/* Keras's Glorot uniform by default (zero biases); He for ReLU stacks. */
void
bp_model_init_params (BpModel *model, BpRng *rng)
{
  for (gsize l = 0; l < model->n_layers; l++)
    {
      BpLayer *layer = &model->layers[l];
      const gsize n = layer->n_in * layer->n_out;
      switch (model->spec->init)
        {
        case BP_INIT_HE_NORMAL:
          {
            double std = sqrt (2.0 / (double) layer->n_in);
            for (gsize i = 0; i < n; i++)
              layer->w[i] = (float) (std * bp_rng_normal (rng));
          }
          break;
        case BP_INIT_HE_UNIFORM:
        case BP_INIT_GLOROT_UNIFORM:
        default:
          {
            double limit = model->spec->init == BP_INIT_HE_UNIFORM
              ? sqrt (6.0 / (double) layer->n_in)
              : sqrt (6.0 / (double) (layer->n_in + layer->n_out));
            for (gsize i = 0; i < n; i++)
              layer->w[i] = (float) ((2.0 * bp_rng_uniform (rng) - 1.0) * limit);
          }
          break;
        }
      memset (layer->b, 0, layer->n_out * sizeof (float));
    }
}

/* ---- workspace ---------------------------------------------------------- */

BpWorkspace *
bp_workspace_new (const BpModel *model, gsize max_rows, gboolean training)
{
  BpWorkspace *ws = g_new0 (BpWorkspace, 1);
  ws->max_rows = MAX (max_rows, 1);
  ws->z = g_new0 (float *, model->n_layers);
  ws->a = g_new0 (float *, model->n_layers);
  ws->mask = g_new0 (float *, model->n_layers);

  gsize widest = model->spec->n_inputs, total = 0;
  for (gsize l = 0; l < model->n_layers; l++)
    {
      const BpLayer *layer = &model->layers[l];
      widest = MAX (widest, layer->n_out);
      /* z and a, plus a mask and the dropped-out copy when training. */
      total += (training && layer->dropout > 0.0f ? 4 : 2) * layer->n_out;
    }
  total += 2 * widest;
  ws->block = g_new0 (float, total * ws->max_rows);

  float *p = ws->block;
  for (gsize l = 0; l < model->n_layers; l++)
    {
      const gsize size = model->layers[l].n_out * ws->max_rows;
      ws->z[l] = p;
      p += size;
      ws->a[l] = p;
      p += size;
      if (training && model->layers[l].dropout > 0.0f)
        {
          ws->mask[l] = p;
          p += 2 * size;   /* the mask, then the dropped-out outputs */
        }
    }
  ws->delta = p;
  p += widest * ws->max_rows;
  ws->delta_prev = p;
  return ws;
}

void
bp_workspace_free (BpWorkspace *ws)
{
  if (ws == NULL)
    return;
  g_free (ws->z);
  g_free (ws->a);
  g_free (ws->mask);
  g_free (ws->block);
  g_free (ws);
}

/* Loops of fewer elements than this run on one thread: below it, waking a
 * helper costs about what it saves. */
#define SPLIT_ELEMENTS 16384

typedef struct {
  BpActivation  activation;
  float        *a;
  const float  *z;
} ActivationJob;

static void
activation_forward_part (gpointer data, gsize start, gsize end, guint part)
{
  const ActivationJob *job = data;
  bp_activation_forward (job->activation, job->a + start, job->z + start, end - start);
}

typedef struct {
  BpActivation  activation;
  float        *prev;      /* dA in, dZ out */
  const float  *mask;      /* dropout's, or NULL */
  const float  *z, *a;
} BackwardJob;

static void
activation_backward_part (gpointer data, gsize start, gsize end, guint part)
{
  const BackwardJob *job = data;
  float *prev = job->prev + start;
  if (job->mask)
    {
      const float *mask = job->mask + start;
      for (gsize i = 0; i < end - start; i++)
        prev[i] *= mask[i];
    }
  bp_activation_backward (job->activation, prev, prev, job->z + start, job->a + start, end - start);
}

typedef struct {
  float       *db;
  const float *delta;
  gsize        rows, out;
} BiasJob;

/* Columns [start, end) of the bias gradient, each summed over the rows
 * in order, whatever the split. */
static void
bias_gradient_part (gpointer data, gsize start, gsize end, guint part)
{
  const BiasJob *job = data;
  for (gsize r = 0; r < job->rows; r++)
    {
      const float *dr = job->delta + r * job->out;
      for (gsize j = start; j < end; j++)
        job->db[j] += dr[j];
    }
}

/* The values the next layer reads: the outputs, or their dropped-out copy. */
static inline const float *
layer_output (const BpModel *model, const BpWorkspace *ws, gsize l)
{
  if (ws->mask[l])
    return ws->mask[l] + model->layers[l].n_out * ws->max_rows;
  return ws->a[l];
}

BP_VECTORIZED void
bp_model_forward (const BpModel *model, BpWorkspace *ws, const float *x, gsize n, BpRng *dropout_rng)
{
  g_return_if_fail (n <= ws->max_rows);
  G_GNUC_UNUSED g_auto(BpFlushDenormals) flush = bp_flush_denormals_begin ();
  ws->rows = n;
  const float *in = x;
  for (gsize l = 0; l < model->n_layers; l++)
    {
      const BpLayer *layer = &model->layers[l];
      const gsize out = layer->n_out;
      float *z = ws->z[l];

      /* Start from the bias and accumulate onto it: with beta = 1 the
       * GEMM skips its pass that scales (zeroes) the output. */
      for (gsize r = 0; r < n; r++)
        memcpy (z + r * out, layer->b, out * sizeof (float));
      bp_gemm (FALSE, FALSE, n, out, layer->n_in, 1.0f, in, layer->n_in, layer->w, out, 1.0f, z, out);
      if (l + 1 == model->n_layers)
        break;

      ActivationJob act = { layer->activation, ws->a[l], z };
      bp_workers_run (ws->workers, activation_forward_part, &act, n * out, SPLIT_ELEMENTS);
      if (ws->mask[l] && dropout_rng)
        {
          /* Inverted dropout: survivors are scaled up while training so
           * nothing changes at inference. */
          float *mask = ws->mask[l];
          float *dropped = mask + out * ws->max_rows;
          const float keep = 1.0f / (1.0f - layer->dropout);
          for (gsize i = 0; i < n * out; i++)
            {
              mask[i] = bp_rng_uniform (dropout_rng) < layer->dropout ? 0.0f : keep;
              dropped[i] = ws->a[l][i] * mask[i];
            }
          in = dropped;
        }
      else
        {
          if (ws->mask[l])
            {
              /* A training workspace used for inference: no dropout. */
              float *mask = ws->mask[l];
              float *dropped = mask + out * ws->max_rows;
              for (gsize i = 0; i < n * out; i++)
                {
                  mask[i] = 1.0f;
                  dropped[i] = ws->a[l][i];
                }
            }
          in = ws->a[l];
        }
    }
}

BP_VECTORIZED void
bp_model_backward (BpModel *model, BpWorkspace *ws, const float *x)
{
  const gsize n = ws->rows;
  G_GNUC_UNUSED g_auto(BpFlushDenormals) flush = bp_flush_denormals_begin ();
  /* Zero all gradients at once and let the GEMMs accumulate (beta = 1):
   * one memset beats OpenBLAS's separate scaling pass per small matrix. */
  memset (model->grads, 0, model->n_params * sizeof (float));
  for (gsize l = model->n_layers; l-- > 0;)
    {
      BpLayer *layer = &model->layers[l];
      const gsize in = layer->n_in, out = layer->n_out;
      const float *input = l == 0 ? x : layer_output (model, ws, l - 1);
      float *delta = ws->delta;

      bp_gemm (TRUE, FALSE, in, out, n, 1.0f, input, in, delta, out, 1.0f, layer->dw, out);
      BiasJob bias = { layer->db, delta, n, out };
      bp_workers_run (ws->workers, bias_gradient_part, &bias, out, n * out >= SPLIT_ELEMENTS ? 32 : G_MAXSIZE);
      if (l == 0)
        break;   /* the inputs need no gradient */

      float *prev = ws->delta_prev;
      memset (prev, 0, n * in * sizeof (float));
      bp_gemm (FALSE, TRUE, n, in, out, 1.0f, delta, out, layer->w, out, 1.0f, prev, in);
      BackwardJob back = { model->layers[l - 1].activation, prev, ws->mask[l - 1], ws->z[l - 1], ws->a[l - 1] };
      bp_workers_run (ws->workers, activation_backward_part, &back, n * in, SPLIT_ELEMENTS);
      ws->delta_prev = delta;
      ws->delta = prev;
    }
}

static void
output_activation (BpActivation activation, float *out, const float *z, gsize n, gsize k)
{
  if (activation != BP_ACTIVATION_SOFTMAX)
    {
      bp_activation_forward (activation, out, z, n * k);
      return;
    }
  for (gsize r = 0; r < n; r++)
    {
      const float *zr = z + r * k;
      float *pr = out + r * k;
      float max = zr[0], sum = 0.0f;
      for (gsize j = 1; j < k; j++)
        max = zr[j] > max ? zr[j] : max;
      for (gsize j = 0; j < k; j++)
        sum += (pr[j] = expf (zr[j] - max));
      for (gsize j = 0; j < k; j++)
        pr[j] /= sum;
    }
}

void
bp_model_predict (const BpModel *model, BpWorkspace *ws, float *out, const float *x, gsize n)
{
  const BpLayer *last = &model->layers[model->n_layers - 1];
  const gsize d = model->spec->n_inputs, k = last->n_out;
  G_GNUC_UNUSED g_auto(BpFlushDenormals) flush = bp_flush_denormals_begin ();
  for (gsize start = 0; start < n; start += ws->max_rows)
    {
      gsize rows = MIN (ws->max_rows, n - start);
      bp_model_forward (model, ws, x + start * d, rows, NULL);
      output_activation (last->activation, out + start * k, ws->z[model->n_layers - 1], rows, k);
    }
}
