#include "bp-loss.h"

#include <math.h>

#include "bp-fpu.h"
#include "bp-names.h"
#include "bp-simd.h"

/* bp_loss_names (bp-names.c) is indexed by BpLoss and ends with the
 * regression losses. */
G_STATIC_ASSERT (BP_LOSS_BINARY_CROSSENTROPY == 0 && BP_LOSS_CATEGORICAL_CROSSENTROPY == 1 && BP_LOSS_MSE == 2 &&
                 BP_LOSS_MAE == 3 && BP_LOSS_HUBER == 4);

const char *
bp_loss_to_string (BpLoss loss)
{
  return bp_names_get (bp_loss_names, (int) loss);
}

gboolean
bp_loss_from_string (const char *text, BpLoss *loss)
{
  int found = bp_names_find (bp_loss_names, text);
  if (found >= 0)
    {
      *loss = (BpLoss) found;
      return TRUE;
    }
  static const struct { const char *alias; BpLoss loss; } aliases[] = {
    { "bce", BP_LOSS_BINARY_CROSSENTROPY }, { "cce", BP_LOSS_CATEGORICAL_CROSSENTROPY },
    { "crossentropy", BP_LOSS_CATEGORICAL_CROSSENTROPY }, { "mean_squared_error", BP_LOSS_MSE },
    { "mean_absolute_error", BP_LOSS_MAE },
  };
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_ascii_strcasecmp (text, aliases[i].alias) == 0)
      {
        *loss = aliases[i].loss;
        return TRUE;
      }
  return FALSE;
}

BpActivation
bp_loss_output_activation (BpLoss loss)
{
  switch (loss)
    {
    case BP_LOSS_BINARY_CROSSENTROPY:      return BP_ACTIVATION_SIGMOID;
    case BP_LOSS_CATEGORICAL_CROSSENTROPY: return BP_ACTIVATION_SOFTMAX;
    default:                               return BP_ACTIVATION_LINEAR;
    }
}

static double
binary_crossentropy (const BpLossConfig *config, float *out, float *dz, const float *z,
                     const float *y, gsize n, gsize k)
{
  const float smooth = config->label_smoothing;
  const float scale = 1.0f / (float) n;
  double total = 0.0;
  for (gsize i = 0; i < n * k; i++)
    {
      const float zi = z[i];
      float target = y[i];
      const float weight = config->class_weights ? config->class_weights[target > 0.5f] : 1.0f;
      if (smooth > 0.0f)
        target = target * (1.0f - smooth) + 0.5f * smooth;
      /* log(1 + e^z) - y z, written so that e^|z| never overflows. */
      const float e = expf (-fabsf (zi));
      const float p = zi >= 0.0f ? 1.0f / (1.0f + e) : e / (1.0f + e);
      total += weight * ((zi > 0.0f ? zi : 0.0f) - zi * target + log1pf (e));
      out[i] = p;
      if (dz)
        dz[i] = weight * (p - target) * scale;
    }
  /* Several sigmoid units: the mean over units too, as Keras does. */
  if (k > 1 && dz)
    for (gsize i = 0; i < n * k; i++)
      dz[i] /= (float) k;
  return total / (double) (n * k);
}

static double
categorical_crossentropy (const BpLossConfig *config, float *out, float *dz, const float *z,
                          const float *y, gsize n, gsize k)
{
  const float smooth = config->label_smoothing;
  const float scale = 1.0f / (float) n;
  double total = 0.0;
  for (gsize r = 0; r < n; r++)
    {
      const float *zr = z + r * k;
      const float *yr = y + r * k;
      float *pr = out + r * k;

      float max = zr[0];
      for (gsize j = 1; j < k; j++)
        max = zr[j] > max ? zr[j] : max;
      float sum = 0.0f;
      for (gsize j = 0; j < k; j++)
        {
          pr[j] = expf (zr[j] - max);
          sum += pr[j];
        }
      const float log_sum = logf (sum) + max;
      const float inv = 1.0f / sum;

      float weight = 1.0f;
      if (config->class_weights)
        {
          gsize label = 0;
          for (gsize j = 1; j < k; j++)
            if (yr[j] > yr[label])
              label = j;
          weight = config->class_weights[label];
        }

      double row = 0.0;
      float y_sum = 0.0f;
      for (gsize j = 0; j < k; j++)
        {
          float target = smooth > 0.0f ? yr[j] * (1.0f - smooth) + smooth / (float) k : yr[j];
          pr[j] *= inv;
          row -= (double) target * (double) (zr[j] - log_sum);
          y_sum += target;
          if (dz)
            dz[r * k + j] = -target * scale * weight;
        }
      if (dz)
        for (gsize j = 0; j < k; j++)
          dz[r * k + j] += pr[j] * y_sum * scale * weight;
      total += weight * row;
    }
  return total / (double) n;
}

static double
regression (const BpLossConfig *config, float *out, float *dz, const float *z, const float *y,
            gsize n, gsize k)
{
  const gsize count = n * k;
  const float scale = 1.0f / (float) count;
  const float delta = config->huber_delta > 0.0f ? config->huber_delta : 1.0f;
  double total = 0.0;
  for (gsize i = 0; i < count; i++)
    {
      const float d = z[i] - y[i];
      out[i] = z[i];
      float grad;
      switch (config->loss)
        {
        case BP_LOSS_MSE:
          total += (double) d * d;
          grad = 2.0f * d;
          break;
        case BP_LOSS_MAE:
          total += fabsf (d);
          grad = d > 0.0f ? 1.0f : d < 0.0f ? -1.0f : 0.0f;
          break;
        case BP_LOSS_HUBER:
        default:
          if (fabsf (d) <= delta)
            {
              total += 0.5 * (double) d * d;
              grad = d;
            }
          else
            {
              total += delta * (fabsf (d) - 0.5f * delta);
              grad = d > 0.0f ? delta : -delta;
            }
          break;
        }
      if (dz)
        dz[i] = grad * scale;
    }
  return total / (double) count;
}

BP_VECTORIZED double
bp_loss_compute (const BpLossConfig *config, float *out, float *dz, const float *z, const float *y,
                 gsize n, gsize k)
{
  g_return_val_if_fail (n > 0 && k > 0, NAN);
  G_GNUC_UNUSED g_auto(BpFlushDenormals) flush = bp_flush_denormals_begin ();
  switch (config->loss)
    {
    case BP_LOSS_BINARY_CROSSENTROPY:
      return binary_crossentropy (config, out, dz, z, y, n, k);
    case BP_LOSS_CATEGORICAL_CROSSENTROPY:
      return categorical_crossentropy (config, out, dz, z, y, n, k);
    case BP_LOSS_MSE:
    case BP_LOSS_MAE:
    case BP_LOSS_HUBER:
      return regression (config, out, dz, z, y, n, k);
    default:
      g_return_val_if_reached (NAN);
    }
}
