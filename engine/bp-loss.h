/* bp-loss.h: losses, each fused with its output activation.
 *
 * Binary cross-entropy goes with one sigmoid unit and categorical
 * cross-entropy with softmax; both are computed from the logits, so no
 * exp() overflows and no log(0) appears. Regression losses (MSE, MAE,
 * Huber) go with linear outputs. Losses are means: over rows for the
 * cross-entropies (as Keras and PyTorch), over all values for the
 * regression losses.
 */
#pragma once

#include <glib.h>

#include "bp-activation.h"

G_BEGIN_DECLS

typedef enum {
  BP_LOSS_BINARY_CROSSENTROPY,
  BP_LOSS_CATEGORICAL_CROSSENTROPY,
  BP_LOSS_MSE,
  BP_LOSS_MAE,
  BP_LOSS_HUBER,
} BpLoss;

typedef struct {
  BpLoss       loss;
  float        label_smoothing;  /* 0..1, cross-entropies only */
  float        huber_delta;      /* 0: 1.0 */
  const float *class_weights;    /* per class (binary: 2), or NULL; loss of a row × its class weight */
} BpLossConfig;

const char   *bp_loss_to_string      (BpLoss        loss);
gboolean      bp_loss_from_string    (const char   *text,
                                      BpLoss       *loss);
/* The output activation a loss is fused with. */
BpActivation  bp_loss_output_activation (BpLoss     loss);

/* For n rows of k logits z and targets y (0/1, one-hot, or values):
 * writes the outputs (probabilities or values) into out, the gradient of
 * the mean loss with respect to z into dz when dz is not NULL, and returns
 * the mean loss. out and dz may not alias z. */
double        bp_loss_compute        (const BpLossConfig *config,
                                      float              *out,
                                      float              *dz,
                                      const float        *z,
                                      const float        *y,
                                      gsize               n,
                                      gsize               k);

G_END_DECLS
