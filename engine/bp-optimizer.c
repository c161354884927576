#include "bp-optimizer.h"

#include <math.h>

#include "bp-simd.h"
#include <string.h>
#include <glib/gi18n-lib.h>

#include "bp-error.h"
#include "bp-fpu.h"
#include "bp-names.h"

const char *
bp_optimizer_kind_to_string (BpOptimizerKind kind)
{
  return bp_names_get (bp_optimizer_names, (int) kind);
}

gboolean
bp_optimizer_kind_from_string (const char *text, BpOptimizerKind *kind)
{
  int found = bp_names_find (bp_optimizer_names, text);
  if (found < 0)
    return FALSE;
  *kind = (BpOptimizerKind) found;
  return TRUE;
}

void
bp_optimizer_config_init (BpOptimizerConfig *config, BpOptimizerKind kind)
{
  memset (config, 0, sizeof *config);
  config->kind = kind;
  config->beta1 = 0.9f;
  config->beta2 = 0.999f;
  config->epsilon = 1e-7f;
  config->rho = 0.9f;
  switch (kind)
    {
    case BP_OPTIMIZER_SGD:
      config->learning_rate = 0.01f;
      break;
    case BP_OPTIMIZER_MOMENTUM:
      config->learning_rate = 0.01f;
      config->momentum = 0.9f;
      break;
    case BP_OPTIMIZER_RMSPROP:
    case BP_OPTIMIZER_ADAM:
      config->learning_rate = 0.001f;
      break;
    case BP_OPTIMIZER_ADAMW:
      config->learning_rate = 0.001f;
      config->weight_decay = 0.004f;   /* Keras's AdamW default */
      break;
    default:
      break;
    }
}

gboolean
bp_optimizer_config_validate (const BpOptimizerConfig *c, GError **error)
{
  const char *problem = NULL;
  if (!(c->learning_rate > 0.0f) || !isfinite (c->learning_rate))
    problem = _("the learning rate must be above 0");
  else if (!(c->beta1 >= 0.0f && c->beta1 < 1.0f) || !(c->beta2 >= 0.0f && c->beta2 < 1.0f))
    problem = _("β1 and β2 must be from 0 up to (not including) 1");
  else if (!(c->epsilon > 0.0f))
    problem = _("ε must be above 0");
  else if (!(c->momentum >= 0.0f && c->momentum < 1.0f))
    problem = _("momentum must be from 0 up to (not including) 1");
  else if (!(c->rho >= 0.0f && c->rho < 1.0f))
    problem = _("ρ must be from 0 up to (not including) 1");
  else if (!(c->weight_decay >= 0.0f) || !(c->l1 >= 0.0f) || !(c->l2 >= 0.0f) || !(c->clip_norm >= 0.0f))
    problem = _("weight decay, L1, L2 and gradient clipping cannot be negative");
  if (problem)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID, "%s", problem);
      return FALSE;
    }
  return TRUE;
}

BpOptimizer *
bp_optimizer_new (const BpModel *model, const BpOptimizerConfig *config)
{
  BpOptimizer *optimizer = g_new0 (BpOptimizer, 1);
  optimizer->config = *config;
  optimizer->n_params = model->n_params;
  optimizer->m = g_new0 (float, model->n_params);
  optimizer->v = g_new0 (float, model->n_params);
  optimizer->is_weight = g_new0 (float, model->n_params);
  for (gsize l = 0; l < model->n_layers; l++)
    {
      const BpLayer *layer = &model->layers[l];
      for (gsize i = 0; i < layer->n_in * layer->n_out; i++)
        optimizer->is_weight[layer->offset + i] = 1.0f;
    }
  return optimizer;
}

void
bp_optimizer_free (BpOptimizer *optimizer)
{
  if (optimizer == NULL)
    return;
  g_free (optimizer->m);
  g_free (optimizer->v);
  g_free (optimizer->is_weight);
  g_free (optimizer);
}

void
bp_optimizer_reset (BpOptimizer *optimizer)
{
  optimizer->steps = 0;
  memset (optimizer->m, 0, optimizer->n_params * sizeof (float));
  memset (optimizer->v, 0, optimizer->n_params * sizeof (float));
}

double
bp_optimizer_penalty (const BpOptimizer *optimizer, const BpModel *model)
{
  const BpOptimizerConfig *c = &optimizer->config;
  if (c->l1 == 0.0f && c->l2 == 0.0f)
    return 0.0;
  double total = 0.0;
  for (gsize i = 0; i < model->n_params; i++)
    {
      double w = model->params[i] * optimizer->is_weight[i];
      total += c->l1 * fabs (w) + c->l2 * w * w;
    }
  return total;
}

/* 1 when x is NaN or infinite: all exponent bits set. An integer OR
 * keeps the update loops vectorized. */
static inline guint32
non_finite (float x)
{
  guint32 bits;
  memcpy (&bits, &x, sizeof bits);
  return (bits & 0x7f800000u) == 0x7f800000u;
}

typedef struct {
  float *p, *g, *m, *v;
  float  b1, b2, step, eps_scaled, decay;
  guint32 bad[BP_WORKERS_MAX];
} AdamJob;

/* Adam on parameters [start, end): each one on its own, so any split
 * gives the same numbers. */
