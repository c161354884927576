/* bp-activation.h: element-wise activation functions.
 *
 * Forward works in place on a block of values; backward turns the gradient
 * with respect to a layer's outputs (dA) into the gradient with respect to
 * its pre-activations (dZ), given Z and A. Softmax is not here: it only
 * appears fused with cross-entropy (bp-loss).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  BP_ACTIVATION_LINEAR,
  BP_ACTIVATION_RELU,
  BP_ACTIVATION_LEAKY_RELU,   /* slope 0.01 below 0, as PyTorch (Keras 3: 0.2) */
  BP_ACTIVATION_ELU,          /* alpha 1 */
  BP_ACTIVATION_GELU,         /* the exact erf form, as PyTorch and Keras's default */
  BP_ACTIVATION_TANH,
  BP_ACTIVATION_SIGMOID,
  BP_ACTIVATION_SOFTMAX,      /* output layers only, with cross-entropy */
} BpActivation;

#define BP_LEAKY_RELU_SLOPE 0.01f

const char *bp_activation_to_string   (BpActivation  activation);
gboolean    bp_activation_from_string (const char   *text,
                                       BpActivation *activation);

/* a[i] = f(z[i]) for n values (a may equal z). Not for softmax. */
void        bp_activation_forward     (BpActivation  activation,
                                       float        *a,
                                       const float  *z,
                                       gsize         n);
/* dz[i] = da[i] * f'(z[i]) (dz may equal da). Not for softmax. */
void        bp_activation_backward    (BpActivation  activation,
                                       float        *dz,
                                       const float  *da,
                                       const float  *z,
                                       const float  *a,
                                       gsize         n);

G_END_DECLS
