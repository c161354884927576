#include "bp-activation.h"

#include <math.h>

#include "bp-names.h"
#include "bp-simd.h"

static const char * const names[] = {
  [BP_ACTIVATION_LINEAR] = "linear",
  [BP_ACTIVATION_RELU] = "relu",
  [BP_ACTIVATION_LEAKY_RELU] = "leaky_relu",
  [BP_ACTIVATION_ELU] = "elu",
  [BP_ACTIVATION_GELU] = "gelu",
  [BP_ACTIVATION_TANH] = "tanh",
  [BP_ACTIVATION_SIGMOID] = "sigmoid",
  [BP_ACTIVATION_SOFTMAX] = "softmax",
  NULL,
};

const char *
bp_activation_to_string (BpActivation activation)
{
  return bp_names_get (names, (int) activation);
}

gboolean
bp_activation_from_string (const char *text, BpActivation *activation)
{
  int found = bp_names_find (names, text);
  if (found >= 0)
    {
      *activation = (BpActivation) found;
      return TRUE;
    }
  if (g_ascii_strcasecmp (text, "leaky-relu") == 0 || g_ascii_strcasecmp (text, "leakyrelu") == 0)
    {
      *activation = BP_ACTIVATION_LEAKY_RELU;
      return TRUE;
    }
  return FALSE;
}

static inline float
sigmoid (float z)
{
  /* Never exp of a large positive number. */
  if (z >= 0.0f)
    return 1.0f / (1.0f + expf (-z));
  float e = expf (z);
  return e / (1.0f + e);
}

BP_VECTORIZED void
bp_activation_forward (BpActivation activation, float *a, const float *z, gsize n)
{
  switch (activation)
    {
    case BP_ACTIVATION_LINEAR:
      if (a != z)
        for (gsize i = 0; i < n; i++)
          a[i] = z[i];
      break;
    case BP_ACTIVATION_RELU:
      for (gsize i = 0; i < n; i++)
        a[i] = z[i] > 0.0f ? z[i] : 0.0f;
      break;
    case BP_ACTIVATION_LEAKY_RELU:
      for (gsize i = 0; i < n; i++)
        a[i] = z[i] > 0.0f ? z[i] : BP_LEAKY_RELU_SLOPE * z[i];
      break;
    case BP_ACTIVATION_ELU:
      for (gsize i = 0; i < n; i++)
        a[i] = z[i] > 0.0f ? z[i] : expm1f (z[i]);
      break;
    case BP_ACTIVATION_GELU:
      for (gsize i = 0; i < n; i++)
        a[i] = 0.5f * z[i] * (1.0f + erff (z[i] * (float) M_SQRT1_2));
      break;
    case BP_ACTIVATION_TANH:
      for (gsize i = 0; i < n; i++)
        a[i] = tanhf (z[i]);
      break;
    case BP_ACTIVATION_SIGMOID:
      for (gsize i = 0; i < n; i++)
        a[i] = sigmoid (z[i]);
      break;
    case BP_ACTIVATION_SOFTMAX:
    default:
      g_return_if_reached ();
    }
}

BP_VECTORIZED void
bp_activation_backward (BpActivation activation, float *dz, const float *da, const float *z,
                        const float *a, gsize n)
{
  switch (activation)
    {
    case BP_ACTIVATION_LINEAR:
      if (dz != da)
        for (gsize i = 0; i < n; i++)
          dz[i] = da[i];
      break;
    case BP_ACTIVATION_RELU:
      for (gsize i = 0; i < n; i++)
        dz[i] = z[i] > 0.0f ? da[i] : 0.0f;
      break;
    case BP_ACTIVATION_LEAKY_RELU:
      for (gsize i = 0; i < n; i++)
        dz[i] = z[i] > 0.0f ? da[i] : BP_LEAKY_RELU_SLOPE * da[i];
      break;
    case BP_ACTIVATION_ELU:
      for (gsize i = 0; i < n; i++)
        dz[i] = z[i] > 0.0f ? da[i] : da[i] * (a[i] + 1.0f);
      break;
    case BP_ACTIVATION_GELU:
      {
        const float inv_sqrt_2pi = 0.3989422804014327f;
        for (gsize i = 0; i < n; i++)
          {
            float cdf = 0.5f * (1.0f + erff (z[i] * (float) M_SQRT1_2));
            float pdf = inv_sqrt_2pi * expf (-0.5f * z[i] * z[i]);
            dz[i] = da[i] * (cdf + z[i] * pdf);
          }
      }
      break;
    case BP_ACTIVATION_TANH:
      for (gsize i = 0; i < n; i++)
        dz[i] = da[i] * (1.0f - a[i] * a[i]);
      break;
    case BP_ACTIVATION_SIGMOID:
      for (gsize i = 0; i < n; i++)
        dz[i] = da[i] * a[i] * (1.0f - a[i]);
      break;
    case BP_ACTIVATION_SOFTMAX:
    default:
      g_return_if_reached ();
    }
}