BP_VECTORIZED static void
adam_part (gpointer data, gsize start, gsize end, guint part)
{
  AdamJob *job = data;
  float *restrict p = job->p, *restrict g = job->g, *restrict m = job->m, *restrict v = job->v;
  const float b1 = job->b1, b2 = job->b2, step = job->step, eps_scaled = job->eps_scaled, decay = job->decay;
  guint32 bad = 0;
  for (gsize i = start; i < end; i++)
    {
      m[i] = b1 * m[i] + (1.0f - b1) * g[i];
      v[i] = b2 * v[i] + (1.0f - b2) * g[i] * g[i];
      /* AdamW decays every parameter, as torch.optim.AdamW does. */
      p[i] = p[i] * decay - step * m[i] / (sqrtf (v[i]) + eps_scaled);
      bad |= non_finite (p[i]);
    }
  job->bad[part] = bad;
}

BP_VECTORIZED double
bp_optimizer_step (BpOptimizer *optimizer, BpModel *model)
{
  const BpOptimizerConfig *c = &optimizer->config;
  const gsize n = model->n_params;
  float *restrict p = model->params;
  float *restrict g = model->grads;
  float *restrict m = optimizer->m;
  float *restrict v = optimizer->v;
  const float *restrict is_weight = optimizer->is_weight;
  /* Moments of parameters with zero gradients decay into denormals and
   * stay there (bp-fpu.h). */
  G_GNUC_UNUSED g_auto(BpFlushDenormals) flush = bp_flush_denormals_begin ();

  if (c->l1 > 0.0f || c->l2 > 0.0f)
    for (gsize i = 0; i < n; i++)
      {
        float w = p[i] * is_weight[i];
        g[i] += 2.0f * c->l2 * w + c->l1 * (float) ((w > 0.0f) - (w < 0.0f));
      }

  double norm = 0.0;
  if (c->clip_norm > 0.0f)
    {
      /* Eight independent partial sums: a single running sum is a chain
       * of dependent adds that no compiler may reorder or vectorize. */
      float lanes[8] = { 0 };
      gsize i8 = n - n % 8;
      for (gsize i = 0; i < i8; i += 8)
        for (gsize j = 0; j < 8; j++)
          lanes[j] += g[i + j] * g[i + j];
      double norm2 = 0.0;
      for (gsize j = 0; j < 8; j++)
        norm2 += lanes[j];
      for (gsize i = i8; i < n; i++)
        norm2 += (double) g[i] * g[i];
      norm = sqrt (norm2);
      if (!isfinite (norm))
        return NAN;   /* leave the parameters as they were; the caller reports it */
      if (norm > c->clip_norm)
        {
          const float scale = (float) (c->clip_norm / norm);
          for (gsize i = 0; i < n; i++)
            g[i] *= scale;
        }
    }

  optimizer->steps++;
  const float lr = c->learning_rate;
  guint32 bad = 0;
  switch (c->kind)
    {
    case BP_OPTIMIZER_SGD:
      for (gsize i = 0; i < n; i++)
        {
          p[i] -= lr * g[i];
          bad |= non_finite (p[i]);
        }
      break;

    case BP_OPTIMIZER_MOMENTUM:
      {
        const float mu = c->momentum;
        /* PyTorch: the first step's velocity is the gradient itself. */
        const gboolean first = optimizer->steps == 1;
        for (gsize i = 0; i < n; i++)
          {
            m[i] = first ? g[i] : mu * m[i] + g[i];
            p[i] -= lr * (c->nesterov ? g[i] + mu * m[i] : m[i]);
            bad |= non_finite (p[i]);
          }
      }
      break;

    case BP_OPTIMIZER_RMSPROP:
      {
        const float rho = c->rho, eps = c->epsilon;
        for (gsize i = 0; i < n; i++)
          {
            v[i] = rho * v[i] + (1.0f - rho) * g[i] * g[i];
            p[i] -= lr * g[i] / (sqrtf (v[i]) + eps);
            bad |= non_finite (p[i]);
          }
      }
      break;

    case BP_OPTIMIZER_ADAM:
    case BP_OPTIMIZER_ADAMW:
      {
        const float b1 = c->beta1, b2 = c->beta2, eps = c->epsilon;
        const double t = (double) optimizer->steps;
        const float correction1 = (float) (1.0 - pow (b1, t));
        const float correction2_sqrt = (float) sqrt (1.0 - pow (b2, t));
        /* PyTorch's step · m / (√v / c2 + ε), with both sides multiplied
         * by c2: one division per parameter instead of two. */
        AdamJob job = {
          .p = p, .g = g, .m = m, .v = v, .b1 = b1, .b2 = b2,
          .step = lr / correction1 * correction2_sqrt,
          .eps_scaled = eps * correction2_sqrt,
          .decay = c->kind == BP_OPTIMIZER_ADAMW ? 1.0f - lr * c->weight_decay : 1.0f,
        };
        bp_workers_run (optimizer->workers, adam_part, &job, n, 32768);
        for (guint part = 0; part < bp_workers_get_n_threads (optimizer->workers); part++)
          bad |= job.bad[part];
      }
      break;

    default:
      g_return_val_if_reached (NAN);
    }
  return bad ? NAN : norm;
}
