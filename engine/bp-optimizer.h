/* bp-optimizer.h: parameter updates over the flat blocks.
 *
 * PyTorch's update rules with Keras's default constants (Adam: lr 1e-3,
 * β1 0.9, β2 0.999, ε 1e-7). L1 and L2 penalties are added to the loss as
 * Keras's kernel regularizers do (weights only, not biases); AdamW decays
 * weights directly. Gradients may be clipped by their global norm first.
 */
#pragma once

#include <glib.h>

#include "bp-model.h"

G_BEGIN_DECLS

typedef enum {
  BP_OPTIMIZER_SGD,
  BP_OPTIMIZER_MOMENTUM,   /* SGD with momentum (Nesterov optional) */
  BP_OPTIMIZER_RMSPROP,
  BP_OPTIMIZER_ADAM,
  BP_OPTIMIZER_ADAMW,
} BpOptimizerKind;

typedef struct {
  BpOptimizerKind kind;
  float           learning_rate;
  float           beta1;         /* Adam, AdamW */
  float           beta2;
  float           epsilon;
  float           momentum;      /* SGD with momentum */
  gboolean        nesterov;
  float           rho;           /* RMSprop's decay */
  float           weight_decay;  /* AdamW's decoupled decay */
  float           l1, l2;        /* penalties on weights */
  float           clip_norm;     /* 0: no clipping */
} BpOptimizerConfig;

typedef struct {
  BpOptimizerConfig config;
  gsize             n_params;
  guint64           steps;
  float            *m;           /* first moment or velocity */
  float            *v;           /* second moment */
  float            *is_weight;   /* 1 for weights, 0 for biases */
  BpWorkers        *workers;     /* borrowed: threads for the update, or NULL */
} BpOptimizer;

/* Keras's defaults for a kind. */
void         bp_optimizer_config_init  (BpOptimizerConfig       *config,
                                        BpOptimizerKind          kind);
const char  *bp_optimizer_kind_to_string (BpOptimizerKind        kind);
gboolean     bp_optimizer_kind_from_string (const char          *text,
                                            BpOptimizerKind     *kind);
gboolean     bp_optimizer_config_validate (const BpOptimizerConfig *config,
                                           GError              **error);

BpOptimizer *bp_optimizer_new          (const BpModel           *model,
                                        const BpOptimizerConfig *config);
void         bp_optimizer_free         (BpOptimizer             *optimizer);
void         bp_optimizer_reset        (BpOptimizer             *optimizer);
/* The penalty term the loss gains from L1/L2 (for reporting the loss). */
double       bp_optimizer_penalty      (const BpOptimizer       *optimizer,
                                        const BpModel           *model);
/* One update of model->params from model->grads. Returns the gradient's
 * global norm before clipping (0 when clipping is off), or NaN when the
 * gradient or the updated weights hold a NaN or an infinity; the caller
 * then puts back weights it trusts. */
double       bp_optimizer_step         (BpOptimizer             *optimizer,
                                        BpModel                 *model);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpOptimizer, bp_optimizer_free)

G_END_DECLS
